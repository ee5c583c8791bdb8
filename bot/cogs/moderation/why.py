"""The words that weighed most for a flagged message, computed as its hit is recorded.

Asked only for flagged messages and only where their text is kept (``STORE_CONTENT``: the words
are the text's, and are kept with it). One scorer batch per message (``classifier.serving.
explain``: at most 12 words and 4 word pairs occluded), under a deadline, and not while a burst
has live messages waiting for the model: those come first. Anything that goes wrong (an outage,
an overload, the deadline) leaves the hit without its words, never without its record.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from classifier.serving.explain import explain, lexical_half
from classifier.serving.scorer import Scorer

log = logging.getLogger(__name__)
WAIT_S = 2.0  # the most a hit's record and alert wait for its words
BUSY_QUEUE = 16  # texts waiting for the model past which a flagged message goes without its words

Why = dict[str, list[tuple[str, float]]]  # label -> (term, how much its score turns on it)


async def words_that_weighed(scorer: Scorer, text: str, labels: Sequence[str]) -> Why | None:
    """Per flagged label, the terms its score turns on most; ``None`` when they could not be had
    now (the hit is recorded without them)."""
    if not labels or not text.strip():
        return None
    if scorer.queue_depth > BUSY_QUEUE:  # a burst: live messages first
        return None
    try:
        found = await asyncio.wait_for(explain(scorer, text, labels, lexical=lexical_half(scorer)), WAIT_S)
    except Exception as e:  # whatever failed, the hit is recorded without its words
        log.info("no words for a flagged message: %s: %s", type(e).__name__, e)
        return None
    return {label: [(t.text, t.weight) for t in terms] for label, terms in found.items() if terms}
