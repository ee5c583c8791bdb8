"""The dashboard under what the review of issue 32 tried: an export past the channels an admin can
read, redirects to other sites, odd tokens, bursts on the bot's token, revoked tokens and copied
cookies, half-sent requests. Each as a real process (``python -m bot dashboard``) against the
fake Discord, over HTTP or raw sockets on loopback."""

from __future__ import annotations

import asyncio
import csv
import io
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from bot.dashboard.lookups import PER_USER
from bot.db.store import Store
from tests.dashboard_env import Dashboard, csrf_of, login, seed
from tests.fake_discord import (
    ADMIN,
    GUILD,
    MANAGE_GUILD,
    MODERATOR,
    OTHER_GUILD,
    VIEW_CHANNEL,
    FakeDiscord,
    World,
    demo_world,
)

MANAGER, MANAGER_ROLE = 14, 802  # Manage Server, but #staff is closed to her
ROLE_ONLY = 900  # MODERATOR_ROLE_IDS: moderates where she holds it, without a permission bit


def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'sentinela.db'}"


def login_cold(dashboard: Dashboard, user_id: int) -> requests.Session:
    """Log in and stop at the callback's redirect: nothing of the user read from Discord yet."""
    http = requests.Session()
    page = http.get(dashboard.url + "/login", timeout=10)
    href = re.search(rf'id="as-{user_id}" href="([^"]+)"', page.text).group(1).replace("&amp;", "&")
    approved = http.get(page.url.split("/api/v10")[0] + href, allow_redirects=False, timeout=10)
    callback = http.get(approved.headers["location"], allow_redirects=False, timeout=10)
    assert callback.status_code == 303, callback.text
    return http


def with_cookies_of(http: requests.Session) -> requests.Session:
    copy = requests.Session()
    copy.cookies.update(http.cookies)
    return copy


def no_tracebacks(dashboard: Dashboard) -> bool:
    return "Traceback" not in dashboard.log.read_text()


def test_the_export_leaves_out_the_channels_the_admin_cannot_read(db_url: str, tmp_path) -> None:
    world = demo_world()
    guild = world.guilds[GUILD]
    guild["roles"].append(
        {"id": MANAGER_ROLE, "name": "Gerência", "permissions": VIEW_CHANNEL | MANAGE_GUILD}
    )
    guild["members"][MANAGER] = [MANAGER_ROLE]
    world.users[MANAGER] = "paula.gerente"
    asyncio.run(seed(db_url))

    async def review() -> None:  # a message of #geral and one of #staff, both with their text
        store = Store(db_url)
        try:
            await store.record_feedback(GUILD, 9000, ADMIN, "confirmed")
            await store.record_feedback(GUILD, 9005, ADMIN, "confirmed")
        finally:
            await store.close()

    asyncio.run(review())
    with FakeDiscord(world) as fake:
        dashboard = Dashboard(db_url, fake.api_base, tmp_path)
        try:
            admin = login(dashboard, ADMIN)
            everything = admin.get(f"{dashboard.url}/g/{GUILD}/export").text
            manager = login(dashboard, MANAGER)
            assert "canal da staff" not in manager.get(f"{dashboard.url}/g/{GUILD}/review").text
            answer = manager.get(f"{dashboard.url}/g/{GUILD}/export")
        finally:
            dashboard.stop()
    assert "texto do canal da staff" in everything  # the administrator reads every channel
    assert answer.status_code == 200
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert [(r["text"], r["insult"]) for r in rows] == [("você é muito burro, sai daqui", "1")]


@pytest.fixture
def dashboard(tmp_path):
    url = sqlite_url(tmp_path)
    asyncio.run(seed(url))
    with FakeDiscord() as fake:
        site = Dashboard(url, fake.api_base, tmp_path)
        try:
            yield site
        finally:
            site.stop()


OTHER_ORIGINS = [
    "///127.0.0.1:9/x", "//evil.example", "////evil.example", "/\\evil.example", "\\\\evil.example",
    "/\\/evil.example", "https://evil.example/", "javascript:alert(1)", "/\t/evil.example",
    "/\n/evil.example", "/\r\n/evil.example", " //evil.example", "http:evil.example", "evil.example",
]  # fmt: skip


