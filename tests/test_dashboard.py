"""The dashboard as a real process (``python -m bot dashboard``) on SQLite and PostgreSQL, against
the fake Discord at the HTTP boundary, driven over HTTP as a browser does (cookies, redirects,
forms). The browser itself: tests/test_dashboard_browser.py."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import discord
import pytest
import requests

from bot.core.permissions import Overwrite, channel_permissions, guild_permissions
from bot.core.policy import Action, Decision, LabelHit, decide
from bot.dashboard.settings import DashboardSettings
from bot.db.models import utcnow
from bot.db.store import HitRecord, Store
from tests.dashboard_env import BACKGROUND_IDS, MODEL_THRESHOLDS, Dashboard, background, csrf_of, login, seed
from tests.fake_discord import (
    ADMIN,
    ADMIN_ROLE,
    GENERAL,
    GUILD,
    MEMBER,
    MODERATOR,
    OTHER_GUILD,
    STAFF,
    VIEW_CHANNEL,
    FakeDiscord,
)  # fmt: skip


@pytest.fixture
def site(db_url: str, tmp_path):
    expected = asyncio.run(seed(db_url))
    with FakeDiscord() as fake:
        dashboard = Dashboard(db_url, fake.api_base, tmp_path)
        try:
            yield dashboard, fake, expected, db_url
        finally:
            dashboard.stop()


def chart_data(html: str) -> dict:
    import json

    match = re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', html, re.S)
    assert match, "no chart data on the overview"
    return json.loads(match.group(1))


def test_a_moderator_reads_the_overview_and_works_the_queue_but_not_the_settings(site) -> None:
    dashboard, fake, expected, url = site
    http = login(dashboard, MODERATOR)
    # one server to moderate: the servers page sends them straight to its overview
    page = http.get(dashboard.url + "/")
    assert page.url.endswith(f"/g/{GUILD}") and page.status_code == 200
    data = chart_data(page.text)
    today = {s["label"]: s["counts"][-1] for s in data["series"]}
    assert {k: v for k, v in today.items() if v} == expected
    # #staff is closed to moderators: its hit is neither counted nor shown, the thread's is
    assert "#staff" not in page.text and "#debate" in page.text
    assert 'id="flagged">' + str(6 + len(background())) + "<" in page.text
    queue = http.get(f"{dashboard.url}/g/{GUILD}/review")
    assert queue.text.count('<article class="alert"') == 6
    assert "canal da staff" not in queue.text and "volta pra cozinha" in queue.text
    # a verdict posted as the page's form does it, with the page's CSRF token
    first = int(re.search(r'data-message="(\d+)"', queue.text).group(1))
    answer = http.post(
        f"{dashboard.url}/g/{GUILD}/review/{first}",
        data={"csrf": csrf_of(queue.text), "verdict": "confirmed"},
    )
    assert answer.status_code == 200 and answer.url.endswith(f"/g/{GUILD}/review")
    assert answer.text.count('<article class="alert"') == 5

    async def verdicts() -> list:
        store = Store(url)
        try:
            hits = await store.reviewed_hits(GUILD)
            return [(h.message_id, h.verdict) for h in hits if h.message_id < BACKGROUND_IDS]
        finally:
            await store.close()

    assert asyncio.run(verdicts()) == [(first, "confirmed")]
    # no verdict on a message of a channel they cannot read, even by a forged request
    staff_message = 9005
    refused = http.post(
        f"{dashboard.url}/g/{GUILD}/review/{staff_message}",
        data={"csrf": csrf_of(queue.text), "verdict": "confirmed"},
    )
    assert refused.status_code == 403 and len(asyncio.run(verdicts())) == 1
    # settings are for admins; another guild's id is refused whatever the page
    assert http.get(f"{dashboard.url}/g/{GUILD}/settings").status_code == 403
    assert http.get(f"{dashboard.url}/g/{GUILD}/export").status_code == 403
    for path in ("", "/review", "/history", "/settings"):
        assert http.get(f"{dashboard.url}/g/{OTHER_GUILD}{path}").status_code == 403
    assert http.get(f"{dashboard.url}/g/123456789{path}").status_code == 403
    # log out: the session is gone and the token revoked at Discord
    out = http.post(dashboard.url + "/logout", data={"csrf": csrf_of(queue.text)})
    assert "/login" in out.text and f"/g/{GUILD}" not in out.url
    assert http.get(f"{dashboard.url}/g/{GUILD}", allow_redirects=False).status_code == 303
    assert "POST /oauth2/token/revoke" in fake.world.calls


def test_an_admin_changes_a_threshold_which_the_bot_then_applies_and_history_records(site) -> None:
    dashboard, _fake, _expected, url = site
    http = login(dashboard, ADMIN)
    page = http.get(f"{dashboard.url}/g/{GUILD}/settings")
    assert page.status_code == 200 and "#staff" in http.get(f"{dashboard.url}/g/{GUILD}").text
    token = csrf_of(page.text)
    # without the CSRF token: refused, nothing changed
    forged = http.post(
        f"{dashboard.url}/g/{GUILD}/settings", data={"kind": "threshold", "label": "insult", "value": "0.9"}
    )
    assert forged.status_code == 403
    done = http.post(
        f"{dashboard.url}/g/{GUILD}/settings",
        data={"csrf": token, "kind": "threshold", "label": "insult", "value": "0,8"},  # pt-BR comma
    )
    # what it replaced, and the new value
    assert done.status_code == 200 and "insult</strong>: model&#39;s default → 0.80" in done.text
    bad = http.post(
        f"{dashboard.url}/g/{GUILD}/settings",
        data={"csrf": token, "kind": "threshold", "label": "insult", "value": "2"},
    )
    assert "between 0 and 1" in bad.text
    settings = f"{dashboard.url}/g/{GUILD}/settings"
    rule = {"kind": "rule", "label": "racism", "action": "timeout", "timeout_minutes": "30"}
    http.post(settings, data={"csrf": token, **rule})
    http.post(settings, data={"csrf": token, "kind": "exempt_channel", "target": str(STAFF), "value": "1"})

    async def bot_view():
        store = Store(url)  # a fresh store: what the bot reads on its next message
        try:
            return await store.guild_config(GUILD), await store.config_history(GUILD)
        finally:
            await store.close()

    config, history = asyncio.run(bot_view())
    assert config.thresholds["insult"] == 0.8 and config.exempt_channel_ids == {STAFF}
    assert decide({"insult": 0.7}, config, MODEL_THRESHOLDS).hits == ()  # was a hit at the model's 0.5
    assert [h.label for h in decide({"insult": 0.85}, config, MODEL_THRESHOLDS).hits] == ["insult"]
    assert {(c.kind, c.target, c.actor_id) for c in history} == {
        ("threshold", "insult", ADMIN),
        ("rule", "racism", ADMIN),
        ("exempt_channel", str(STAFF), ADMIN),
    }
    # the history page, filtered by what
    shown = http.get(f"{dashboard.url}/g/{GUILD}/history", params={"what": "threshold"})
    assert shown.text.count('data-kind="threshold"') == 1 and 'data-kind="rule"' not in shown.text
    assert "#staff" in http.get(f"{dashboard.url}/g/{GUILD}/history").text


def test_the_admin_export_is_the_cli_s_feedback_csv(site) -> None:
    dashboard, *_ = site
    http = login(dashboard, ADMIN)
    queue = http.get(f"{dashboard.url}/g/{GUILD}/review")
    assert "canal da staff" in queue.text  # the admin reads #staff
    # the reviews so far have no text: a page that says so to a moderator, in their language
    empty = http.get(f"{dashboard.url}/g/{GUILD}/export")
    assert empty.status_code == 200 and empty.headers["content-type"].startswith("text/html")
    assert "69 reviewed alerts, but none kept its message text" in empty.text
    assert ".env" not in empty.text
    pt = http.get(f"{dashboard.url}/g/{GUILD}/export", headers={"Accept-Language": "pt-BR"})
    assert "69 alertas revisados, mas nenhum guardou o texto" in pt.text
    for message, verdict in ((9000, "confirmed"), (9004, "false_positive")):
        http.post(
            f"{dashboard.url}/g/{GUILD}/review/{message}",
            data={"csrf": csrf_of(queue.text), "verdict": verdict},
        )
    answer = http.get(f"{dashboard.url}/g/{GUILD}/export")
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert {(r["text"], r["insult"]) for r in rows} == {
        ("você é muito burro, sai daqui", "1"),
        ("seu lixo", "0"),
    }


def test_login_refuses_a_forged_state_and_people_who_moderate_nothing(site) -> None:
    dashboard, *_ = site
    http = requests.Session()
    http.get(dashboard.url + "/login", allow_redirects=False)
    forged = http.get(dashboard.url + "/callback", params={"code": "x", "state": "not-ours"})
    assert forged.status_code == 400 and http.get(dashboard.url + "/").text.count('href="/login"') == 1
    member = login(dashboard, MEMBER)
    assert "No server to show" in member.get(dashboard.url + "/").text
    assert member.get(f"{dashboard.url}/g/{GUILD}").status_code == 403


def test_pages_carry_the_security_headers_and_speak_the_browser_s_language(site) -> None:
    dashboard, *_ = site
    page = requests.get(dashboard.url + "/", headers={"Accept-Language": "pt-BR,pt;q=0.9"})
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "Entrar com o Discord" in page.text and "<script>" not in page.text
    assert "Log in with Discord" in requests.get(dashboard.url + "/", headers={"Accept-Language": "en"}).text
    http = login(dashboard, MODERATOR)
    cookie = next(c for c in http.cookies if c.name == "sentinela_session")
    assert cookie.has_nonstandard_attr("HttpOnly") or "httponly" in str(cookie._rest).lower()
    assert requests.get(dashboard.url + "/healthz").json() == {"status": "ok"}


# -- the permission rules, without a process -------------------------------------------------


def test_the_overview_counts_days_and_today_in_the_readers_time_zone(site) -> None:
    """A hit at 01:30 UTC is on the day before for a reader in São Paulo (UTC-3), on its own day
    in UTC; the 7 days and "today" start at the reader's midnight."""
    dashboard, _fake, _expected, url = site
    now = utcnow()
    utc_today = now.date()
    # homophobia: a label the seed never uses, so its counts are these two hits alone
    at = [datetime.combine(utc_today - timedelta(days=n), time(1, 30), UTC) for n in (2, 6)]

    async def record_them() -> None:
        store = Store(url)
        for i, when in enumerate(at):
            hit = LabelHit("homophobia", 0.9, 0.4, Action.LOG)
            decision = Decision(hits=(hit,), action=Action.LOG)
            await store.record_hits(
                HitRecord(GUILD, GENERAL, 7700 + i, 7, decision, Action.LOG, "m", None, when)
            )
        await store.close()

    asyncio.run(record_them())
    http = login(dashboard, ADMIN)
    pages = {}
    for cookie, zone in ((None, UTC), ("America%2FSao_Paulo", ZoneInfo("America/Sao_Paulo")), ("UTC", UTC)):
        if cookie:
            http.cookies.set("tz", cookie)
        today = now.astimezone(zone).date()
        first = today - timedelta(days=6)
        shown = [when.astimezone(zone).date() for when in at]
        page = pages[cookie] = http.get(f"{dashboard.url}/g/{GUILD}", params={"period": "7d"}).text
        data = chart_data(page)
        assert data["days"][0] == first.isoformat() and data["days"][-1] == today.isoformat()
        series = {s["label"]: s["counts"] for s in data["series"]}
        counted = {d: n for d, n in zip(data["days"], series.get("homophobia", []), strict=False) if n}
        assert counted == {d.isoformat(): 1 for d in shown if d >= first}
        assert "counted in UTC" not in page
        row = re.search(r'<tr data-label="homophobia">.*?<td class="num">(\d+)</td>', page, re.S)
        assert row and int(row.group(1)) == sum(d >= first for d in shown)
    # the two zones' days differ: São Paulo's is the day before
    sao_paulo = [when.astimezone(ZoneInfo("America/Sao_Paulo")).date() for when in at]
    assert sao_paulo == [when.date() - timedelta(days=1) for when in at]
    assert "Brasilia Time" in pages["America%2FSao_Paulo"]  # the page names the reader's zone
    assert "(UTC)" in pages[None] and "(UTC)" in pages["UTC"]  # a browser in UTC says "UTC"
    assert "Unknown" not in pages["UTC"]


