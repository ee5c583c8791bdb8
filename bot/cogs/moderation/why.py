"""The words that weighed most for a flagged message, computed after its hit is recorded and
its alert sent, and written into the hit's rows when they come.

Asked only for flagged messages and only where their text is kept (``STORE_CONTENT``: the words
are the text's, and are kept with it). One scorer batch per message (``classifier.serving.
explain``: at most 12 words and 4 word pairs occluded), under a deadline, in a background task:
the record and the alert never wait for it (they waited up to ``WAIT_S`` when it ran on their
path). Bounded: at most ``MAX_RUNNING`` at once, and none while a burst has live messages waiting
for the model (those come first). Anything that goes wrong (an outage, an overload, the
deadline, the database) leaves the hit without its words, logged, never without its record; the
review queue and ``/review`` show the words once they are there.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence

from bot.db.store import Store
from classifier.serving.explain import explain, lexical_half
from classifier.serving.scorer import Scorer

log = logging.getLogger(__name__)
WAIT_S = 2.0  # the most one explanation may take; past it the hit keeps no words
BUSY_QUEUE = 16  # texts waiting for the model past which a flagged message goes without its words
MAX_RUNNING = 4  # explanations at once; past it a flagged message goes without its words

Why = dict[str, list[tuple[str, float]]]  # label -> (term, how much its score turns on it)


async def words_that_weighed(scorer: Scorer, text: str, labels: Sequence[str]) -> Why | None:
    """Per flagged label, the terms its score turns on most; ``None`` when they could not be had
    now (the hit stays without them)."""
    if not labels or not text.strip():
        return None
    if scorer.queue_depth > BUSY_QUEUE:  # a burst: live messages first
        return None
    try:
        found = await asyncio.wait_for(explain(scorer, text, labels, lexical=lexical_half(scorer)), WAIT_S)
    except Exception as e:  # whatever failed, the hit stays without its words
        log.info("no words for a flagged message: %s: %s", type(e).__name__, e)
        return None
    return {label: [(t.text, t.weight) for t in terms] for label, terms in found.items() if terms}


class WhyWorker:
    """Background explanations of recorded hits: bounded, skipped when the model is busy, each
    failure logged, and finished or cancelled on shutdown (``close``).

    ``scorer`` and ``store`` are read when a task runs: the cog sets them in ``cog_load``."""

    def __init__(
        self, scorer: Callable[[], Scorer], store: Callable[[], Store], max_running: int = MAX_RUNNING
    ) -> None:
        if max_running < 1:
            raise ValueError("a why worker needs max_running >= 1")
        self.scorer, self.store, self.max_running = scorer, store, max_running
        self.tasks: set[asyncio.Task[None]] = set()
        self.skipped = 0  # flagged messages left without their words: busy model or too many at once
        self.closed = False

    def submit(self, guild_id: int, message_id: int, text: str, labels: Sequence[str]) -> bool:
        """Explain one recorded message in the background; False when skipped (closing, the model
        busy, ``max_running`` already running)."""
        if self.closed or not labels or not text.strip():
            return False
        if len(self.tasks) >= self.max_running or self.scorer().queue_depth > BUSY_QUEUE:
            self.skipped += 1
            log.debug("guild %s: message %s goes without its words (busy)", guild_id, message_id)
            return False
        run = self._run(guild_id, message_id, text, list(labels))
        task = asyncio.create_task(run, name=f"why-{message_id}")
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return True

    async def _run(self, guild_id: int, message_id: int, text: str, labels: list[str]) -> None:
        try:
            why = await words_that_weighed(self.scorer(), text, labels)
            if not why:
                return
            written = await self.store().record_why(guild_id, message_id, why)
            if not written:  # retention, or still in the hit buffer while the database is down
                log.info("guild %s: message %s's words found no hit row to keep them", guild_id, message_id)
        except asyncio.CancelledError:
            raise
        except Exception:  # never the bot's: the hit is recorded and alerted already
            log.warning("guild %s: words for message %s not kept", guild_id, message_id, exc_info=True)

    async def close(self, timeout_s: float | None = None) -> int:
        """Take no more; let the running ones finish within ``timeout_s`` (one explanation's
        deadline), then cancel the rest, so none writes after the store closes. Returns how many
        were cancelled."""
        self.closed = True
        running = list(self.tasks)
        if not running:
            return 0
        timeout_s = WAIT_S if timeout_s is None else timeout_s
        _done, pending = await asyncio.wait(running, timeout=max(0.0, timeout_s))
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        if pending:
            log.info("stopping: %d message(s) left without their words", len(pending))
        return len(pending)
