"""Entry point: ``python -m training --help``."""

from __future__ import annotations

import logging
import sys

from training.errors import TrainingError
from training.run import run


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        run(sys.argv[1:] if argv is None else argv)
    except TrainingError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
