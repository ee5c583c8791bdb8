"""Command-line conventions every entry point shares (``python -m bot``, ``training``,
``classifier.serving.app``): a usage error is one ``error:`` line and exit status 2, never a traceback.

It lives in the lowest layer so that every command line can import it.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

USAGE_ERROR = 2


class OneLineErrors:
    """Mixin for an ``argparse.ArgumentParser`` (or a subclass such as ``HfArgumentParser``)."""

    prog: str

    def error(self, message: str) -> NoReturn:
        print(f"error: {message} (see {self.prog} --help)", file=sys.stderr)
        sys.exit(USAGE_ERROR)


class ArgumentParser(OneLineErrors, argparse.ArgumentParser):
    """``argparse.ArgumentParser`` whose usage errors are one line (argparse prints usage first)."""


def first_line(e: BaseException) -> str:
    """An exception's first line of text, or its type's name when it has none."""
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__
