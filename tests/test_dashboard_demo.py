"""``python -m tests.dashboard_demo`` (docs/dashboard.md's recipe) is safe to run again: its
database is seeded once, and a taken port is an error that names the option, not a traceback."""

from __future__ import annotations

import asyncio
import socket
import sys
from pathlib import Path

import pytest

from bot.db.store import Store
from tests import dashboard_demo
from tests.fake_discord import GUILD


async def counts(url: str) -> tuple[int, list]:
    store = Store(url)
    try:
        return await store.reviewed_count(GUILD), (await store.review_queue(GUILD, limit=50))[0]
    finally:
        await store.close()


def test_the_demo_database_is_seeded_once(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}"
    assert asyncio.run(dashboard_demo.seed_once(url)) is True
    first = asyncio.run(counts(url))
    assert first[0] > 0 and first[1]
    assert asyncio.run(dashboard_demo.seed_once(url)) is False  # run again: nothing added
    again = asyncio.run(counts(url))
    assert again[0] == first[0] and [a.message_id for a in again[1]] == [a.message_id for a in first[1]]


def test_a_port_held_by_another_program_is_named_with_the_option_to_move(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        monkeypatch.setattr(sys, "argv", ["dashboard_demo", "--dir", str(tmp_path), "--port", str(port)])
        assert dashboard_demo.main() == 2
    assert (
        f"error: port {port} is taken by another program; choose another with --port"
        in capsys.readouterr().err
    )
    assert not (tmp_path / "demo.db").exists()  # nothing started, nothing seeded
