"""What the dashboard's browser tests share: Debian's Chromium driven by Playwright, a logged-in
page that records script errors and CSP violations, and axe-core's verdict on a page."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright

from tests.dashboard_env import Dashboard

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
LOGIN_LINK = {"pt-BR": "Entrar com o Discord", "en": "Log in with Discord"}


def chromium() -> str:
    """Debian's Chromium (scripts/ensure-chromium.sh installs it; ``make test`` runs that first)."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("the browser tests need Chromium: run scripts/ensure-chromium.sh (make test does)")
    return path


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    # Playwright's async API: the database fixtures share the test's event loop with it
    async with async_playwright() as p:
        # --no-sandbox: CI and containers run as root, where Chromium's sandbox refuses to start
        b = await p.chromium.launch(executable_path=chromium(), headless=True, args=["--no-sandbox"])
        yield b
        await b.close()


async def new_page(
    browser: Browser,
    *,
    locale: str = "pt-BR",
    viewport: dict[str, int] | None = None,
    color_scheme: str = "light",
    timezone_id: str = "UTC",
) -> Page:
    """A fresh browser profile whose script errors and CSP violations land in ``page.errors``."""
    context = await browser.new_context(
        locale=locale, viewport=viewport or DESKTOP, timezone_id=timezone_id, color_scheme=color_scheme
    )
    page = await context.new_page()
    errors: list[str] = []
    # a page answered 403 on purpose is no script's fault
    page.on(
        "console",
        lambda m: m.type == "error" and "Failed to load resource" not in m.text and errors.append(m.text),
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    return page


async def log_in(browser: Browser, dashboard: Dashboard, user_id: int, **options: object) -> Page:
    """Log in through the fake Discord's consent page, as a person does."""
    page = await new_page(browser, **options)
    await page.goto(dashboard.url)
    await page.get_by_role("link", name=LOGIN_LINK[str(options.get("locale", "pt-BR"))]).click()
    await page.locator(f"#as-{user_id}").click()  # Discord's consent page (the fake's)
    await page.wait_for_load_state("networkidle")
    return page


async def axe_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line each."""
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        # evaluated, not added as a <script>: the dashboard's CSP allows scripts from itself alone
        await page.evaluate(AXE.read_text(encoding="utf-8"))
    found = await page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return r.violations.filter(v => v.impact === "serious" || v.impact === "critical")
              .map(v => v.id + " (" + v.impact + "): " + v.nodes.map(n => n.target.join(" ")).join(", "));
        }"""
    )
    return list(found)


async def horizontal_overflow(page: Page) -> list[str]:
    """Elements reaching past the viewport's right edge (the page then scrolls sideways)."""
    found = await page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= width) return [];
            return Array.from(document.querySelectorAll("body *"))
              .filter(e => e.getBoundingClientRect().right > width + 0.5)
              .slice(0, 8).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
                (typeof e.className === "string" && e.className ? "." + e.className.split(" ").join(".") : "")
                + " " + Math.round(e.getBoundingClientRect().right) + "px");
        }"""
    )
    return list(found)