def test_the_language_switch_follows_only_paths_of_this_site(dashboard) -> None:
    for target in OTHER_ORIGINS:
        answer = requests.get(f"{dashboard.url}/lang/pt_BR", params={"next": target}, allow_redirects=False)
        assert (answer.status_code, answer.headers["location"]) == (303, "/"), target
    kept = requests.get(
        f"{dashboard.url}/lang/en", params={"next": "/g/500?period=30d"}, allow_redirects=False
    )
    assert kept.headers["location"] == "/g/500?period=30d"


def test_a_non_ascii_state_or_csrf_token_is_refused_without_a_traceback(dashboard) -> None:
    http = requests.Session()
    http.get(dashboard.url + "/login", allow_redirects=False)  # the session now expects a state
    assert http.get(dashboard.url + "/callback", params={"code": "x", "state": "é☃"}).status_code == 400
    user = login(dashboard, MODERATOR)
    assert user.post(dashboard.url + "/logout", data={"csrf": "é☃"}).status_code == 403
    by_header = user.post(dashboard.url + "/logout", headers={"X-CSRF-Token": "éü".encode("latin-1")})
    assert by_header.status_code == 403
    assert user.get(f"{dashboard.url}/g/{GUILD}").status_code == 200  # still logged in
    assert no_tracebacks(dashboard)


def test_concurrent_cold_loads_share_their_discord_calls(tmp_path) -> None:
    url = sqlite_url(tmp_path)
    asyncio.run(seed(url))
    with FakeDiscord() as fake:
        fake.world.latency_s = 0.3  # the 20 loads overlap, as a wall of tabs opened at once does
        site = Dashboard(url, fake.api_base, tmp_path)
        try:
            http = login_cold(site, MODERATOR)
            before = len(fake.world.calls)
            with ThreadPoolExecutor(20) as pool:
                answers = list(
                    pool.map(
                        lambda _: with_cookies_of(http).get(f"{site.url}/g/{GUILD}", timeout=30), range(20)
                    )
                )
            calls = fake.world.calls[before:]
        finally:
            site.stop()
    assert [a.status_code for a in answers] == [200] * 20
    # the bot's guilds, the user's, then the guild, the member, its channels and threads: once each
    assert len(calls) == 6, calls


def test_a_cold_page_waits_for_two_discord_round_trips_not_six(tmp_path) -> None:
    url = sqlite_url(tmp_path)
    asyncio.run(seed(url))
    with FakeDiscord() as fake:
        fake.world.latency_s = 1.0
        site = Dashboard(url, fake.api_base, tmp_path)
        try:
            http = login_cold(site, MODERATOR)
            started = time.monotonic()
            page = http.get(f"{site.url}/g/{GUILD}", timeout=30)
            took = time.monotonic() - started
        finally:
            site.stop()
    # the two guild lists together, then the guild, the member, its channels and threads
    # together; one after the other they were six round trips (a 4 s Discord gave a 16 s page)
    assert page.status_code == 200 and took < 3.5, took


def role_moderator_world(guilds: int) -> World:
    """The demo world and ``guilds`` more servers where the moderator holds only ``ROLE_ONLY``."""
    world = demo_world()
    for i in range(guilds):
        gid = 1000 + i
        world.guilds[gid] = {
            "id": gid, "name": f"Servidor {i:02}", "owner_id": 2, "icon": None,
            "roles": [{"id": gid, "name": "@everyone", "permissions": VIEW_CHANNEL},
                      {"id": ROLE_ONLY, "name": "Mod", "permissions": VIEW_CHANNEL}],
            "channels": [{"id": 5000 + i, "name": "geral", "type": 0, "permission_overwrites": []}],
            "threads": [], "members": {MODERATOR: [ROLE_ONLY]},
        }  # fmt: skip
        world.bot_guilds.add(gid)
    return world


