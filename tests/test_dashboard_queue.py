"""The review queue in a real Chromium, as a moderator works it from the keyboard: pages that skip
nothing while verdicts are given, keys that act on the focused alert, an undo for 10 seconds, the
count and a screen reader's announcement kept up to date, and the focus never dropped."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, expect

from bot.core.policy import Action, Decision, LabelHit
from bot.db.models import utcnow
from bot.db.store import HitRecord, Store
from tests.browser_env import axe_violations, browser, log_in
from tests.dashboard_env import BACKGROUND_IDS, SEED, Dashboard, seed
from tests.fake_discord import GENERAL, GUILD, MODERATOR, STAFF, FakeDiscord

__all__ = ["browser"]  # the fixture, imported for pytest
MORE = 45  # with SEED's six the moderator reads: 51 alerts, three pages of 20
MORE_IDS = 10_000  # below BACKGROUND_IDS: the seed's reviewed weeks


async def reviewed(url: str) -> dict[int, str]:
    """The verdicts on the test's alerts (the seed's weeks before are reviewed already)."""
    store = Store(url)
    try:
        return {
            h.message_id: h.verdict for h in await store.reviewed_hits(GUILD) if h.message_id < BACKGROUND_IDS
        }
    finally:
        await store.close()


async def seed_more(url: str) -> None:
    """``MORE`` unreviewed insults in #general, older than SEED's, one a minute."""
    store = Store(url)
    try:
        now = utcnow()
        for i in range(MORE):
            hits = (LabelHit("insult", 0.8, 0.5, Action.ALERT),)
            await store.record_hits(
                HitRecord(GUILD, GENERAL, MORE_IDS + i, 100, Decision(hits=hits, action=Action.ALERT),
                          Action.ALERT, "test-model", f"insulto número {i}",
                          created_at=now - timedelta(days=4, minutes=i))
            )  # fmt: skip
    finally:
        await store.close()


@pytest.fixture
async def site(db_url: str, tmp_path: Path):
    await seed(db_url)
    with FakeDiscord() as fake:
        dashboard = Dashboard(db_url, fake.api_base, tmp_path)
        try:
            yield dashboard, db_url
        finally:
            dashboard.stop()


async def open_ids(page: Page) -> list[int]:
    cards = page.locator("article.alert:not(.reviewed)")
    return [int(m) for m in await cards.evaluate_all("cs => cs.map(c => c.dataset.message)")]


async def test_paging_over_three_pages_with_verdicts_between_shows_every_alert_once(
    site, browser: Browser
) -> None:
    dashboard, url = site
    await seed_more(url)
    page = await log_in(browser, dashboard, MODERATOR)
    await page.goto(f"{dashboard.url}/g/{GUILD}/review")
    await expect(page.locator("#queue-total")).to_have_text("51")
    seen: list[int] = []
    first_page = await open_ids(page)
    assert len(first_page) == 20
    # the whole first page confirmed from the keyboard: each c moves the focus to the next alert
    for n, message in enumerate(first_page):
        await expect(page.locator(f'article.alert.current[data-message="{message}"]')).to_be_focused()
        await page.keyboard.press("c")
        await expect(page.locator(f'article.reviewed[data-message="{message}"]')).to_be_visible()
        await expect(page.locator("#queue-total")).to_have_text(str(51 - n - 1))  # live, no reload
    seen += first_page
    # after the page's last verdict the focus is on the way on, not lost on <body>
    await expect(page.locator("#older")).to_be_focused()
    await page.keyboard.press("Enter")
    await page.wait_for_url(f"**/review?after={first_page[-1]}")
    second_page = await open_ids(page)
    assert len(second_page) == 20
    # half of the second page reviewed (false positives, by mouse), then on to the third
    for message in second_page[:10]:
        card = page.locator(f'article[data-message="{message}"]')
        await card.get_by_role("button", name="Falso positivo").click()
        await expect(page.locator(f'article.reviewed[data-message="{message}"]')).to_be_visible()
    seen += second_page
    await page.locator("#older").click()
    await page.wait_for_url(f"**/review?after={second_page[-1]}")
    third_page = await open_ids(page)
    seen += third_page
    # every unreviewed alert the moderator may read, once, newest first: nothing skipped by paging
    # (SEED's of a day share their time: the later id first)
    readable = sorted(((row[0], -i) for i, row in enumerate(SEED) if row[1] != STAFF))
    expected = [9000 - i for _days, i in readable] + [MORE_IDS + i for i in range(MORE)]
    assert seen == expected
    assert third_page == expected[40:]
    verdicts = await reviewed(url)
    assert sum(v == "confirmed" for k, v in verdicts.items() if k in first_page) == 20
    assert page.errors == []


