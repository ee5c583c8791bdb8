"""The Portuguese functional suite: its cases are what the generator writes, and the benchmark
scores a real model against them per functionality and per target."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT / "benchmarks" / "functional"


def load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_cases_csv_is_the_generators_output_and_covers_every_functionality_and_target():
    generate = load("functional_generate", SUITE / "generate.py")
    cases = pd.read_csv(SUITE / "cases.csv", keep_default_na=False)
    expected = pd.DataFrame(generate.cases())
    assert cases["text"].tolist() == expected["text"].tolist()  # regenerate after editing templates
    assert len(cases) >= 1200 and cases["text"].is_unique
    hateful = set(cases.loc[cases["hateful"] == 1, "functionality"])
    assert {"derogation_explicit", "derogation_implicit", "dehumanisation", "threat", "slur"} <= hateful
    assert {
        "hate_question",
        "hate_opinion",
        "negated_praise",
        "profanity_hate",
        "spelling_variation",
    } <= hateful
    benign = set(cases.loc[cases["hateful"] == 0, "functionality"])
    assert {
        "counter_quote",
        "counter_report",
        "neutral_mention",
        "positive_mention",
        "negated_hate",
    } <= benign
    assert {"profanity_no_hate", "abuse_object", "abuse_person"} <= benign
    targets = set(cases["target"]) - {"none"}
    assert targets == {
        "women",
        "black",
        "lgbt",
        "northeasterners",
        "immigrants",
        "indigenous",
        "religious",
        "disabled",
    }
    per_target = cases[cases["target"] != "none"].groupby("target").size()
    assert per_target.min() >= 150


def test_scoring_counts_caught_hate_and_unexcused_flags():
    functional = load("functional_bench", ROOT / "benchmarks" / "functional.py")
    df = pd.DataFrame(
        {
            "functionality": ["threat", "threat", "profanity_no_hate", "counter_quote"],
            "target": ["women", "women", "none", "black"],
            "hateful": [1, 1, 0, 0],
            "allowed": ["", "", "obscene", ""],
            "text": ["a", "b", "c", "d"],
        }
    )
    scored = functional.score_cases(df, [("misogyny",), (), ("obscene",), ("insult",)])
    result = functional.summary(scored)
    threat = result["functionalities"]["threat"]
    assert threat["flagged"] == 0.5 and threat["identity"] == 0.5 and not threat["meets_goal"]
    assert result["functionalities"]["profanity_no_hate"]["flagged"] == 0.0  # obscene is allowed there
    assert result["functionalities"]["counter_quote"]["flagged"] == 1.0  # a false alarm
    assert result["targets"]["black"]["false_alarms"] == 1.0


def test_the_benchmark_prints_both_tables_for_a_model(trained_model, tmp_path):
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "functional.py"), "--model", str(trained_model),
         "--json", str(tmp_path / "r.json")],
        capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    assert "| functionality | kind | cases |" in out.stdout and "| target | cases |" in out.stdout
    assert "| threat | hateful | 112 |" in out.stdout
    last = out.stdout.strip().splitlines()[-1]
    assert last.startswith(f"{len(pd.read_csv(SUITE / 'cases.csv'))} cases,")
