"""A clean stop on SIGTERM and SIGINT: the same path for ``docker stop``, systemd and Ctrl-C.

``Bot.close()`` unloads the cog, whose ``cog_unload`` stops taking events, lets the messages
being checked finish (the batcher drains), gives the backlog a last chance, flushes the hit
buffer and closes the database; then it closes the Discord connection. The whole stop is
bounded: ``docker stop`` kills after 10 s, but systemd or a terminal would wait for ever.

When a part hangs (a frozen database, a model service that never answers), the unload would never
end, and cancelling it leaves the gateway open: the bot stays online and stops moderating. So on
timeout the Discord connection is closed anyway and the process exits with status 1 and one log
line. A second signal while stopping exits at once (128 + the signal's number, as a shell reports
a process killed by it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Callable, Coroutine
from typing import Any, NoReturn

import discord
from discord.ext import commands

log = logging.getLogger(__name__)

SIGNALS = (signal.SIGTERM, signal.SIGINT)
# past the timeout: how long closing the gateway and the HTTP session alone may take
CLIENT_CLOSE_S = 1.5
OVERRAN = 1  # the exit status of a stop that did not finish within its timeout

Exit = Callable[[int], NoReturn]


def exit_now(status: int) -> NoReturn:
    """Leave without the interpreter's clean-up: threads or connections stuck on a hung part
    would hold it, which is what a bounded stop must not wait for."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    logging.shutdown()
    os._exit(status)


def close_on_signals(bot: commands.Bot, timeout_s: float, exit: Exit = exit_now) -> asyncio.Event:
    """Install the handlers on the running loop; the returned event is set once the bot is closed."""
    loop = asyncio.get_running_loop()
    closed = asyncio.Event()
    tasks: list[asyncio.Task] = []

    def on_signal(sig: signal.Signals) -> None:
        if tasks:  # asked twice: whoever sends it wants the process gone, now
            log.error("%s again while stopping: exiting now, without finishing the stop", sig.name)
            exit(128 + sig.value)
        log.info(
            "%s: stopping (finish checks, flush hits, close the database; <= %.0fs)",
            sig.name,
            timeout_s,
        )
        tasks.append(loop.create_task(close_within(bot, timeout_s, closed, exit)))

    for sig in SIGNALS:
        loop.add_signal_handler(sig, on_signal, sig)
    return closed


async def close_within(
    bot: commands.Bot, timeout_s: float, closed: asyncio.Event | None = None, exit: Exit | None = None
) -> bool:
    """``bot.close()`` within ``timeout_s``. Past it, the Discord connection is closed anyway, one
    line is logged and ``exit(1)`` is called when given; returns False when it was cut short."""
    try:
        if await within(bot.close(), timeout_s):
            return True
        log.error(
            "stop took over %.0fs (a part hangs): closed the Discord connection without finishing; "
            "exiting with status %d",
            timeout_s,
            OVERRAN,
        )
        # Client.close, not Bot.close: the cogs' unload is what hung
        await within(discord.Client.close(bot), CLIENT_CLOSE_S)
        if exit is not None:
            exit(OVERRAN)
        return False
    finally:
        if closed is not None:
            closed.set()


async def within(work: Coroutine[Any, Any, object], timeout_s: float) -> bool:
    """Run ``work`` for at most ``timeout_s``; False when it did not finish (then cancelled).

    Not ``asyncio.wait_for``: past its timeout it waits for the cancellation to finish, and a hung
    part may never let it (SQLAlchemy's pool logs a cancelled close and goes on to the next
    connection, which hangs too). Errors are logged: a stop goes on whatever failed.
    """
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=timeout_s)
    if not done:
        task.cancel()  # not awaited: see above
        return False
    if not task.cancelled() and task.exception() is not None:
        log.error("stopping: %s", task.exception(), exc_info=task.exception())
    return True


def remove_signal_handlers() -> None:
    loop = asyncio.get_running_loop()
    for sig in SIGNALS:
        loop.remove_signal_handler(sig)