def test_a_login_with_moderator_roles_in_40_servers_is_concurrent_and_bounded(tmp_path) -> None:
    url = sqlite_url(tmp_path)
    asyncio.run(seed(url))
    with FakeDiscord(role_moderator_world(40)) as fake:
        fake.world.latency_s = 0.1
        site = Dashboard(url, fake.api_base, tmp_path, MODERATOR_ROLE_IDS=str(ROLE_ONLY))
        try:
            http = login_cold(site, MODERATOR)
            before, fake.world.peak = len(fake.world.calls), 0
            started = time.monotonic()
            page = http.get(site.url + "/", timeout=60)
            took = time.monotonic() - started
            calls = fake.world.calls[before:]
        finally:
            site.stop()
    assert page.status_code == 200 and page.text.count('href="/g/') == 41  # 40 by role, 500 by permission
    assert f'href="/g/{OTHER_GUILD}"' not in page.text  # a member there, no role, no permission
    # the two guild lists, then one member lookup per server where only a role could give access
    assert len(calls) == 2 + 40 + 1, calls
    assert fake.world.peak <= PER_USER + 1  # bounded per user: not 41 calls at once on the bot's token
    assert took < 3.0, took  # 86 sequential calls took 8.5 s at 100 ms each


def test_a_token_discord_refuses_is_a_logout_not_a_502(tmp_path) -> None:
    url = sqlite_url(tmp_path)
    asyncio.run(seed(url))
    with FakeDiscord() as fake:
        site = Dashboard(url, fake.api_base, tmp_path, DASHBOARD_ACCESS_CACHE_S="0")
        try:
            http = login(site, MODERATOR)
            assert http.get(f"{site.url}/g/{GUILD}/review").status_code == 200
            fake.world.tokens.clear()  # the token expired, or the user removed the app in Discord
            answer = http.get(f"{site.url}/g/{GUILD}/review", allow_redirects=False)
            again = http.get(f"{site.url}/g/{GUILD}", allow_redirects=False)
            landing = http.get(site.url + "/")
        finally:
            site.stop()
    assert (answer.status_code, answer.headers["location"]) == (303, "/")
    assert again.status_code == 303  # the session is gone, not failing page after page
    assert 'href="/login"' in landing.text


def test_a_cookie_copied_before_logout_no_longer_opens_anything(dashboard) -> None:
    first = login(dashboard, ADMIN)
    settings = first.get(f"{dashboard.url}/g/{GUILD}/settings")
    assert settings.status_code == 200
    copied = with_cookies_of(first)
    first.post(dashboard.url + "/logout", data={"csrf": csrf_of(settings.text)})
    second = login(dashboard, ADMIN)  # the same person, in another browser, still logged in
    assert second.get(f"{dashboard.url}/g/{GUILD}/settings").status_code == 200
    for path in ("/settings", "", "/export"):
        answer = copied.get(f"{dashboard.url}/g/{GUILD}{path}", allow_redirects=False)
        assert answer.status_code == 303, path


HALF_SENT = [
    b"",  # connects, says nothing
    b"GET /g/500 HT",  # half a request line
    b"GET / HTTP/1.1\r\nHost: x\r\nAccept: te",  # half the headers
    b"POST /logout HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\ncsrf=",  # half the body
]


def test_half_sent_requests_are_closed(tmp_path) -> None:
    url = sqlite_url(tmp_path)
    asyncio.run(seed(url))

    async def stalled(port: int, data: bytes) -> float | None:
        """Seconds until the server closed the connection; None if it still held it."""
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        started = time.monotonic()
        writer.write(data)
        await writer.drain()
        try:
            while await asyncio.wait_for(reader.read(1024), 8 - (time.monotonic() - started)):
                pass  # an answer (a 400, say) before the close is fine
            return time.monotonic() - started
        except ConnectionError:
            return time.monotonic() - started
        except TimeoutError:
            return None
        finally:
            writer.close()

    async def flood(port: int) -> list[float | None]:
        return await asyncio.gather(*(stalled(port, HALF_SENT[i % len(HALF_SENT)]) for i in range(200)))

    with FakeDiscord() as fake:
        site = Dashboard(url, fake.api_base, tmp_path, DASHBOARD_REQUEST_TIMEOUT_S="1")
        try:
            closed = asyncio.run(flood(site.port))
            assert requests.get(site.url + "/healthz", timeout=5).status_code == 200  # still serving
        finally:
            site.stop()
    assert None not in closed, f"{closed.count(None)} of 200 half-sent requests still open after 8 s"
    assert max(closed) < 5, max(closed)
