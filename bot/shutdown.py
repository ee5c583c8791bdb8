"""A clean stop on SIGTERM and SIGINT: the same path for ``docker stop``, systemd and Ctrl-C.

``Bot.close()`` unloads the cog, whose ``cog_unload`` stops taking events, lets the messages
being checked finish (the batcher drains), gives the backlog a last chance, flushes the hit
buffer and closes the database. The whole stop is bounded: ``docker stop`` kills after 10 s.
"""

from __future__ import annotations

import asyncio
import logging
import signal

from discord.ext import commands

log = logging.getLogger(__name__)

SIGNALS = (signal.SIGTERM, signal.SIGINT)


def close_on_signals(bot: commands.Bot, timeout_s: float) -> asyncio.Event:
    """Install the handlers on the running loop; the returned event is set once the bot is closed."""
    loop = asyncio.get_running_loop()
    closed = asyncio.Event()
    tasks: list[asyncio.Task] = []

    def on_signal(name: str) -> None:
        if tasks:  # a second signal while stopping: the first stop is already bounded
            log.warning("%s again: still stopping (at most %.0fs)", name, timeout_s)
            return
        log.info("%s: stopping (finish checks, flush hits, close the database; <= %.0fs)", name, timeout_s)
        tasks.append(loop.create_task(close_within(bot, timeout_s, closed)))

    for sig in SIGNALS:
        loop.add_signal_handler(sig, on_signal, sig.name)
    return closed


async def close_within(bot: commands.Bot, timeout_s: float, closed: asyncio.Event | None = None) -> bool:
    """``bot.close()`` within ``timeout_s``; False (logged) when it had to be cut short."""
    try:
        await asyncio.wait_for(bot.close(), timeout_s)
        return True
    except TimeoutError:
        log.error("shutdown took over %.0fs: stopped without finishing it", timeout_s)
        return False
    finally:
        if closed is not None:
            closed.set()


def remove_signal_handlers() -> None:
    loop = asyncio.get_running_loop()
    for sig in SIGNALS:
        loop.remove_signal_handler(sig)