def test_channel_permissions_follow_discords_overwrite_order() -> None:
    roles = {GUILD: VIEW_CHANNEL, ADMIN_ROLE: 1 << 13}
    base = guild_permissions(GUILD, False, roles, [ADMIN_ROLE])
    hidden = [Overwrite(GUILD, 0, 0, VIEW_CHANNEL)]
    assert not channel_permissions(base, GUILD, MODERATOR, [ADMIN_ROLE], hidden).read_messages
    role_allows = [*hidden, Overwrite(ADMIN_ROLE, 0, VIEW_CHANNEL, 0)]
    assert channel_permissions(base, GUILD, MODERATOR, [ADMIN_ROLE], role_allows).read_messages
    member_denies = [*role_allows, Overwrite(MODERATOR, 1, 0, VIEW_CHANNEL)]
    assert not channel_permissions(base, GUILD, MODERATOR, [ADMIN_ROLE], member_denies).read_messages
    admin = guild_permissions(GUILD, False, {**roles, 5: 1 << 3}, [5])
    assert channel_permissions(admin, GUILD, MODERATOR, [5], member_denies).read_messages
    assert guild_permissions(GUILD, True, {}, []) == discord.Permissions.all()


def test_dashboard_settings_say_what_is_missing(monkeypatch) -> None:
    for name in ("DISCORD_CLIENT_ID", "DISCORD_CLIENT_SECRET", "SESSION_SECRET", "DISCORD_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    settings = DashboardSettings(_env_file=None)
    assert settings.missing() == [
        "DISCORD_CLIENT_ID",
        "DISCORD_CLIENT_SECRET",
        "SESSION_SECRET",
        "DISCORD_TOKEN",
    ]
    with pytest.raises(ValueError, match="at least 32"):
        DashboardSettings(_env_file=None, session_secret="short")
    assert DashboardSettings(_env_file=None, dashboard_url="https://mod.example.org/").secure_cookies


def test_people_are_named_with_their_id_on_hover_and_the_queue_shows_what_weighed(site) -> None:
    dashboard, fake, _expected, url = site
    fake.world.unreachable.add(104)  # Discord fails on this one person's lookups

    async def changes() -> None:  # the history's people: an admin, a moderator, the command line
        store = Store(url)
        try:
            await store.update(GUILD, "threshold", 0.7, target="insult", by=MODERATOR)
            await store.update(GUILD, "threshold", 0.8, target="insult", by=ADMIN)
            await store.update(GUILD, "threshold", 0.9, target="racism", by=None)
        finally:
            await store.close()

    asyncio.run(changes())
    http = login(dashboard, ADMIN)
    queue = http.get(f"{dashboard.url}/g/{GUILD}/review").text
    assert '<span class="person" title="100">Joca</span>' in queue  # the nickname in this server
    assert '<span class="person" title="101">Bia Souza</span>' in queue  # the display name
    assert '<span class="person" title="102">pedro_123</span>' in queue  # the username alone
    assert '<span class="person" title="103">Lucas (saiu)</span>' in queue  # left: their profile
    assert '<code class="person">104</code>' in queue  # Discord failed: the id, and the page is whole
    assert '<code class="person">106</code>' in queue  # unknown to Discord
    # the words that weighed most, beside their label, as the bot kept them; none where none were
    card = queue[queue.index('data-message="9000"') :]
    card = card[: card.index("</article>")]
    assert re.search(r'<span class="why">[^<]+ <q>burro</q>, <q>sai daqui</q></span>', card), card
    assert queue.count('class="why"') == 1
    # the history: who changed what, by name, and filtered by name
    history = http.get(f"{dashboard.url}/g/{GUILD}/history").text
    assert '<span class="person" title="11">Ana Admin</span>' in history
    assert '<span class="person" title="12">marcos.mod</span>' in history
    assert re.search(r'<option value="11"\s*>Ana Admin</option>', history)
    assert re.search(r'<option value="12"\s*>marcos.mod</option>', history)
    mine = http.get(f"{dashboard.url}/g/{GUILD}/history", params={"who": ADMIN}).text
    assert re.search(r'<option value="11"\s*selected>Ana Admin</option>', mine)
    assert mine.count('data-kind="threshold"') == 1 and 'title="12"' not in mine.split("<tbody>")[1]
    # names cost one lookup per person, shared: the admin's own member lookup named her
    assert fake.world.calls.count(f"GET /guilds/{GUILD}/members/{ADMIN}") == 1


def test_authors_named_by_the_bot_need_no_call_to_discord_and_their_names_are_escaped(site) -> None:
    """Hits recorded with their author's name are named from the row; older hits (no name) still
    by Discord. 500 and 501 are unknown to the fake Discord: only the rows can name them."""
    dashboard, fake, _expected, url = site
    named = {500: "Zé da Esquina", 501: '<img src=x onerror="alert(1)">'}

    async def record_named() -> None:
        store = Store(url)
        try:  # homophobia: a label the seed never uses, so its queue is these hits alone
            for i, (author, name) in enumerate(named.items()):
                decision = Decision(
                    hits=(LabelHit("homophobia", 0.9, 0.4, Action.ALERT),), action=Action.ALERT
                )
                await store.record_hits(
                    HitRecord(GUILD, GENERAL, 7800 + i, author, decision, Action.ALERT, "m", None,
                              author_name=name)
                )  # fmt: skip
        finally:
            await store.close()

    asyncio.run(record_named())
    http = login(dashboard, ADMIN)
    queue = http.get(f"{dashboard.url}/g/{GUILD}/review").text
    assert '<span class="person" title="500">Zé da Esquina</span>' in queue
    assert '<span class="person" title="501">&lt;img src=x onerror=&#34;alert(1)&#34;&gt;</span>' in queue
    assert "<img src=x" not in queue
    assert '<span class="person" title="100">Joca</span>' in queue  # recorded without a name: Discord's
    people = [c for c in fake.world.calls if "/members/" in c or c.startswith("GET /users/")]
    assert not [c for c in people if c.endswith(("/500", "/501"))]
    # a page whose every alert has its author's name asks Discord about nobody
    before = len(fake.world.calls)
    only_named = http.get(f"{dashboard.url}/g/{GUILD}/review", params={"label": "homophobia"}).text
    assert only_named.count('<article class="alert"') == 2 and 'title="500">Zé da Esquina<' in only_named
    assert [c for c in fake.world.calls[before:] if "/members/" in c or c.startswith("GET /users/")] == []
