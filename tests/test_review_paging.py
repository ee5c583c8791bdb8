"""The review queue's pages as the store serves them: the next page starts after the last alert
shown, so verdicts given meanwhile skip nothing; and a verdict can be taken back for a while."""

from __future__ import annotations

from datetime import timedelta

from bot.core.policy import Action, Decision, LabelHit
from bot.db.models import utcnow
from bot.db.store import HitRecord, Store

GUILD, CHANNEL, MOD, OTHER_MOD = 1, 10, 42, 43


async def seeded(url: str, n: int) -> Store:
    """``n`` unreviewed alerts, message ids 1..n, the newest last; a few share a second."""
    store = Store(url)
    await store.migrate()
    now = utcnow()
    for i in range(1, n + 1):
        labels = ("insult", "obscene") if i % 3 == 0 else ("insult",)
        hits = tuple(LabelHit(label, 0.9, 0.5, Action.ALERT) for label in labels)
        at = now - timedelta(seconds=(n - i) // 2)  # pairs of messages in the same second
        await store.record_hits(
            HitRecord(GUILD, CHANNEL, i, 100, Decision(hits=hits, action=Action.ALERT), Action.ALERT, "m",
                      f"text {i}", created_at=at)
        )  # fmt: skip
    return store


async def test_paging_after_the_last_alert_shown_skips_nothing_whatever_was_reviewed(db_url):
    store = await seeded(db_url, 50)
    try:
        seen: list[int] = []
        totals: list[int] = []
        after = None
        while True:
            page, total = await store.review_queue(GUILD, after_message=after, limit=20)
            totals.append(total)
            if not page:
                break
            seen += [a.message_id for a in page]
            # every alert of the page reviewed before the next page is asked for
            for alert in page:
                await store.record_feedback(GUILD, alert.message_id, MOD, "confirmed")
            after = page[-1].message_id
        assert seen == list(range(50, 0, -1))  # all 50, newest first, once each
        assert totals == [50, 30, 10, 0]  # the whole queue's count, not what is after the cursor
        # the same walk by offset, as the dashboard paged before: 20 of 50 never shown
        store2 = await seeded(db_url.replace("sentinela.db", "offset.db"), 50) if "sqlite" in db_url else None
        if store2 is not None:
            try:
                first, _ = await store2.review_queue(GUILD, limit=20)
                for alert in first:
                    await store2.record_feedback(GUILD, alert.message_id, MOD, "confirmed")
                second, _ = await store2.review_queue(GUILD, offset=20, limit=20)
                assert second[0].message_id == 10  # what was the third page: 30..11 skipped
            finally:
                await store2.close()
    finally:
        await store.close()


async def test_paging_by_label_follows_that_labels_rows(db_url):
    store = await seeded(db_url, 30)
    try:
        first, total = await store.review_queue(GUILD, label="obscene", limit=4)
        assert [a.message_id for a in first] == [30, 27, 24, 21] and total == 10
        rest, _ = await store.review_queue(GUILD, label="obscene", after_message=21, limit=20)
        assert [a.message_id for a in rest] == [18, 15, 12, 9, 6, 3]
        # a cursor on a message that is gone (retention) gives the newest page, not an empty one
        newest, _ = await store.review_queue(GUILD, label="obscene", after_message=999, limit=1)
        assert [a.message_id for a in newest] == [30]
    finally:
        await store.close()


async def test_a_verdict_is_taken_back_by_its_moderator_within_the_time_only(db_url):
    store = await seeded(db_url, 3)
    try:
        assert await store.record_feedback(GUILD, 3, MOD, "confirmed") == 2  # both hits of message 3
        assert await store.record_feedback(GUILD, 3, OTHER_MOD, "false_positive") == 2
        assert await store.withdraw_feedback(GUILD, 3, MOD, within_s=10) == 2
        # the other moderator's verdict stays: the alert is still reviewed
        page, total = await store.review_queue(GUILD, limit=20)
        assert [a.message_id for a in page] == [2, 1] and total == 2
        assert await store.withdraw_feedback(GUILD, 3, OTHER_MOD, within_s=10) == 2
        page, total = await store.review_queue(GUILD, limit=20)
        assert [a.message_id for a in page] == [3, 2, 1] and total == 3
        # too late: a verdict older than the window stays
        await store.record_feedback(GUILD, 2, MOD, "confirmed")
        assert await store.withdraw_feedback(GUILD, 2, MOD, within_s=-1) == 0
        assert [a.message_id for a in (await store.review_queue(GUILD, limit=20))[0]] == [3, 1]
    finally:
        await store.close()
