"""Command-line conventions every entry point shares (``python -m bot``, ``training``,
``classifier.serving``): a usage error is one ``error:`` line and exit status 2, never a traceback.

It lives in the lowest layer so that every command line can import it.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from pydantic import ValidationError

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


def setting_error(e: ValidationError) -> str:
    """A settings validation error as one ``error:`` line naming the variable at fault."""
    first = e.errors()[0]
    where = ".".join(map(str, first["loc"])).upper()
    msg = first["msg"].removeprefix("Value error, ")
    return f"error: setting {where}: {msg}" if where else f"error: settings: {msg}"
