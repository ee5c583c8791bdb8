"""What a newcomer meets: false positives of a model at its shipped thresholds.

- ToLD-Br test: the share of non-toxic messages (no vote for any label) flagged for anything;
- ``examples/chat.jsonl``: each line's flags, against ``examples/chat-kinds.json`` (how a
  moderator reads each line: friendly, borderline, toxic).

    python benchmarks/first_model.py --model DIR
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._common import TOLD_BR, TOLD_LABELS, table
from classifier import Classifier, Engine

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    args = parser.parse_args()
    clf = Classifier(Engine.load(args.model, "cpu"))
    test = pd.read_csv(TOLD_BR / "test.csv")
    benign = test[(test[TOLD_LABELS].fillna(0) == 0).all(axis=1)]["text"].astype(str).tolist()
    flagged = [s.flagged for s in clf.predict(benign)]
    rate = sum(bool(f) for f in flagged) / len(benign)
    chat = [json.loads(line)["text"] for line in (ROOT / "examples" / "chat.jsonl").open(encoding="utf-8")]
    kinds = json.loads((ROOT / "examples" / "chat-kinds.json").read_text(encoding="utf-8"))
    kind_of = {n: kind for kind in ("friendly", "borderline", "toxic") for n in kinds[kind]}
    scores = clf.predict(chat)
    rows = [
        [n, kind_of.get(n, "?"), text[:48], ", ".join(s.flagged) or "-"]
        for n, (text, s) in enumerate(zip(chat, scores, strict=True), 1)
    ]
    print(f"model: {args.model}\n")
    print(f"ToLD-Br test, non-toxic messages flagged: {rate:.1%} of {len(benign)} (goal: at most 10%)\n")
    print(table(["line", "kind", "text", "flagged"], rows))
    for kind in ("friendly", "borderline", "toxic"):
        hit = sum(bool(scores[n - 1].flagged) for n in kinds[kind])
        print(f"{kind}: {hit} of {len(kinds[kind])} flagged")


if __name__ == "__main__":
    main()
