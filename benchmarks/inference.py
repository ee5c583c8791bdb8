"""Inference benchmark: the notebook's one-at-a-time loop against Sentinela's batching.

One run prints one table: throughput (msg/s and ratio to the notebook loop), latency under
open-loop Poisson arrivals, fp32 against int8 on CPU, and a BERT-base bf16 row on a GPU when
there is one.

    python benchmarks/inference.py [--model DIR] [--n 1000] [--threads N]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._common import minilm_path, table, told_texts
from classifier import Classifier, ClassifierError, Engine

ROOT = Path(__file__).resolve().parents[1]
TRAINED = ROOT / "outputs" / "minilm-toldbr"


def notebook_loop(engine: Engine, texts: list[str]) -> float:
    """The notebook's predict: tokenize one text, run the model, sigmoid, one at a time."""
    tok, model = engine.tokenizer, engine.model
    started = time.perf_counter()
    with torch.inference_mode():
        for text in texts:
            enc = tok(text, return_tensors="pt", truncation=True, max_length=512)
            torch.sigmoid(model(**enc).logits)
    return len(texts) / (time.perf_counter() - started)


def notebook_eval(engine: Engine, texts: list[str]) -> float:
    """The notebook's evaluation path: every text padded to 512, batches of 8."""
    tok, model = engine.tokenizer, engine.model
    started = time.perf_counter()
    with torch.inference_mode():
        for i in range(0, len(texts), 8):
            enc = tok(
                texts[i : i + 8], return_tensors="pt", padding="max_length", truncation=True, max_length=512
            )
            torch.sigmoid(model(**enc).logits)
    return len(texts) / (time.perf_counter() - started)


async def served(clf: Classifier, texts: list[str], concurrent: bool) -> float:
    started = time.perf_counter()
    if concurrent:
        await asyncio.gather(*(clf.score(t) for t in texts))
    else:
        await clf.score_many(texts)
    return len(texts) / (time.perf_counter() - started)


async def poisson(clf: Classifier, texts: list[str], rate: float, seconds: float) -> dict[str, float]:
    """Open loop: arrivals do not wait for answers, as on a busy server."""
    rng = random.Random(1993)
    latencies: list[float] = []
    failures = 0

    async def one(text: str) -> None:
        nonlocal failures
        t0 = time.perf_counter()
        try:
            await clf.score(text)
            latencies.append(time.perf_counter() - t0)
        except ClassifierError:
            failures += 1

    tasks = []
    end = time.perf_counter() + seconds
    next_at = time.perf_counter()
    while next_at < end:
        await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
        tasks.append(asyncio.create_task(one(rng.choice(texts))))
        next_at += rng.expovariate(rate)
    await asyncio.gather(*tasks)
    lat = np.asarray(latencies) * 1000
    return {
        "n": len(tasks),
        "failed": failures,
        **{f"p{q}": float(np.percentile(lat, q)) if len(lat) else float("nan") for q in (50, 95, 99)},
    }


def gpu_row() -> list[object] | None:
    if not torch.cuda.is_available():
        return None
    from transformers import BertConfig, BertForSequenceClassification

    config = BertConfig(num_labels=6)  # BERT-base sized, like BERTimbau
    model = BertForSequenceClassification(config).cuda().to(torch.bfloat16).eval()
    seq, batch = 64, 256
    ids = torch.randint(1000, 20000, (batch, seq), device="cuda")
    with torch.inference_mode():
        for _ in range(3):
            model(input_ids=ids)
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        reps = 20
        for _ in range(reps):
            model(input_ids=ids)
        torch.cuda.synchronize()
    secs = time.perf_counter() - t0
    msgs = reps * batch / secs
    h, layers = config.hidden_size, config.num_hidden_layers
    linear = layers * (4 * h * h + 2 * h * config.intermediate_size)
    flops = 2 * linear * seq + layers * 4 * seq * seq * h  # matmuls + attention scores/values
    peak = 989e12  # H100 SXM dense bf16
    return ["GPU bf16 BERT-base, batch 256 x 64 tokens", msgs, f"{msgs * flops / peak:.1%} of bf16 peak"]


async def main_async(args: argparse.Namespace) -> None:
    model = args.model or (str(TRAINED) if TRAINED.is_dir() else minilm_path())
    if args.threads:
        torch.set_num_threads(args.threads)
    texts = told_texts("validation", args.n)
    rows: list[list[object]] = []
    clf = await Classifier.load(
        model, "cpu", max_batch_size=64, max_wait_ms=10, max_queue=4096, timeout_s=None
    )
    engine = clf.engine
    await served(clf, texts[:64], concurrent=False)  # warm-up
    base = notebook_loop(engine, texts)
    rows.append(["notebook: one message at a time", base, 1.0])
    nb_eval = notebook_eval(engine, texts[: max(64, args.n // 5)])
    rows.append(["notebook eval: pad to 512, batch 8", nb_eval, nb_eval / base])
    many = await served(clf, texts, concurrent=False)
    rows.append(["score_many (length-sorted, batch 64)", many, many / base])
    conc = await served(clf, texts, concurrent=True)
    rows.append([f"{len(texts)} concurrent score() calls", conc, conc / base])
    fp32_probs = engine.predict_probs(texts)
    lat_rows, held = [], None
    for rate in args.rates:
        r = await poisson(clf, texts, rate, args.seconds)
        lat_rows.append([f"{rate:g}", r["n"], r["failed"], r["p50"], r["p95"], r["p99"]])
        if r["p99"] < 250 and not r["failed"]:
            held = rate
    await clf.aclose()

    q = await Classifier.load(
        model, "cpu", max_batch_size=64, max_wait_ms=10, max_queue=4096, timeout_s=None, quantize=True
    )
    await served(q, texts[:64], concurrent=False)
    int8 = await served(q, texts, concurrent=False)
    int8_probs = q.engine.predict_probs(texts)
    await q.aclose()
    cut = np.array([engine.meta.threshold(label) for label in engine.labels])
    agree = float(((fp32_probs >= cut) == (int8_probs >= cut)).mean())
    rows.append(["score_many int8 dynamic quantisation", int8, int8 / base])
    print(f"model: {model}\nCPU threads: {torch.get_num_threads()}, {len(texts)} ToLD-Br validation texts\n")
    print(table(["throughput", "msg/s", "x notebook loop"], rows))
    print(f"\nint8 vs fp32: {int8 / many:.2f}x faster, {agree:.2%} of label decisions agree\n")
    print(table(["Poisson msg/s (fp32)", "requests", "failed", "p50 ms", "p95 ms", "p99 ms"], lat_rows))
    print(f"\nhighest rate held with p99 < 250 ms: {held if held is not None else 'none'} msg/s")
    row = gpu_row()
    print("\n" + (table(["GPU", "msg/s", "efficiency"], [row]) if row else "GPU: none in this run"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="model dir (default: outputs/minilm-toldbr or MiniLM)")
    parser.add_argument("--n", type=int, default=1000, help="texts for the throughput rows")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--rates", type=float, nargs="+", default=[25, 50, 100, 150, 200])
    parser.add_argument("--seconds", type=float, default=8.0, help="per Poisson rate")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
