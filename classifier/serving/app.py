"""``python -m classifier.serving``: one model for many bots, on Ray Serve behind a guarded gate.

A Ray Serve deployment wraps the same ``Engine`` the bot loads in-process (same normalisation,
windows, lexical blend and thresholds); ``@serve.batch`` gathers the texts of concurrent requests
into one model call. Ray's own HTTP proxy is off: the network reaches only the aiohttp gate
(``classifier.serving.gate``: token, body caps, read timeouts, one-line errors), which calls the
deployment through its handle. HTTP:

- ``POST /v1/score`` ``{"texts": ["...", ...]}`` -> ``{"model_id", "results": [{"probabilities",
  "flagged"}, ...]}``; a malformed request gets a 4xx with ``{"error": "<one line>"}``, a model
  failure a 500 without its details, a full queue (Ray's back-pressure) a 503 ``overloaded``
  with ``Retry-After``; the replica carries on either way.
- ``GET /v1/model``: labels, thresholds, model id, format and normalisation versions, limits.
- ``GET /v1/stats``: request, text and batch counts. ``GET /healthz`` (no token needed).

Without ``--token`` (or ``SERVE_TOKEN``) it binds only to a loopback address. Without
``--address`` it starts a local Ray instance; with one it joins that cluster.
"""

# no `from __future__ import annotations`: Ray reads the deployment's annotations at definition
import asyncio
import logging
import os
import signal
import sys
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, ValidationError

from classifier.cli import ArgumentParser, setting_error
from classifier.model.artifacts import FORMAT_VERSION
from classifier.serving.gate import (
    DEFAULT_MAX_CHARS,
    DEFAULT_MAX_TEXTS,
    GateLimits,
    Overloaded,
    build_gate,
    is_loopback,
    serve_gate,
)
from classifier.serving.scores import Scores
from classifier.serving.settings import ClassifierSettings

log = logging.getLogger("classifier.serving.app")

APP_NAME = "sentinela"


def public_model_id(name: str, digest: str) -> str:
    """What callers see of the model: its folder's name and weights digest, never its path."""
    base = Path(name).name if os.path.sep in name or os.path.isdir(name) else name
    return f"{base}@{digest[:12]}" if digest else base


def build_app(
    settings: ClassifierSettings,
    *,
    replicas: int = 1,
    batch_wait_ms: float = 5.0,
    num_cpus_per_replica: float = 1.0,
    num_gpus_per_replica: float = 0.0,
):
    """The Ray Serve application (not started): ``serve.run(build_app(...))`` gives its handle."""
    from ray import serve

    max_batch_size = settings.max_batch_size
    if settings.torch_threads is None:  # a replica's threads: its CPUs, not the host's
        settings = settings.model_copy(update={"torch_threads": max(1, int(num_cpus_per_replica))})

    @serve.deployment(
        num_replicas=replicas,
        ray_actor_options={"num_cpus": num_cpus_per_replica, "num_gpus": num_gpus_per_replica},
        # back-pressure: beyond this many waiting requests a replica refuses at once
        max_ongoing_requests=max(4 * max_batch_size, 64),
        max_queued_requests=8 * max_batch_size,
    )
    class ModelService:
        def __init__(self) -> None:
            from classifier.model.files import weights_digest
            from classifier.serving.factory import load_engine

            # the same engine, normalisation and thresholds as in-process (Ray batches here)
            self.engine = load_engine(settings)
            self.thresholds = {label: self.engine.meta.threshold(label) for label in self.engine.labels}
            model = settings.sentinela_model
            digest = weights_digest(model) if os.path.isdir(model) else ""
            self.model_id = public_model_id(self.engine.name, digest)
            self.counts = {"requests": 0, "texts": 0, "batches": 0, "errors": 0}
            self.score_one.set_max_batch_size(max_batch_size)
            self.score_one.set_batch_wait_timeout_s(batch_wait_ms / 1000)

        @serve.batch(max_batch_size=32, batch_wait_timeout_s=0.005)
        async def score_one(self, texts: list[str]) -> list[dict[str, Any]]:
            self.counts["batches"] += 1
            # the model runs off the replica's event loop: requests keep arriving for the next batch
            rows = await asyncio.to_thread(self.engine.predict_probs, texts)
            scores = [Scores.of_row(self.engine.labels, row, self.thresholds) for row in rows]
            return [{"probabilities": s.probabilities, "flagged": list(s.flagged)} for s in scores]

        async def score(self, texts: list[str]) -> list[dict[str, Any]]:
            self.counts["requests"] += 1
            self.counts["texts"] += len(texts)
            try:
                return list(await asyncio.gather(*(self.score_one(t) for t in texts)))
            except Exception:
                self.counts["errors"] += 1
                log.exception("model failed on a batch")
                raise

        def info(self) -> dict[str, Any]:
            return {
                "model_id": self.model_id,
                "labels": self.engine.labels,
                "thresholds": dict(self.thresholds),
                "format_version": FORMAT_VERSION,
                "normalization_version": self.engine.meta.text.version,
            }

        def stats(self) -> dict[str, int]:
            return dict(self.counts)

    return ModelService.bind()


