"""The dashboard in a real headless Chromium (Debian's, driven by Playwright), as moderators and
admins use it: log in through Discord's consent page, read the chart, work the queue with the
keyboard and the mouse, change a threshold, be refused where they may not go, log out.

The pages are in Portuguese (the browser asks for pt-BR). ``SCREENSHOTS_DIR=docs`` (``make
screenshots``) also writes the README's screenshots there.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.async_api import Browser, Page, expect

from bot.core.policy import Action, Decision, LabelHit, decide
from bot.db.store import HitRecord, Store
from tests.browser_env import DESKTOP, PHONE, browser, log_in
from tests.dashboard_env import BACKGROUND_IDS, MODEL_THRESHOLDS, Dashboard, seed
from tests.fake_discord import ADMIN, GENERAL, GUILD, MODERATOR, OTHER_GUILD, FakeDiscord

__all__ = ["browser"]  # the fixture, imported for pytest
# the README's and docs/dashboard.md's pictures: light and desktop, and the same in dark and on a phone
SCREENSHOT_NAMES = {"overview": "dashboard-overview.png", "queue": "dashboard-queue.png",
                    "settings": "dashboard-settings.png"}  # fmt: skip


@pytest.fixture
async def site(db_url: str, tmp_path: Path):
    expected = await seed(db_url)
    with FakeDiscord() as fake:
        dashboard = Dashboard(db_url, fake.api_base, tmp_path)
        try:
            yield dashboard, expected, db_url
        finally:
            dashboard.stop()


async def screenshot(page: Page, name: str, tmp_path: Path) -> None:
    """The page as the README shows it, and (``SCREENSHOTS_DIR`` set) dark and phone-sized too."""
    target = os.environ.get("SCREENSHOTS_DIR")
    shots = [("", "light", DESKTOP)]
    if target:
        shots += [("-dark", "dark", DESKTOP), ("-phone", "light", PHONE)]
    for suffix, scheme, size in shots:
        await page.emulate_media(color_scheme=scheme)
        await page.set_viewport_size(size)
        await page.wait_for_timeout(100)  # the chart redraws to the width and the theme
        out = tmp_path / SCREENSHOT_NAMES[name].replace(".png", f"{suffix}.png")
        await page.screenshot(path=str(out), full_page=True)
        assert out.stat().st_size > 10_000  # a rendered page, not a blank one
        if target:
            shutil.copy(out, Path(target) / out.name)
    await page.emulate_media(color_scheme="light")
    await page.set_viewport_size(DESKTOP)


async def verdicts(url: str) -> dict[int, str]:
    store = Store(url)
    try:
        hits = await store.reviewed_hits(GUILD)
        return {h.message_id: h.verdict for h in hits if h.message_id < BACKGROUND_IDS}
    finally:
        await store.close()


async def test_a_moderator_reads_the_chart_works_the_queue_and_is_refused_elsewhere(
    site, browser: Browser, tmp_path: Path
) -> None:
    dashboard, expected, url = site
    page = await log_in(browser, dashboard, MODERATOR)
    await expect(page).to_have_url(f"{dashboard.url}/g/{GUILD}")
    await expect(page.get_by_role("heading", name="Visão geral")).to_be_visible()
    # the chart: hover over today (the right edge) and read the day's counts
    plot = page.locator("#chart .u-over")
    box = await plot.bounding_box()
    await page.mouse.move(box["x"] + box["width"] - 2, box["y"] + box["height"] / 2)
    readout = page.locator("#chart-readout")
    today = datetime.now(UTC).date()
    await expect(readout).to_have_attribute("data-day", today.isoformat())
    text = await readout.inner_text()
    assert "insulto 2" in text and "misoginia 1" in text and "racismo 0" in text, text
    assert sum(expected.values()) == 3
    await screenshot(page, "overview", tmp_path)
    # click a label: the chart shows it alone, and the readout with it
    await page.get_by_role("button", name="misoginia").click()
    await page.mouse.move(box["x"] + 5, box["y"] + 5)
    await page.mouse.move(box["x"] + box["width"] - 2, box["y"] + box["height"] / 2)
    await expect(readout).to_have_text(f"{today:%d/%m}: misoginia 1")  # the day as pt-BR writes it
    # the keyboard reads the days too: focus the chart, then the arrows move a day
    await page.get_by_role("button", name="misoginia").click()  # all labels again
    await page.locator("#chart").focus()
    await page.keyboard.press("End")
    await expect(readout).to_have_attribute("data-day", today.isoformat())
    await page.keyboard.press("ArrowLeft")
    yesterday = today - timedelta(days=1)
    await expect(readout).to_have_attribute("data-day", yesterday.isoformat())
    await expect(readout).to_contain_text(f"{yesterday:%d/%m}: ")

    # the review queue: six alerts (not #staff's); confirm with the keyboard, reject with the mouse
    await page.get_by_role("link", name="Fila de revisão").click()
    alerts = page.locator("article.alert:not(.reviewed)")
    await expect(alerts).to_have_count(6)
    # authors by name, the id on hover; one Discord does not know, by id
    await expect(page.locator(".person", has_text="Joca")).to_have_attribute("title", "100")
    await expect(page.locator("code.person", has_text="106")).to_be_visible()
    # beside its label, the words that weighed most for it
    why = page.locator('article[data-message="9000"] .why')
    await expect(why).to_have_text("pesou mais: burro, sai daqui")
    await screenshot(page, "queue", tmp_path)
    first = int(await alerts.nth(0).get_attribute("data-message"))
    second = int(await alerts.nth(1).get_attribute("data-message"))
    third = int(await alerts.nth(2).get_attribute("data-message"))
    await page.keyboard.press("c")
    await expect(page.locator(f'article.reviewed[data-message="{first}"]')).to_contain_text(
        "Registrado: confirmado"
    )
    await expect(page.locator(f'article.alert.current[data-message="{second}"]')).to_be_visible()
    await (
        page.locator(f'article[data-message="{second}"]').get_by_role("button", name="Falso positivo").click()
    )
    await expect(page.locator(f'article.reviewed[data-message="{second}"]')).to_contain_text("falso positivo")
    await page.keyboard.press("s")  # skip the third: no verdict, the focus moves on
    await expect(page.locator(f'article[data-message="{third}"]')).to_be_hidden()
    assert await verdicts(url) == {first: "confirmed", second: "false_positive"}

    # settings are for admins; another guild's URL is refused
    response = await page.goto(f"{dashboard.url}/g/{GUILD}/settings")
    assert response.status == 403
    await expect(page.locator(".error")).to_contain_text("Só administradores")
    response = await page.goto(f"{dashboard.url}/g/{OTHER_GUILD}")
    assert response.status == 403
    await expect(page.locator(".error")).to_contain_text("Você não pode moderar este servidor")

    # log out: back to the login page; the dashboard is closed to this browser again
    await page.goto(f"{dashboard.url}/g/{GUILD}")
    await page.get_by_role("button", name="Sair").click()
    await expect(page.get_by_role("link", name="Entrar com o Discord")).to_be_visible()
    await page.goto(f"{dashboard.url}/g/{GUILD}/review")
    await expect(page.get_by_role("link", name="Entrar com o Discord")).to_be_visible()
    assert page.errors == []  # no script error, no Content-Security-Policy violation


async def test_the_chart_s_days_are_the_browser_s_days(site, browser: Browser) -> None:
    """A hit at 01:30 UTC: on the day before in a browser in São Paulo, on its own day in UTC."""
    dashboard, _expected, url = site
    when = datetime.combine(datetime.now(UTC).date() - timedelta(days=2), time(1, 30), UTC)
    store = Store(url)
    hit = LabelHit("homophobia", 0.9, 0.4, Action.LOG)  # a label the seed never uses
    decision = Decision(hits=(hit,), action=Action.LOG)
    await store.record_hits(HitRecord(GUILD, GENERAL, 7700, 7, decision, Action.LOG, "m", None, when))
    await store.close()
    shown = {}
    for zone in ("America/Sao_Paulo", "UTC"):
        page = await log_in(browser, dashboard, ADMIN, timezone_id=zone)  # the tz cookie: the login page's
        today, day = datetime.now(ZoneInfo(zone)).date(), when.astimezone(ZoneInfo(zone)).date()
        readout = page.locator("#chart-readout")
        await page.locator("#chart").focus()
        await page.keyboard.press("End")
        await expect(readout).to_have_attribute("data-day", today.isoformat())
        for _ in range((today - day).days):
            await page.keyboard.press("ArrowLeft")
        await expect(readout).to_have_attribute("data-day", day.isoformat())
        await expect(readout).to_contain_text("homofobia 1")
        await page.keyboard.press("ArrowRight")  # the next day has none
        await expect(readout).to_contain_text("homofobia 0")
        shown[zone] = day
        assert page.errors == []
        await page.context.close()
    assert shown["America/Sao_Paulo"] == shown["UTC"] - timedelta(days=1) == when.date() - timedelta(days=1)


async def test_an_admin_changes_a_threshold_and_a_form_without_its_token_is_refused(
    site, browser: Browser, tmp_path: Path
) -> None:
    dashboard, _expected, url = site
    page = await log_in(browser, dashboard, ADMIN)
    await page.get_by_role("link", name="Configurações").click()
    row = page.locator('tr[data-label="insult"]')
    await expect(row.locator(".in-force")).to_contain_text("0,50")
    # a form stripped of its CSRF token (as another site's form would be): refused, nothing changed
    await row.get_by_role("textbox").fill("0,9")
    await row.locator('input[name="csrf"]').evaluate("e => e.remove()")
    await row.get_by_role("button", name="Salvar").click()
    await expect(page.locator(".error")).to_contain_text("Este formulário expirou")
    await page.goto(f"{dashboard.url}/g/{GUILD}/settings")
    row = page.locator('tr[data-label="insult"]')
    await expect(row.locator(".in-force")).to_contain_text("0,50")
    # the real change, in Portuguese decimals; the page says what it replaced
    await row.get_by_role("textbox").fill("0,8")
    await row.get_by_role("button", name="Salvar").click()
    await expect(page.locator(".flash.ok")).to_contain_text("→ 0,80")
    await expect(page.locator('tr[data-label="insult"] .in-force')).to_contain_text("0,80")
    # back at the saved row with the focus in it (not at the top, 13 Tabs away from the next label)
    await expect(page).to_have_url(re.compile(r"/settings\?saved=threshold-insult$"))
    await expect(page.locator('#threshold-insult input[type="text"]')).to_be_focused()
    for _ in range(3):  # its Save, its "back to the model's", then the next label's field
        await page.keyboard.press("Tab")
    await expect(page.locator('#threshold-racism input[type="text"]')).to_be_focused()
    # an exemption needs a choice: no role or channel is chosen in advance
    for select in await page.locator('select[name="target"]').all():
        assert await select.input_value() == ""
    await screenshot(page, "settings", tmp_path)

    # the history shows it, by the admin
    await page.get_by_role("link", name="Histórico").click()
    entry = page.locator('tr[data-kind="threshold"]')
    await expect(entry).to_have_count(1)
    await expect(entry.locator(".person")).to_have_text("Ana Admin")  # by name, the id on hover
    await expect(entry.locator(".person")).to_have_attribute("title", str(ADMIN))
    # and filtered by name
    await page.get_by_label("quem").select_option(label="Ana Admin")
    await page.get_by_role("button", name="Filtrar").click()
    await expect(page).to_have_url(re.compile(rf"who={ADMIN}"))
    await expect(entry).to_have_count(1)
    await expect(entry).to_contain_text("0,80")

    # and the bot's next decision applies it: 0.7 was an insult at the model's 0.5, it is not now
    store = Store(url)
    try:
        guild = await store.guild_config(GUILD)
    finally:
        await store.close()
    assert decide({"insult": 0.7}, guild, MODEL_THRESHOLDS).hits == ()

    # turning moderation off asks first: one click only opens the question
    await page.goto(f"{dashboard.url}/g/{GUILD}/settings")
    yes = page.get_by_role("button", name="Sim, desligar")
    await expect(yes).to_be_hidden()
    await page.get_by_text("Desligar…").click()
    await yes.click()
    await expect(page.locator(".flash.ok")).to_be_visible()
    await expect(page.get_by_role("button", name="Ligar")).to_be_visible()
    store = Store(url)
    try:
        assert (await store.guild_config(GUILD)).enabled is False
    finally:
        await store.close()
    assert page.errors == []
