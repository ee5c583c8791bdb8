"""The model service (Ray Serve, over HTTP) against the in-process classifier, same load, one run.

Open-loop Poisson arrivals of ToLD-Br validation texts, as in ``benchmarks/inference.py``: the
in-process ``Classifier``, then ``RemoteClassifier`` against ``python -m classifier.serving`` with 1
and then 2 replicas started by this script on this machine. Run it with nothing else running.

    python benchmarks/serve.py [--model DIR] [--rates 25 50 100] [--seconds 6] [--replicas 1 2]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._common import minilm_path, table, told_texts
from benchmarks.inference import TRAINED, poisson
from classifier import Classifier, RemoteClassifier

ROOT = Path(__file__).resolve().parents[1]


def start_service(model: str, port: int, replicas: int, threads: int) -> subprocess.Popen:
    cpus = max(1, (os.cpu_count() or 2) // replicas)
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "classifier.serving", "--model", model, "--port", str(port),
            "--replicas", str(replicas), "--num-cpus-per-replica", str(cpus), "--threads", str(threads),
            "--max-batch-size", "64", "--batch-wait-ms", "10",
        ],
        env={**os.environ, "PYTHONPATH": str(ROOT), "RAY_USAGE_STATS_ENABLED": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the model service exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("the model service did not come up in 240 s")


def stop_service(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


async def run_rates(clf, texts: list[str], rates: list[float], seconds: float) -> list[dict]:
    await asyncio.gather(*(clf.score(t) for t in texts[:64]))  # warm-up
    return [{"rate": rate, **await poisson(clf, texts, rate, seconds)} for rate in rates]


async def main_async(args: argparse.Namespace) -> None:
    model = args.model or (str(TRAINED) if TRAINED.is_dir() else minilm_path())
    texts = told_texts("validation", 1000)
    threads = args.threads or torch.get_num_threads()
    results: list[tuple[str, list[dict]]] = []
    clf = await Classifier.load(
        model, "cpu", max_batch_size=64, max_wait_ms=10, max_queue=4096, timeout_s=None, threads=threads
    )
    results.append(("in-process Classifier", await run_rates(clf, texts, args.rates, args.seconds)))
    await clf.aclose()
    for replicas in args.replicas:
        proc = start_service(model, args.port, replicas, max(1, threads // replicas))
        try:
            async with RemoteClassifier(f"http://127.0.0.1:{args.port}", timeout_s=30) as remote:
                rows = await run_rates(remote, texts, args.rates, args.seconds)
        finally:
            stop_service(proc)
        results.append((f"Ray Serve, {replicas} replica(s), HTTP", rows))
    print(f"model: {model}\n{os.cpu_count()} CPU cores, {threads} torch threads, {args.seconds:g} s/rate\n")
    rows = [
        [
            *(name, f"{r['rate']:g}", r["requests"] / args.seconds, r["failed"] + r["timeouts"]),
            *(r["p50_ms"], r["p95_ms"], r["p99_ms"]),
        ]
        for name, runs in results
        for r in runs
    ]
    print(table(["engine", "offered msg/s", "sent msg/s", "failed", "p50 ms", "p95 ms", "p99 ms"], rows))
    base = {r["rate"]: r for r in results[0][1]}
    for name, runs in results[1:]:
        overhead = [r["p50_ms"] - base[r["rate"]]["p50_ms"] for r in runs]
        print(f"{name}: p50 overhead vs in-process {min(overhead):+.1f} to {max(overhead):+.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="model dir (default: outputs/minilm-toldbr or MiniLM)")
    parser.add_argument("--rates", type=float, nargs="+", default=[25, 50, 100])
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--threads", type=int, default=None, help="torch threads in all (default: all cores)")
    parser.add_argument("--port", type=int, default=8765)
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