async def test_keys_act_on_the_focused_alert_a_verdict_is_undone_and_said_aloud(
    site, browser: Browser
) -> None:
    dashboard, url = site
    page = await log_in(browser, dashboard, MODERATOR)
    await page.clock.install()  # the undo's 10 seconds, run forward by the test
    await page.goto(f"{dashboard.url}/g/{GUILD}/review")
    ids = await open_ids(page)
    assert len(ids) == 6
    first, second = ids[0], ids[1]
    await expect(page.locator(f'article.current[data-message="{first}"]')).to_be_visible()
    # Tab to the second alert's "Falso positivo" and press c: the second alert is confirmed
    other = page.locator(f'article[data-message="{second}"]')
    await other.get_by_role("button", name="Falso positivo").focus()
    await page.keyboard.press("c")
    receipt = page.locator(f'article.reviewed[data-message="{second}"]')
    await expect(receipt).to_contain_text("Registrado: confirmado")
    text_of_second = SEED[second - 9000][4]
    await expect(receipt.locator("blockquote")).to_have_text(text_of_second)  # the text stays
    assert await reviewed(url) == {second: "confirmed"}
    await expect(page.locator(f'article.alert:not(.reviewed)[data-message="{first}"]')).to_be_visible()
    # the count, live, and the same said to a screen reader
    await expect(page.locator("#queue-total")).to_have_text("5")
    announce = page.locator("#announce")
    await expect(announce).to_have_attribute("aria-live", "polite")
    await expect(announce).to_have_text("Registrado: confirmado. Restam 5 alertas.")
    assert await axe_violations(page) == []  # the receipt and its undo pass too

    # u takes it back: the alert is in the queue again, with the focus, and the database says so.
    # htmx's settle step (a timer) comes a minute late from here, as under load it can come after
    # the next key: the keys must work on the card that came back all the same
    await page.evaluate("htmx.config.defaultSettleDelay = 60000")
    await page.keyboard.press("u")
    back = page.locator(f'article.alert:not(.reviewed)[data-message="{second}"]')
    await expect(back).to_be_focused()
    await expect(page.locator("#queue-total")).to_have_text("6")
    await expect(announce).to_contain_text("desfeito")
    assert await reviewed(url) == {}

    # the undo is offered for 10 seconds, then only the receipt is left
    await page.keyboard.press("f")
    receipt = page.locator(f'article.reviewed[data-message="{second}"]')
    await expect(receipt.get_by_role("button", name="Desfazer")).to_be_visible()
    await page.clock.run_for(9_000)
    await expect(receipt.get_by_role("button", name="Desfazer")).to_be_visible()
    await page.clock.run_for(2_000)
    await expect(receipt.get_by_role("button", name="Desfazer")).to_have_count(0)
    assert await reviewed(url) == {second: "false_positive"}

    # s skips; after the last verdict of the last page the focus goes to the queue's title
    for message in [m for m in ids if m != second]:
        card = page.locator(f'article[data-message="{message}"]')
        await card.get_by_role("button", name="Confirmar").focus()
        await page.keyboard.press("c")
        await expect(page.locator(f'article.reviewed[data-message="{message}"]')).to_be_visible()
    await expect(page.locator("#queue-title")).to_be_focused()
    await expect(page.locator("#queue-total")).to_have_text("0")
    assert len(await reviewed(url)) == 6
    assert page.errors == []
