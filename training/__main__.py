"""Entry point: ``python -m training --help``."""

from __future__ import annotations

import sys

from training.cli import run_main
from training.run import run


def main(argv: list[str] | None = None) -> int:
    def command() -> int:
        run(sys.argv[1:] if argv is None else argv)
        return 0

    return run_main(command)


if __name__ == "__main__":
    sys.exit(main())
