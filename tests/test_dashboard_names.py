"""People by name (bot/dashboard/names.py) against the fake Discord over HTTP: nickname, display
name, username, a member who left, an unknown id; shared with the access lookups, bounded, and
the id where Discord does not answer in time."""

from __future__ import annotations

import time

from bot.dashboard.discord_api import DiscordAPI
from bot.dashboard.lookups import PER_GUILD, Lookups
from bot.dashboard.names import Names, display_name
from tests.fake_discord import ADMIN, BOT_TOKEN, CLIENT_ID, CLIENT_SECRET, GUILD, FakeDiscord


def names_of(fake: FakeDiscord, wait_s: float = 5.0) -> tuple[Names, DiscordAPI]:
    api = DiscordAPI(fake.api_base, CLIENT_ID, CLIENT_SECRET, BOT_TOKEN)
    return Names(Lookups(api, ttl_s=120), ttl_s=120, wait_s=wait_s), api


def test_the_display_name_is_the_nickname_then_the_global_name_then_the_username():
    user = {"username": "joao.c", "global_name": "João Carlos"}
    assert display_name({"nick": "Joca", "user": user}, None) == "Joca"
    assert display_name({"nick": None, "user": user}, None) == "João Carlos"
    assert display_name({"user": {"username": "pedro_123", "global_name": " "}}, None) == "pedro_123"
    assert display_name(None, {"username": "lucas", "global_name": "Lucas"}) == "Lucas"
    assert display_name(None, None) is None


async def test_a_page_of_people_is_named_in_one_concurrent_bounded_round():
    with FakeDiscord() as fake:
        fake.world.latency_s = 0.2
        names, api = names_of(fake)
        try:
            started = time.monotonic()
            await names.prefetch(GUILD, [100, 101, 102, 103, 106, 100, None])
            took = time.monotonic() - started
        finally:
            await api.aclose()
    assert names.name(GUILD, 100) == "Joca"  # the server nickname
    assert names.name(GUILD, 101) == "Bia Souza"
    assert names.name(GUILD, 102) == "pedro_123"
    assert names.name(GUILD, 103) == "Lucas (saiu)"  # left the server: their profile
    assert names.name(GUILD, 106) is None  # unknown to Discord
    # 5 member lookups (100 once), then a profile each for the two who are not members
    members = [c for c in fake.world.calls if "/members/" in c]
    assert sorted(members) == [f"GET /guilds/{GUILD}/members/{u}" for u in (100, 101, 102, 103, 106)]
    assert sorted(c for c in fake.world.calls if c.startswith("GET /users/")) == [
        "GET /users/103",
        "GET /users/106",
    ]
    assert fake.world.peak <= PER_GUILD  # at most 4 calls about one guild at once
    assert took < 1.0, took  # two rounds of at most 4 at a time, not 7 calls one by one (1.4 s)
    # the id on hover, the name shown; escaped; the id itself where there is no name
    assert str(names.person(GUILD, 100)) == '<span class="person" title="100">Joca</span>'
    assert str(names.person(GUILD, 106)) == '<code class="person">106</code>'


async def test_names_share_the_access_lookups_and_their_cache():
    with FakeDiscord() as fake:
        names, api = names_of(fake)
        try:
            await names.lookups.member(GUILD, ADMIN)  # what the admin's access check read
            before = len(fake.world.calls)
            await names.prefetch(GUILD, [ADMIN])
            await names.prefetch(GUILD, [ADMIN])
        finally:
            await api.aclose()
    assert names.name(GUILD, ADMIN) == "Ana Admin" and fake.world.calls[before:] == []


async def test_when_discord_does_not_answer_in_time_the_page_shows_ids_and_names_come_later():
    with FakeDiscord() as fake:
        fake.world.latency_s = 1.5
        names, api = names_of(fake, wait_s=0.3)
        try:
            started = time.monotonic()
            await names.prefetch(GUILD, [100, 101])
            took = time.monotonic() - started
            assert took < 1.0 and names.name(GUILD, 100) is None  # the page did not wait
            assert str(names.person(GUILD, 100)) == '<code class="person">100</code>'
            await names.prefetch(GUILD, [100, 101])  # the lookups went on: the next page names them
            deadline = time.monotonic() + 5
            # both lookups are in flight: wait for both (waiting for 101 alone let 100 lose a race)
            while None in (names.name(GUILD, 100), names.name(GUILD, 101)) and time.monotonic() < deadline:
                await names.prefetch(GUILD, [100, 101])
        finally:
            await api.aclose()
    assert names.name(GUILD, 100) == "Joca" and names.name(GUILD, 101) == "Bia Souza"


async def test_discord_down_leaves_ids_and_no_error():
    with FakeDiscord() as fake:
        base = fake.api_base
    names, api = names_of(type("Gone", (), {"api_base": base})())  # the port is closed now
    try:
        await names.prefetch(GUILD, [100])
    finally:
        await api.aclose()
    assert names.name(GUILD, 100) is None