class RayBackend:
    """The gate's ``Backend`` over the deployment's handle (requests spread over its replicas)."""

    def __init__(self, handle) -> None:
        self.handle = handle
        self._info: dict[str, Any] | None = None

    async def score(self, texts: list[str]) -> list[dict[str, Any]]:
        from ray.serve.exceptions import BackPressureError  # ray is loaded by now: it made the handle

        try:
            return await self.handle.score.remote(texts)
        except BackPressureError as e:  # the deployment's queue is full (max_queued_requests)
            raise Overloaded(getattr(e, "retry_after_s", None) or 1.0) from e

    async def info(self) -> dict[str, Any]:
        if self._info is None:
            self._info = await self.handle.info.remote()
        return self._info

    async def stats(self) -> dict[str, int]:
        return await self.handle.stats.remote()


class ServiceSettings(ClassifierSettings):
    """The model service's settings: the classifier's (``SENTINELA_MODEL``, ``DEVICE``, ``BACKEND``,
    ``PRECISION``, ``TORCH_THREADS``, ``MAX_BATCH_SIZE``) and its own secret."""

    serve_token: SecretStr | None = Field(default=None, description="Callers' shared secret.")


def build_parser(defaults: ServiceSettings | None = None) -> ArgumentParser:
    """The command line; unset flags fall back to the environment (``ServiceSettings``)."""
    d = defaults or ServiceSettings()
    p = ArgumentParser(prog="python -m classifier.serving", description=__doc__.splitlines()[0])
    p.add_argument("--model", default=d.sentinela_model, help="model directory (SENTINELA_MODEL)")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="HTTP address; any but loopback needs --token (0.0.0.0: every interface)",
    )
    p.add_argument(
        "--token",
        default=d.serve_token.get_secret_value() if d.serve_token else None,
        help="shared secret: callers send 'Authorization: Bearer T' (SERVE_TOKEN; bots: CLASSIFIER_TOKEN)",
    )
    p.add_argument("--header-timeout-s", type=float, default=5.0, help="close connections silent this long")
    p.add_argument(
        "--body-timeout-s", type=float, default=10.0, help="a request body must arrive within this"
    )
    p.add_argument(
        "--max-body-bytes", type=int, help="refuse larger bodies unread (default: from the limits)"
    )
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--address", help="join this Ray cluster (default: start a local Ray instance)")
    p.add_argument("--replicas", type=int, default=1, help="model copies (each one process)")
    p.add_argument("--max-batch-size", type=int, default=d.max_batch_size)
    p.add_argument("--batch-wait-ms", type=float, default=5.0, help="how long a batch waits to fill")
    p.add_argument("--num-cpus-per-replica", type=float, default=1.0)
    p.add_argument("--num-gpus-per-replica", type=float, default=0.0, help="e.g. 0.5: two replicas per GPU")
    p.add_argument("--device", default=d.device, help="auto, cpu or cuda[:N]")
    p.add_argument(
        "--threads", type=int, default=d.torch_threads, help="model threads per replica (default: its CPUs)"
    )
    p.add_argument("--backend", choices=["auto", "torch", "onnx"], default=d.backend)
    p.add_argument(
        "--precision",
        choices=["auto", "fp32", "bf16", "fp16", "int8"],
        default=d.precision,
        help="auto: the fastest measured to agree with fp32 (python -m classifier.export)",
    )
    p.add_argument(
        "--compile",
        choices=["auto", "on", "off"],
        default=d.compile,
        help="auto: compile a CPU bf16 engine measured to agree with fp32 (COMPILE)",
    )
    p.add_argument("--max-texts", type=int, default=DEFAULT_MAX_TEXTS, help="texts per request, at most")
    p.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, help="characters per text, at most")
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        defaults = ServiceSettings()
    except ValidationError as e:
        print(setting_error(e), file=sys.stderr)
        return 2
    args = build_parser(defaults).parse_args(argv)
    for name in ("replicas", "max_batch_size", "max_texts", "max_chars"):
        if getattr(args, name) < 1:
            print(f"error: --{name.replace('_', '-')} must be at least 1", file=sys.stderr)
            return 2
    if args.batch_wait_ms < 0 or args.num_gpus_per_replica < 0 or args.num_cpus_per_replica <= 0:
        print(
            "error: --batch-wait-ms and --num-gpus-per-replica >= 0, --num-cpus-per-replica > 0",
            file=sys.stderr,
        )
        return 2
    if os.path.sep in args.model and not os.path.isdir(args.model):
        print(f"error: --model {args.model}: no such model directory", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    if not args.token and not is_loopback(args.host):
        print(
            f"error: --host {args.host} without --token: anyone who reaches it could switch moderation off; "
            "set --token (or SERVE_TOKEN) and give the bots CLASSIFIER_TOKEN",
            file=sys.stderr,
        )
        return 2
    if args.token and len(args.token) < 16:
        print("error: --token must be at least 16 characters", file=sys.stderr)
        return 2
    limits = GateLimits(
        max_texts=args.max_texts,
        max_chars=args.max_chars,
        header_timeout_s=args.header_timeout_s,
        body_timeout_s=args.body_timeout_s,
        max_body_bytes=args.max_body_bytes,
    )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    import ray
    from ray import serve

    ray.init(address=args.address, include_dashboard=False, log_to_driver=False, configure_logging=False)
    serve.start(proxy_location="Disabled")  # the gate is the only door
    settings = ClassifierSettings(
        _env_file=None,
        sentinela_model=os.path.abspath(args.model) if os.path.isdir(args.model) else args.model,
        device=args.device,
        max_batch_size=args.max_batch_size,
        torch_threads=args.threads,
        backend=args.backend,
        precision=args.precision,
        compile=args.compile,
    )
    app = build_app(
        settings,
        replicas=args.replicas,
        batch_wait_ms=args.batch_wait_ms,
        num_cpus_per_replica=args.num_cpus_per_replica,
        num_gpus_per_replica=args.num_gpus_per_replica,
    )
    try:
        handle = serve.run(app, name=APP_NAME, route_prefix=None)
    except Exception as e:  # the model did not load in a replica, most often
        print(f"error: the model service did not start: {str(e).strip().splitlines()[-1]}", file=sys.stderr)
        serve.shutdown()
        ray.shutdown()
        return 1
    try:
        asyncio.run(_serve(RayBackend(handle), args, limits))
    except OSError as e:  # the port is taken, the address is not ours
        print(f"error: cannot listen on {args.host}:{args.port}: {e.strerror or e}", file=sys.stderr)
        return 1
    finally:
        serve.shutdown()
        ray.shutdown()
    return 0


async def _serve(backend: RayBackend, args, limits: GateLimits) -> None:
    """Run the gate until SIGTERM or SIGINT; then stop taking connections and return."""
    runner = await serve_gate(
        build_gate(backend, token=args.token, limits=limits), args.host, args.port, limits
    )
    auth = "token required" if args.token else "no token: loopback only"
    print(f"serving {args.model} on http://{args.host}:{args.port} (POST /v1/score; {auth})", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    log.info("stopping: no new connections; Ray Serve shuts down next")
    await runner.cleanup()


if __name__ == "__main__":
    sys.exit(main())
