"""Every page of the dashboard through axe-core (vendored, ``tests/vendor/axe-core``), in light and
dark, Portuguese and English, on a desktop screen and a 390x844 phone: any serious or critical
violation fails, and so does a page a phone must scroll sideways."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.async_api import Browser, Page

from tests.browser_env import DESKTOP, PHONE, axe_violations, browser, horizontal_overflow, log_in, new_page
from tests.dashboard_env import Dashboard, seed
from tests.fake_discord import ADMIN, GUILD, MEMBER, OTHER_GUILD, FakeDiscord

__all__ = ["browser"]  # the fixture, imported for pytest

# every page a person can open: (name, path); the admin sees them all
PAGES = [
    ("overview today", f"/g/{GUILD}?period=1d"),
    ("overview 7 days", f"/g/{GUILD}"),
    ("overview 30 days", f"/g/{GUILD}?period=30d"),
    ("review queue", f"/g/{GUILD}/review"),
    ("review queue, filtered and empty", f"/g/{GUILD}/review?label=homophobia"),
    ("settings", f"/g/{GUILD}/settings"),
    ("history", f"/g/{GUILD}/history"),
    ("another server (403)", f"/g/{OTHER_GUILD}"),
    ("no such page (404)", "/nowhere"),
]
SCREENS = [("light", DESKTOP), ("dark", DESKTOP), ("light", PHONE), ("dark", PHONE)]


@pytest.fixture
async def sqlite_site(tmp_path: Path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'sentinela.db'}"
    await seed(url)
    with FakeDiscord() as fake:
        dashboard = Dashboard(url, fake.api_base, tmp_path)
        try:
            yield dashboard
        finally:
            dashboard.stop()


async def check(page: Page, where: str, problems: list[str]) -> None:
    """axe on every screen; on a phone, nothing past the right edge."""
    for scheme, size in SCREENS:
        await page.emulate_media(color_scheme=scheme)
        await page.set_viewport_size(size)
        await page.wait_for_timeout(50)  # the chart redraws to the new width
        screen = f"{where}, {scheme}, {size['width']}x{size['height']}"
        problems += [f"{screen}: {v}" for v in await axe_violations(page)]
        if size == PHONE:
            problems += [f"{screen}: wider than the screen: {e}" for e in await horizontal_overflow(page)]


@pytest.mark.parametrize("locale", ["pt-BR", "en"])
async def test_every_page_passes_axe_in_both_themes_on_desktop_and_phone(
    sqlite_site: Dashboard, browser: Browser, locale: str
) -> None:
    problems: list[str] = []
    # logged out: the login page
    page = await new_page(browser, locale=locale)
    await page.goto(sqlite_site.url)
    await check(page, "login", problems)
    # a member who moderates nowhere: the (empty) server list
    page = await log_in(browser, sqlite_site, MEMBER, locale=locale)
    await check(page, "servers", problems)
    page = await log_in(browser, sqlite_site, ADMIN, locale=locale)
    for name, path in PAGES:
        await page.goto(sqlite_site.url + path)
        await page.wait_for_load_state("networkidle")
        await check(page, name, problems)
    # the settings page with what a change leaves on it (the flash)
    await page.goto(f"{sqlite_site.url}/g/{GUILD}/settings")
    row = page.locator('tr[data-label="insult"]')
    await row.get_by_role("textbox").fill("0.8")
    await row.get_by_role("button").first.click()
    await page.wait_for_load_state("networkidle")
    await check(page, "settings after a change", problems)
    assert problems == [], "\n".join(problems)
    assert page.errors == []
