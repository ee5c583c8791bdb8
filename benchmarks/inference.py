"""Inference benchmark: the notebook's one-at-a-time loop against Sentinela's engines and batching.

One run prints the tables (and ``--json FILE`` writes every figure):

1. throughput per engine (backend/precision): msg/s through ``score_many``, ratio to the notebook
   loop, label decisions agreeing with torch fp32 on the benchmark texts, the largest probability
   difference, and the largest per-label F1 difference on the ToLD-Br test split;
2. the best CPU engine (fastest with >= 99.5% agreement and no label's test F1 over 0.005 away):
   bulk against concurrent ``score()`` calls;
3. open-loop Poisson arrivals per rate: p50/p95/p99 and the highest rate held with p99 < 250 ms;
4. a busy neighbour: a second process burning one core for the scenario's duration, bulk msg/s
   and Poisson at ``--busy-rate`` (timeouts at the bot's 10 s deadline), for the best engine and
   for torch fp32;
5. the levers together on a benign-heavy mix (``benchmarks/combinations.py``): every engine with
   and without the cascade, and a distilled student (``--student DIR``), each as a ratio to its
   own notebook loop, with the share of texts the cascade answered and the decisions kept (with
   their Clopper-Pearson 95% interval); the cascade on the whole ToLD-Br test split (decisions
   kept, F1 change per label); Poisson arrivals of the mix (``--cascade-rates``) for the fastest
   combination keeping 99.5% of fp32's message decisions, cascade included.

The mix is drawn from the test split as the export draws its calibration mixes from validation
(``classifier/export/mix.py``); nothing here chooses a bound or a threshold on it.

bf16 is timed only where the CPU has it (``avx512_bf16`` or ``amx_bf16`` in its flags); elsewhere
its row says "emulated, skipped".

    python benchmarks/inference.py [--model DIR] [--n 1000] [--threads N] [--rates 50 100 200]
        [--cascade-rates 50 100 200 400] [--seconds 8] [--json out.json]

The model directory should have been exported with agreement measured
(``python -m classifier.export DIR --validation-file ...``); engines missing their ONNX files are
exported here first. GPU figures: ``benchmarks/gpu_check.sh``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import combinations
from benchmarks._common import TOLD_BR, minilm_path, told_texts
from benchmarks.inference_report import report
from classifier import Classifier, ClassifierError, ClassifierTimeout, Engine
from classifier.runtime.backends import cpu_bf16_instructions, cpu_has_native_bf16

ROOT = Path(__file__).resolve().parents[1]
TRAINED = ROOT / "outputs" / "told-br-g-v2"
MIN_AGREEMENT, MAX_F1_DIFF = 0.995, 0.005
DEADLINE_S = 10.0  # the bot's REQUEST_TIMEOUT_S


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


async def rate(clf: Classifier, texts: list[str], concurrent: bool) -> float:
    started = time.perf_counter()
    if concurrent:
        await asyncio.gather(*(clf.score(t) for t in texts))
    else:
        await clf.score_many(texts)
    return len(texts) / (time.perf_counter() - started)


async def poisson(clf: Classifier, texts: list[str], per_s: float, seconds: float) -> dict[str, float]:
    """Open loop: arrivals do not wait for answers, as on a busy server."""
    rng = random.Random(1993)
    latencies: list[float] = []
    failures = timeouts = 0

    async def one(text: str) -> None:
        nonlocal failures, timeouts
        t0 = time.perf_counter()
        try:
            await clf.score(text, timeout=DEADLINE_S)
            latencies.append(time.perf_counter() - t0)
        except ClassifierTimeout:
            timeouts += 1
        except ClassifierError:
            failures += 1

    tasks = []
    end = time.perf_counter() + seconds
    next_at = time.perf_counter()
    while next_at < end:
        await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
        tasks.append(asyncio.create_task(one(rng.choice(texts))))
        next_at += rng.expovariate(per_s)
    await asyncio.gather(*tasks)
    lat = np.asarray(latencies) * 1000
    return {
        "rate": per_s,
        "requests": len(tasks),
        "timeouts": timeouts,
        "failed": failures,
        **{f"p{q}_ms": float(np.percentile(lat, q)) if len(lat) else float("nan") for q in (50, 95, 99)},
    }


@contextmanager
def busy_neighbour():
    """Another process spinning on one core for as long as the block runs."""
    proc = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.5)
        yield
    finally:
        proc.kill()
        proc.wait()


def test_split() -> tuple[list[str], pd.DataFrame]:
    df = pd.read_csv(TOLD_BR / "test.csv")
    return df["text"].astype(str).tolist(), df


async def load(
    model: str, backend: str, precision: str, threads: int | None, cascade: str = "off", compile: str = "off"
) -> Classifier:
    return await Classifier.load(
        model,
        "cpu",
        backend=backend,
        precision=precision,
        compile=compile,
        threads=threads,
        cascade=cascade,
        max_batch_size=32,
        max_queue=4096,
        timeout_s=None,
    )


async def main_async(args: argparse.Namespace) -> dict:
    model = args.model or (str(TRAINED) if TRAINED.is_dir() else minilm_path())
    texts = told_texts("validation", args.n)
    test_texts, test_df = test_split()
    figures: dict = {
        "model": model,
        "texts": len(texts),
        "cpu_native_bf16": cpu_has_native_bf16(),
        "cpu_bf16_instructions": cpu_bf16_instructions(),
    }

    reference = await load(model, "torch", "fp32", args.threads, cascade="off")
    engine = reference.engine
    figures["threads"] = engine.parallel
    await reference.score_many(texts[:64])  # warm-up
    # the notebook as it ran: one caller, PyTorch's pool over every core (the engine uses one
    # thread per caller and sets the pool to 1)
    torch.set_num_threads(engine.parallel)
    base = combinations.notebook_loop(engine, texts)
    figures["loop_msgs_per_s"] = base
    figures["notebook_eval_msgs_per_s"] = notebook_eval(engine, texts[: max(64, args.n // 5)])
    torch.set_num_threads(1)
    cut = np.array([engine.meta.threshold(label) for label in engine.labels])
    ref_probs = engine.predict_probs(texts)
    ref_f1 = combinations.f1_per_label(engine, engine.predict_probs(test_texts), test_df)
    await reference.aclose()

    backends = []
    for name in combinations.ENGINES:
        options = combinations.engine_options(name)
        backend, precision = options["backend"], name.split("/")[1]  # "bf16+compiled" names the row
        if why := combinations.skipped(name):
            backends.append({"backend": backend, "precision": precision, "skipped": why})
            continue
        clf = await load(
            model, options["backend"], options["precision"], args.threads, "off", options["compile"]
        )
        if not combinations.runs_as_named(clf.engine, name):
            backends.append({"backend": backend, "precision": precision, "skipped": "build failed: eager"})
            await clf.aclose()
            continue
        await clf.score_many(texts[:64])
        speed = await rate(clf, texts, concurrent=False)
        probs = clf.engine.predict_probs(texts)
        f1 = combinations.f1_per_label(clf.engine, clf.engine.predict_probs(test_texts), test_df)
        diffs = {label: f1[label] - ref_f1[label] for label in f1}
        backends.append(
            {
                "backend": backend,
                "precision": precision,
                "msgs_per_s": speed,
                "ratio_to_loop": speed / base,
                "agreement": float(((probs >= cut) == (ref_probs >= cut)).mean()),
                "max_abs_diff": float(np.abs(probs - ref_probs).max()),
                "test_f1_diff": diffs,
                "test_f1_max_abs_diff": max(abs(d) for d in diffs.values()),
            }
        )
        await clf.aclose()
    figures["backends"] = backends
    eligible = [
        b
        for b in backends
        if "skipped" not in b and b["agreement"] >= MIN_AGREEMENT and b["test_f1_max_abs_diff"] <= MAX_F1_DIFF
    ]
    best = max(eligible, key=lambda b: b["msgs_per_s"])
    figures["best_engine"] = f"{best['backend']}/{best['precision']}"

    options = combinations.engine_options(figures["best_engine"])
    clf = await load(model, options["backend"], options["precision"], args.threads, "off", options["compile"])
    await clf.score_many(texts[:64])
    figures["bulk_msgs_per_s"] = await rate(clf, texts, concurrent=False)
    figures["concurrent_msgs_per_s"] = await rate(clf, texts, concurrent=True)
    figures["poisson"] = [await poisson(clf, texts, r, args.seconds) for r in args.rates]
    held = [p["rate"] for p in figures["poisson"] if p["p99_ms"] < 250 and not (p["timeouts"] or p["failed"])]
    figures["max_rate_p99_under_250ms"] = max(held) if held else None

    busy = {}
    with busy_neighbour():
        busy["best"] = {
            "msgs_per_s": await rate(clf, texts, concurrent=False),
            **await poisson(clf, texts, args.busy_rate, args.seconds),
        }
    await clf.aclose()
    figures["busy_neighbour_msgs_per_s"] = busy["best"]["msgs_per_s"]
    figures["busy_neighbour_timeouts"] = busy["best"]["timeouts"]
    figures["busy_neighbour_p99_ms"] = busy["best"]["p99_ms"]
    if not args.skip_torch_busy:  # the engine as it was: torch fp32, for comparison
        torch_clf = await load(model, "torch", "fp32", args.threads, cascade="off")
        await torch_clf.score_many(texts[:64])
        with busy_neighbour():
            busy["torch_fp32"] = {
                "msgs_per_s": await rate(torch_clf, texts, concurrent=False),
                **await poisson(torch_clf, texts, args.busy_rate, args.seconds),
            }
        await torch_clf.aclose()
    figures["busy_neighbour"] = busy
    figures["other_models"] = [await other_model(m, texts, args.threads, base) for m in args.also]
    await levers(figures, model, args)
    return figures


async def levers(figures: dict, model: str, args: argparse.Namespace) -> None:
    """Engines x cascade on the benign-heavy mix, for the model and its student; the best of them."""
    mix = combinations.benign_heavy_mix(args.n)
    teacher = await combinations.rows_for(model, mix, args.threads)
    figures["mix"] = {"texts": len(mix), "toxic_share": 0.1, "model": teacher}
    # the cascade alone, on torch fp32: its decisions against the same engine without it
    auto = [r for r in teacher["rows"] if r.get("cascade") == "auto" and r["engine"] == "torch/fp32"]
    figures["cascade_skip_rate"] = auto[0]["skip_rate"] if auto else 0.0
    figures["cascade_agreement"] = auto[0]["agreement"] if auto else None
    figures["cascade_agreement_low"] = auto[0]["agreement_low"] if auto else None
    figures["cascade_agreement_high"] = auto[0]["agreement_high"] if auto else None
    figures["cascade_test"] = combinations.cascade_on_test(model)
    best = combinations.best(teacher["rows"])
    figures["best_combination"] = None if best is None else f"{best['engine']} cascade {best['cascade']}"
    for key in ("msgs_per_s", "ratio_to_loop", "agreement", "agreement_low", "skip_rate"):
        figures[f"best_{key}"] = None if best is None else best[key]
    if best is not None and args.cascade_rates:  # latency of that very combination, on the mix
        options = combinations.engine_options(best["engine"])
        clf = await load(model, options["backend"], options["precision"], args.threads, best["cascade"],
                         options["compile"])  # fmt: skip
        await clf.score_many(mix[:64])
        figures["poisson_best"] = [await poisson(clf, mix, r, args.seconds) for r in args.cascade_rates]
        await clf.aclose()
        held = [p["rate"] for p in figures["poisson_best"] if p["p99_ms"] < 250 and not p["timeouts"]]
        figures["best_max_rate_p99_under_250ms"] = max(held) if held else None
    if args.student:
        student = await combinations.rows_for(args.student, mix, args.threads)
        figures["mix"]["student"] = student
        top = combinations.best(student["rows"])
        figures["student_best_msgs_per_s"] = None if top is None else top["msgs_per_s"]
        # against the teacher's own loop: what the user gains by serving the student instead
        figures["student_best_ratio_to_teacher_loop"] = (
            None if top is None else top["msgs_per_s"] / teacher["loop_msgs_per_s"]
        )


async def other_model(model: str, texts: list[str], threads: int | None, base: float) -> dict:
    """Bulk msg/s of another model directory on torch fp32 and onnx int8 (a copy is exported)."""
    import shutil
    import tempfile

    rows = {"model": model}
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "model"
        shutil.copytree(model, copy, ignore=shutil.ignore_patterns("onnx"))
        for backend, precision in (("torch", "fp32"), ("onnx", "int8")):
            clf = await load(str(copy), backend, precision, threads)
            await clf.score_many(texts[:64])
            speed = await rate(clf, texts, concurrent=False)
            rows[f"{backend}/{precision}"] = speed
            rows[f"{backend}/{precision} x loop"] = speed / base
            rows["layers"] = clf.engine.config.num_hidden_layers
            await clf.aclose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="model dir (default: outputs/told-br-g-v2 or MiniLM)")
    parser.add_argument("--n", type=int, default=1000, help="texts for the throughput rows")
    parser.add_argument("--threads", type=int, default=None, help="default: this process's cores")
    parser.add_argument("--rates", type=float, nargs="+", default=[50, 100, 200, 300])
    parser.add_argument("--seconds", type=float, default=8.0, help="per Poisson rate")
    parser.add_argument(
        "--cascade-rates",
        type=float,
        nargs="*",
        default=[50, 100, 200, 400],
        help="Poisson rates on the mix for the fastest combination at 99.5%% (cascade included)",
    )
    parser.add_argument(
        "--busy-rate", type=float, default=50.0, help="Poisson rate beside the busy neighbour"
    )
    parser.add_argument("--skip-torch-busy", action="store_true", help="no torch fp32 busy-neighbour row")
    parser.add_argument("--json", type=Path, default=None, help="write every figure to this file")
    parser.add_argument(
        "--student", default=None, help="a distilled student of --model (python -m training.distill)"
    )
    parser.add_argument(
        "--also", nargs="*", default=[], help="other model directories: bulk msg/s rows (e.g. the E5 import)"
    )
    args = parser.parse_args()
    figures = asyncio.run(main_async(args))
    report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
