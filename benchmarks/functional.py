"""Sentinela's Portuguese functional suite: what a model does with each kind of hate and non-hate.

    python benchmarks/functional.py --model DIR [--json out.json]

Reads ``benchmarks/functional/cases.csv`` (hand-written, evaluation only; see generate.py there)
and scores every case at the model's shipped thresholds. A hateful case counts as caught when
any label fires (the moderator is alerted); "identity" is the share where the target's own label
(misogyny, racism, homophobia, xenophobia) fires; "hate label" where ``hate`` (any group) does.
A non-hateful case is a false alarm when a label fires that its ``allowed`` column does not
excuse (``obscene`` on swearing without hate, ``insult`` on abuse of one person). Goals: every
hateful functionality at least 80% caught, every non-hateful one at most 15% false alarms,
every target's hate at least 70% caught.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._common import table

CASES = Path(__file__).resolve().parent / "functional" / "cases.csv"
TARGET_LABEL = {
    "women": "misogyny",
    "black": "racism",
    "indigenous": "racism",
    "lgbt": "homophobia",
    "northeasterners": "xenophobia",
    "immigrants": "xenophobia",
}
CAUGHT_GOAL, FALSE_ALARM_GOAL, TARGET_GOAL = 0.80, 0.15, 0.70


def load_cases(path: Path = CASES) -> pd.DataFrame:
    df = pd.read_csv(path, keep_default_na=False, dtype={"allowed": str})
    missing = {"functionality", "target", "hateful", "allowed", "text"} - set(df.columns)
    if missing:
        raise SystemExit(f"error: {path} lacks column(s) {sorted(missing)}")
    return df


def score_cases(df: pd.DataFrame, flagged: list[tuple[str, ...]]) -> pd.DataFrame:
    """Per case: fired labels, whether it is correct, and whether the target's own label fired."""
    out = df.copy()
    out["flagged"] = [" ".join(f) for f in flagged]
    allowed = [set(a.split()) for a in out["allowed"]]
    out["any"] = [bool(f) for f in flagged]
    out["unexcused"] = [bool(set(f) - a) for f, a in zip(flagged, allowed, strict=True)]
    out["identity"] = [TARGET_LABEL.get(t, "") in f for t, f in zip(out["target"], flagged, strict=True)]
    out["hate_label"] = ["hate" in f for f in flagged]  # the label for every group, where a model has it
    out["correct"] = [
        a if h else not u for h, a, u in zip(out["hateful"], out["any"], out["unexcused"], strict=True)
    ]
    return out


def summary(scored: pd.DataFrame) -> dict:
    """Per functionality and per target shares, and whether each functionality meets its goal."""
    functionalities = {}
    for name, g in scored.groupby("functionality", sort=False):
        hateful = bool(g["hateful"].iloc[0])
        rate = float(g["any"].mean() if hateful else g["unexcused"].mean())
        with_label = g[g["target"].isin(list(TARGET_LABEL))]
        functionalities[name] = {
            "hateful": hateful,
            "cases": len(g),
            "correct": float(g["correct"].mean()),
            "flagged": rate,  # caught when hateful, false alarms when not
            "identity": float(with_label["identity"].mean()) if hateful and len(with_label) else None,
            "hate_label": float(g["hate_label"].mean()),
            "meets_goal": rate >= CAUGHT_GOAL if hateful else rate <= FALSE_ALARM_GOAL,
        }
    targets = {}
    for name, g in scored.groupby("target", sort=False):
        h, n = g[g["hateful"] == 1], g[g["hateful"] == 0]
        targets[name] = {
            "cases": len(g),
            "correct": float(g["correct"].mean()),
            "hateful_caught": float(h["any"].mean()) if len(h) else None,
            "identity": float(h["identity"].mean()) if len(h) and name in TARGET_LABEL else None,
            "false_alarms": float(n["unexcused"].mean()) if len(n) else None,
            "hate_label": float(h["hate_label"].mean()) if len(h) else None,
            "meets_goal": bool(len(h)) and float(h["any"].mean()) >= TARGET_GOAL,
        }
    return {
        "cases": len(scored),
        "correct": float(scored["correct"].mean()),
        "functionalities": functionalities,
        "targets": targets,
    }


F_COLUMNS = ["functionality", "kind", "cases", "correct", "flagged", "identity label", "hate label", "goal"]
T_COLUMNS = ["target", "cases", "correct", "hateful caught", "identity label", "hate label", "false alarms"]


def pct(v: float | None) -> str:
    return "-" if v is None else f"{v:.0%}"


def report(result: dict) -> str:
    f_rows = [
        [
            name,
            "hateful" if r["hateful"] else "not hateful",
            r["cases"],
            pct(r["correct"]),
            pct(r["flagged"]) + (" caught" if r["hateful"] else " false alarms"),
            pct(r["identity"]),
            pct(r["hate_label"]),
            "yes" if r["meets_goal"] else "NO",
        ]
        for name, r in result["functionalities"].items()
    ]
    t_rows = [
        [
            name,
            r["cases"],
            pct(r["correct"]),
            pct(r["hateful_caught"]),
            pct(r["identity"]),
            pct(r["hate_label"]),
            pct(r["false_alarms"]),
            "-" if r["hateful_caught"] is None else "yes" if r["meets_goal"] else "NO",
        ]
        for name, r in result["targets"].items()
    ]
    met = sum(r["meets_goal"] for r in result["functionalities"].values())
    return "\n".join(
        [
            table(F_COLUMNS, f_rows),
            "",
            table([*T_COLUMNS, f"goal (>= {TARGET_GOAL:.0%})"], t_rows),
            "",
            f"{result['cases']} cases, {result['correct']:.1%} correct; "
            f"{met} of {len(f_rows)} functionalities meet their goal "
            f"(hateful >= {CAUGHT_GOAL:.0%} caught, not hateful <= {FALSE_ALARM_GOAL:.0%} false alarms)",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="a Sentinela model directory")
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--json", type=Path, help="also write the figures and every case's flags here")
    args = parser.parse_args()
    from classifier import Classifier, Engine

    df = load_cases(args.cases)
    clf = Classifier(Engine.load(args.model, "cpu"))
    scored = score_cases(df, [s.flagged for s in clf.predict(df["text"].tolist())])
    result = summary(scored)
    print(f"model: {args.model}\n")
    print(report(result))
    if args.json:
        cases = scored[["case_id", "functionality", "target", "hateful", "text", "flagged", "correct"]]
        args.json.write_text(
            json.dumps(
                {**result, "model": args.model, "cases_scored": cases.to_dict("records")},
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
