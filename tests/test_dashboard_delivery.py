"""What the dashboard sends, over HTTP: static files by digest name, compressed and cached for
good, each page loading only what it uses (a cold overview under 60 KB), numbers and times in the
reader's language and zone, and a settings page that says when it has no model."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import pytest
import requests

from tests.dashboard_env import Dashboard, login, seed
from tests.fake_discord import ADMIN, GUILD, FakeDiscord

COLD_OVERVIEW_LIMIT = 60_000


@pytest.fixture
def sqlite_site(tmp_path: Path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'sentinela.db'}"
    asyncio.run(seed(url))
    with FakeDiscord() as fake:
        dashboard = Dashboard(url, fake.api_base, tmp_path)
        try:
            yield dashboard, fake, url, tmp_path
        finally:
            dashboard.stop()


def linked(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/static/[^"]+)"', html)


def sent_bytes(response: requests.Response) -> int:
    """What came over the wire: the status line and headers, and the body as sent (compressed)."""
    head = len(f"HTTP/1.1 {response.status_code} {response.reason}\r\n")
    head += sum(len(k) + len(v) + 4 for k, v in response.headers.items()) + 2
    return head + int(response.headers.get("content-length", len(response.content)))


def test_static_files_are_named_by_digest_compressed_and_cached_for_good(sqlite_site) -> None:
    dashboard, *_ = sqlite_site
    http = login(dashboard, ADMIN)
    page = http.get(f"{dashboard.url}/g/{GUILD}")
    files = linked(page.text)
    assert any("uPlot.iife" in f for f in files) and not any("htmx" in f for f in files)
    for path in files:
        assert re.search(r"\.[0-9a-f]{12}\.(js|css)$", path), path
        answer = requests.get(dashboard.url + path, headers={"Accept-Encoding": "gzip"}, timeout=10)
        assert answer.status_code == 200
        assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert answer.headers["content-encoding"] == "gzip"
        assert int(answer.headers["content-length"]) < len(answer.content)  # sent smaller
        plain = requests.get(dashboard.url + path, headers={"Accept-Encoding": "identity"}, timeout=10)
        assert "content-encoding" not in plain.headers and plain.content == answer.content
    # a stale digest is not served (and so never cached under the new file's name)
    stale = re.sub(r"\.[0-9a-f]{12}\.", ".000000000000.", files[0])
    assert requests.get(dashboard.url + stale, timeout=10).status_code == 404
    # the queue loads htmx and not uPlot; one day's overview draws no chart, so no uPlot either
    queue = linked(http.get(f"{dashboard.url}/g/{GUILD}/review").text)
    assert any("htmx" in f for f in queue) and not any("uPlot" in f for f in queue)
    today = http.get(f"{dashboard.url}/g/{GUILD}", params={"period": "1d"}).text
    assert not any("uPlot" in f for f in linked(today)) and 'id="day-counts"' in today


def test_a_label_keeps_its_colour_whatever_the_period(sqlite_site) -> None:
    dashboard, *_ = sqlite_site
    http = login(dashboard, ADMIN)
    colours = {}
    for period in ("7d", "30d"):
        page = http.get(f"{dashboard.url}/g/{GUILD}", params={"period": period}).text
        data = json.loads(re.search(r'id="chart-data">(.*?)</script>', page, re.S).group(1))
        for series in data["series"]:
            assert colours.setdefault(series["label"], series["colour"]) == series["colour"]
    assert len(set(colours.values())) == len(colours)  # and no two labels share one


def test_a_cold_overview_transfers_under_60_kb(sqlite_site) -> None:
    dashboard, *_ = sqlite_site
    http = login(dashboard, ADMIN)
    http.headers["Accept-Encoding"] = "gzip, br"  # as a browser asks
    page = http.get(f"{dashboard.url}/g/{GUILD}")
    total = sent_bytes(page)
    for path in linked(page.text):
        total += sent_bytes(http.get(dashboard.url + path))
    print(f"cold overview: {total} bytes transferred")  # docs/dashboard.md quotes it
    assert total < COLD_OVERVIEW_LIMIT, total


def test_numbers_and_times_are_written_in_the_readers_language_and_zone(sqlite_site) -> None:
    dashboard, *_ = sqlite_site
    http = login(dashboard, ADMIN)
    pt = {"Accept-Language": "pt-BR"}
    queue = http.get(f"{dashboard.url}/g/{GUILD}/review", headers=pt).text
    utc_times = re.findall(r'<time datetime="([^"]+)"[^>]*>([^<]+)</time>', queue)
    assert utc_times and all(re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", shown) for _iso, shown in utc_times)
    # the browser's zone (app.js writes it in the tz cookie): São Paulo is 3 hours behind UTC
    http.cookies.set("tz", "America%2FSao_Paulo")
    local = re.findall(r'<time datetime="([^"]+)"[^>]*>([^<]+)</time>', http.get(
        f"{dashboard.url}/g/{GUILD}/review", headers=pt).text)  # fmt: skip
    first_utc, first_local = utc_times[0][1], local[0][1]
    hour = lambda shown: int(shown.split(" ")[1][:2])  # noqa: E731
    assert (hour(first_utc) - hour(first_local)) % 24 == 3
    # an unknown zone is UTC, not an error
    http.cookies.set("tz", "Not/AZone")
    assert http.get(f"{dashboard.url}/g/{GUILD}/review", headers=pt).status_code == 200
    # a tile counts messages by what was done to them, a noun beside its number ("76 alertado" was not)
    overview = http.get(f"{dashboard.url}/g/{GUILD}", params={"period": "30d"}, headers=pt).text
    assert re.search(r'<span class="n">\d+</span><span>alertas enviados</span>', overview)
    # an empty filtered queue says it is the filter, with the way back
    empty = http.get(f"{dashboard.url}/g/{GUILD}/review", params={"label": "homophobia"}, headers=pt).text
    assert "Nenhum alerta de homofobia por revisar." in empty and "Mostrar todos os rótulos" in empty


def test_the_settings_page_says_when_it_has_no_model(sqlite_site) -> None:
    dashboard, fake, url, tmp_path = sqlite_site
    bare = Dashboard(url, fake.api_base, tmp_path / "bare", SENTINELA_MODEL=str(tmp_path / "no-model"))
    try:
        http = login(bare, ADMIN)
        page = http.get(f"{bare.url}/g/{GUILD}/settings", headers={"Accept-Language": "pt-BR"}).text
        assert 'id="no-model"' in page and "SENTINELA_MODEL" in page
        # the threshold in force is the default, said so, not a dash
        row = re.search(r'<tr data-label="insult".*?</tr>', page, re.S).group(0)
        assert "0,50" in row and "(padrão)" in row
    finally:
        bare.stop()
    # with the model (the tests' sentinela.json) there is no such notice
    page = login(dashboard, ADMIN).get(f"{dashboard.url}/g/{GUILD}/settings").text
    assert 'id="no-model"' not in page
