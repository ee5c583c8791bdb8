"""``python -m classifier.serve``: one model for many bots, on Ray Serve.

A Ray Serve deployment wraps the same ``Engine`` the bot loads in-process (same normalisation,
windows, lexical blend and thresholds); ``@serve.batch`` gathers the texts of concurrent requests
into one model call. HTTP:

- ``POST /v1/score`` ``{"texts": ["...", ...]}`` -> ``{"model_id", "results": [{"probabilities",
  "flagged"}, ...]}``; a malformed request gets a 4xx with ``{"error": "<one line>"}``, a model
  failure a 500; the replica carries on either way.
- ``GET /v1/model``: labels, thresholds, model id, format and normalisation versions.
- ``GET /v1/stats``: this replica's request, text and batch counts. ``GET /healthz``.

Without ``--address`` it starts a local Ray instance; with one it joins that cluster (replicas
then spread over its machines and GPUs).
"""

# no `from __future__ import annotations`: FastAPI reads the endpoints' annotations at definition,
# and ``Request`` is imported inside build_app (Ray and FastAPI load only when serving)
import asyncio
import logging
import os
import signal
import sys
import threading
from typing import Any

from classifier.artifacts import DEFAULT_MODEL, FORMAT_VERSION
from classifier.cli import ArgumentParser

log = logging.getLogger("classifier.serve")

APP_NAME = "sentinela"
DEFAULT_MAX_TEXTS = 64
DEFAULT_MAX_CHARS = 4000  # Discord's longest message (Nitro); longer texts are scored in windows anyway


