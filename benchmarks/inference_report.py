"""The tables ``benchmarks/inference.py`` prints from its figures."""

from __future__ import annotations

from benchmarks._common import table


def report(f: dict) -> None:
    base = f["loop_msgs_per_s"]
    print(f"model: {f['model']}\nCPU threads: {f['threads']}, {f['texts']} ToLD-Br validation texts")
    print("(the notebook rows on a PyTorch pool of that many threads; the engines one thread per batch)")
    found = ", ".join(k for k, v in f["cpu_bf16_instructions"].items() if v) or "none"
    print(
        f"native bf16 on this CPU: {'yes' if f['cpu_native_bf16'] else 'no (bf16 is emulated)'} ({found})\n"
    )
    rows = [
        ["notebook: one message at a time", base, 1.0, "", "", ""],
        ["notebook eval: pad to 512, batch 8", f["notebook_eval_msgs_per_s"], 0.0, "", "", ""],
    ]
    rows[1][2] = rows[1][1] / base
    for b in f["backends"]:
        if "skipped" in b:
            rows.append([f"score_many {b['backend']} {b['precision']}", b["skipped"], "", "", "", ""])
            continue
        rows.append(
            [
                f"score_many {b['backend']} {b['precision']}",
                b["msgs_per_s"],
                b["ratio_to_loop"],
                f"{b['agreement']:.2%}",
                f"{b['max_abs_diff']:.4f}",
                f"{b['test_f1_max_abs_diff']:.4f}",
            ]
        )
    headers = [
        "throughput",
        "msg/s",
        "x notebook loop",
        "decisions = fp32",
        "max prob diff",
        "max test F1 diff",
    ]
    print(table(headers, rows))
    bulk, conc = f["bulk_msgs_per_s"], f["concurrent_msgs_per_s"]
    print(f"\nbest engine: {f['best_engine']}")
    print(
        table(
            ["best engine", "msg/s", "x notebook loop", "of bulk"],
            [
                ["score_many (bulk)", bulk, bulk / base, "100%"],
                [f"{f['texts']} concurrent score() calls", conc, conc / base, f"{conc / bulk:.0%}"],
            ],
        )
    )
    print()
    rows = [
        [
            f"{p['rate']:g}",
            p["requests"],
            p["timeouts"],
            f"{p['p50_ms']:.0f}",
            f"{p['p95_ms']:.0f}",
            f"{p['p99_ms']:.0f}",
        ]
        for p in f["poisson"]
    ]
    print(
        table(
            [f"Poisson msg/s ({f['best_engine']})", "requests", "timeouts", "p50 ms", "p95 ms", "p99 ms"],
            rows,
        )
    )
    held = f["max_rate_p99_under_250ms"]
    print(f"\nhighest rate held with p99 < 250 ms: {held if held is not None else 'none'} msg/s\n")
    idle = {
        "best": bulk,
        "torch_fp32": next(b["msgs_per_s"] for b in f["backends"] if b["backend"] == "torch"),
    }
    rows = []
    for name, b in f["busy_neighbour"].items():
        engine = f["best_engine"] if name == "best" else "torch fp32"
        rows.append(
            [
                engine,
                b["msgs_per_s"],
                f"{b['msgs_per_s'] / idle[name]:.0%}",
                f"{b['rate']:g}",
                b["timeouts"],
                f"{b['p99_ms']:.0f}",
            ]
        )
    print(
        table(
            ["busy neighbour (1 core taken)", "msg/s", "of idle", "Poisson msg/s", "timeouts", "p99 ms"], rows
        )
    )
    if f.get("other_models"):
        rows = [
            [o["model"], o["layers"], o["torch/fp32"], o["onnx/int8"], o["onnx/int8 x loop"]]
            for o in f["other_models"]
        ]
        print()
        print(
            table(
                ["other model (same texts)", "layers", "torch fp32 msg/s", "onnx int8 msg/s", "int8 x loop"],
                rows,
            )
        )
    report_levers(f)
    print("\nGPU: benchmarks/gpu_check.sh")


def report_levers(f: dict) -> None:
    mix = f["mix"]
    print(f"\nthe levers together: {mix['texts']} ToLD-Br test texts, 1 in 10 with a toxic vote")
    for who in ("model", "student"):
        if who not in mix:
            continue
        m = mix[who]
        rows = [["notebook loop", m["loop_msgs_per_s"], 1.0, "", "100%", ""]]
        for r in m["rows"]:
            if "skipped" in r:
                rows.append([r["engine"], r["skipped"], "", "", "", ""])
                continue
            interval = f"{r['agreement']:.2%} ({r['agreement_low']:.2%}-{r['agreement_high']:.2%})"
            rows.append([
                f"{r['engine']} cascade {r['cascade']}", r["msgs_per_s"], r["ratio_to_loop"],
                f"{r['skip_rate']:.1%}", interval, f"{r['label_agreement']:.2%}",
            ])  # fmt: skip
        headers = [f"{who} ({m['layers']} layers)", "msg/s", "x its loop", "answered by the cascade",
                   "messages = fp32 (95% CI)", "labels = fp32"]  # fmt: skip
        print(table(headers, rows))
    t = f.get("cascade_test")
    if t:
        changes = ", ".join(f"{k} {v:+.3f}" for k, v in t["f1_change"].items())
        print(
            f"\ncascade on ToLD-Br test ({t['texts']} texts): {t['skip_rate']:.1%} answered by the first "
            f"stage, {t['agreement']:.2%} of message decisions kept; F1 change per label: {changes}"
        )
    if f.get("best_combination"):
        print(
            f"fastest at >= 99.5% agreement: {f['best_combination']}, {f['best_msgs_per_s']:.0f} msg/s, "
            f"{f['best_ratio_to_loop']:.1f}x the notebook loop, {f['best_agreement']:.2%} of message "
            f"decisions kept (lower 95% limit {f['best_agreement_low']:.2%})"
        )
    if f.get("poisson_best"):
        rows = [[f"{p['rate']:g}", p["requests"], p["timeouts"], f"{p['p50_ms']:.0f}", f"{p['p95_ms']:.0f}",
                 f"{p['p99_ms']:.0f}"] for p in f["poisson_best"]]  # fmt: skip
        print()
        headers = ["requests", "timeouts", "p50 ms", "p95 ms", "p99 ms"]
        print(table([f"Poisson msg/s on the mix ({f['best_combination']})", *headers], rows))
        held = f["best_max_rate_p99_under_250ms"]
        print(f"highest rate held with p99 < 250 ms: {held if held is not None else 'none'} msg/s")
