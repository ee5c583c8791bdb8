"""``python -m training.corpus build | check | sample``: the hate corpus's command line."""

from __future__ import annotations

import argparse
import csv
import random
import sys

from training.corpus.build import CORPUS, write
from training.corpus.check import check


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.corpus", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build", help=f"write {CORPUS.name}")
    commands.add_parser("check", help="counts, frame spread, suite overlap, staleness; exit 1 on a problem")
    sample = commands.add_parser("sample", help="print random rows for a person to read")
    sample.add_argument("--n", type=int, default=50)
    sample.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    if args.command == "build":
        print(f"{write()} rows written to {CORPUS}")
        return 0
    if args.command == "check":
        report = check()
        print("\n".join(report.lines))
        if report.problems:
            print("\nCHECK FAILED:", *report.problems, sep="\n  ", file=sys.stderr)
            return 1
        print("check passed")
        return 0
    with CORPUS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in random.Random(args.seed).sample(rows, min(args.n, len(rows))):
        side = "HATE" if row["hateful"] == "1" else "ok  "
        print(f"[{side}] {row['group']:<15} {row['kind']:<20} {row['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
