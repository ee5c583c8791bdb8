"""What every training command line shares: one parser, one error story.

``python -m training``, ``python -m training.blend`` and ``python -m training.evaluate`` parse
the same dataclasses (``training.args``) with ``HfArgumentParser`` (flags or one JSON file), and
answer a user error with one ``error:`` line and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

from transformers import HfArgumentParser

from classifier.cli import USAGE_ERROR, OneLineErrors
from classifier.errors import ClassifierError
from training.errors import TrainingError


class ArgumentParser(OneLineErrors, HfArgumentParser):
    """``HfArgumentParser`` whose usage errors are one line (argparse prints usage, then the error)."""


def parse(
    dataclass_types: Sequence[type],
    argv: list[str],
    *,
    prog: str,
    description: str,
    positional: Sequence[tuple[str, str]] = (),
) -> tuple[Any, ...]:
    """Parse ``argv`` (or one ``.json`` file) into ``dataclass_types``, then the positional values.

    ``positional`` are ``(name, help)`` pairs given before the flags (e.g. ``MODEL_DIR``).
    """
    parser = ArgumentParser(dataclass_types, prog=prog, description=description)
    for name, help_text in positional:
        parser.add_argument(name, help=help_text)
    try:
        if not positional and len(argv) == 1 and argv[0].endswith(".json"):
            return tuple(parser.parse_json_file(json_file=argv[0]))
        parsed = parser.parse_args_into_dataclasses(args=argv)
    except ValueError as e:  # flags no dataclass takes; a dataclass's own __post_init__ checks
        parser.error(str(e).splitlines()[0])
    if positional:
        extra: argparse.Namespace = parsed[-1]
        return (*parsed[:-1], *(getattr(extra, name) for name, _ in positional))
    return tuple(parsed)


def run_main(command: Callable[[], int]) -> int:
    """Run a command line; user errors become one ``error:`` line and status 2."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return command()
    except (TrainingError, ClassifierError) as e:
        print(f"error: {e}", file=sys.stderr)
        return USAGE_ERROR