class RequestError(Exception):
    """A malformed request: answered with ``status`` and a one-line reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


def validate(body: Any, max_texts: int, max_chars: int) -> list[str]:
    """The texts of a ``/v1/score`` body, or a ``RequestError`` saying what is wrong."""
    if not isinstance(body, dict) or "texts" not in body:
        raise RequestError(422, 'the body must be a JSON object {"texts": [...]}')
    texts = body["texts"]
    if not isinstance(texts, list):
        raise RequestError(422, f"texts must be a list of strings, got {type(texts).__name__}")
    if not texts:
        raise RequestError(422, "texts is empty")
    if len(texts) > max_texts:
        raise RequestError(413, f"too many texts: {len(texts)} (at most {max_texts} per request)")
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise RequestError(422, f"texts[{i}] must be a string, got {type(text).__name__}")
        if len(text) > max_chars:
            raise RequestError(413, f"texts[{i}] has {len(text)} characters (at most {max_chars})")
    return texts


def build_app(
    model: str,
    *,
    device: str = "auto",
    replicas: int = 1,
    max_batch_size: int = 32,
    batch_wait_ms: float = 5.0,
    num_cpus_per_replica: float = 1.0,
    num_gpus_per_replica: float = 0.0,
    threads: int | None = None,
    max_texts: int = DEFAULT_MAX_TEXTS,
    max_chars: int = DEFAULT_MAX_CHARS,
    backend: str = "torch",
    precision: str = "fp32",
):
    """The Ray Serve application (not started): ``serve.run(build_app(...))``."""
    from fastapi import FastAPI, Request
    from fastapi.responses import JSONResponse
    from ray import serve

    api = FastAPI(title="Sentinela model service", docs_url=None, redoc_url=None)

    @serve.deployment(
        num_replicas=replicas,
        ray_actor_options={"num_cpus": num_cpus_per_replica, "num_gpus": num_gpus_per_replica},
        # back-pressure: beyond this many waiting requests a replica answers 503 at once
        max_ongoing_requests=max(4 * max_batch_size, 64),
        max_queued_requests=8 * max_batch_size,
    )
    @serve.ingress(api)
    class ModelService:
        def __init__(self) -> None:
            from classifier.engine import Engine
            from classifier.service import Classifier

            torch_threads = threads or max(1, int(num_cpus_per_replica))
            engine = Engine.load(
                model,
                device,
                threads=torch_threads,
                batch_size=max_batch_size,
                backend=backend,
                precision=precision,
            )
            # the in-process Classifier's own scoring and thresholds (Ray batches here, not its queue)
            self.classifier = Classifier(engine, max_batch_size=max_batch_size)
            self.counts = {"requests": 0, "texts": 0, "batches": 0, "errors": 0}
            self.score_one.set_max_batch_size(max_batch_size)
            self.score_one.set_batch_wait_timeout_s(batch_wait_ms / 1000)

        @serve.batch(max_batch_size=32, batch_wait_timeout_s=0.005)
        async def score_one(self, texts: list[str]) -> list[dict[str, Any]]:
            self.counts["batches"] += 1
            # the model runs off the replica's event loop: requests keep arriving for the next batch
            scores = await asyncio.to_thread(self.classifier.predict, texts)
            return [{"probabilities": s.probabilities, "flagged": list(s.flagged)} for s in scores]

        @api.post("/v1/score")
        async def score(self, request: Request) -> JSONResponse:
            try:
                try:
                    body = await request.json()
                except ValueError:
                    raise RequestError(400, "the body is not JSON") from None
                texts = validate(body, max_texts, max_chars)
            except RequestError as e:
                return JSONResponse({"error": str(e)}, status_code=e.status)
            self.counts["requests"] += 1
            self.counts["texts"] += len(texts)
            try:
                results = await asyncio.gather(*(self.score_one(t) for t in texts))
            except Exception as e:  # the replica stays up; the caller hears one line
                self.counts["errors"] += 1
                log.exception("model failed on a batch")
                return JSONResponse({"error": f"model failed: {type(e).__name__}: {e}"}, status_code=500)
            return JSONResponse({"model_id": self.classifier.model_id, "results": results})

        @api.get("/v1/model")
        async def model_info(self) -> dict[str, Any]:
            clf = self.classifier
            return {
                "model_id": clf.model_id,
                "labels": clf.labels,
                "thresholds": clf.thresholds,
                "format_version": FORMAT_VERSION,
                "normalization_version": clf.engine.meta.text.version,
                "max_texts": max_texts,
                "max_chars": max_chars,
            }

        @api.get("/v1/stats")
        async def stats(self) -> dict[str, int]:
            return dict(self.counts)

        @api.get("/healthz")
        async def healthz(self) -> dict[str, str]:
            return {"status": "ok"}

    return ModelService.bind()


def build_parser() -> ArgumentParser:
    p = ArgumentParser(prog="python -m classifier.serve", description=__doc__.splitlines()[0])
    p.add_argument(
        "--model", default=os.environ.get("SENTINELA_MODEL", DEFAULT_MODEL), help="model directory"
    )
    p.add_argument("--host", default="127.0.0.1", help="HTTP address (0.0.0.0 to serve other machines)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--address", help="join this Ray cluster (default: start a local Ray instance)")
    p.add_argument("--replicas", type=int, default=1, help="model copies (each one process)")
    p.add_argument("--max-batch-size", type=int, default=32)
    p.add_argument("--batch-wait-ms", type=float, default=5.0, help="how long a batch waits to fill")
    p.add_argument("--num-cpus-per-replica", type=float, default=1.0)
    p.add_argument("--num-gpus-per-replica", type=float, default=0.0, help="e.g. 0.5: two replicas per GPU")
    p.add_argument("--device", default="auto", help="auto, cpu or cuda[:N]")
    p.add_argument("--threads", type=int, help="model threads per replica (default: its CPUs)")
    p.add_argument("--backend", choices=["auto", "torch", "onnx"], default="auto")
    p.add_argument(
        "--precision",
        choices=["auto", "fp32", "bf16", "fp16", "int8"],
        default="auto",
        help="auto: the fastest measured to agree with fp32 (python -m classifier.export)",
    )
    p.add_argument("--max-texts", type=int, default=DEFAULT_MAX_TEXTS, help="texts per request, at most")
    p.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, help="characters per text, at most")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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

    import ray
    from ray import serve

    ray.init(address=args.address, include_dashboard=False, log_to_driver=False, configure_logging=False)
    serve.start(http_options={"host": args.host, "port": args.port})
    app = build_app(
        os.path.abspath(args.model) if os.path.isdir(args.model) else args.model,
        device=args.device,
        replicas=args.replicas,
        max_batch_size=args.max_batch_size,
        batch_wait_ms=args.batch_wait_ms,
        num_cpus_per_replica=args.num_cpus_per_replica,
        num_gpus_per_replica=args.num_gpus_per_replica,
        threads=args.threads,
        max_texts=args.max_texts,
        max_chars=args.max_chars,
        backend=args.backend,
        precision=args.precision,
    )
    try:
        serve.run(app, name=APP_NAME, route_prefix="/")
    except Exception as e:  # the model did not load in a replica, most often
        print(f"error: the model service did not start: {str(e).strip().splitlines()[-1]}", file=sys.stderr)
        serve.shutdown()
        ray.shutdown()
        return 1
    print(f"serving {args.model} on http://{args.host}:{args.port} (POST /v1/score)", flush=True)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    serve.shutdown()
    ray.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
