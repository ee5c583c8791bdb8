"""The plugin as a user installs it: a wheel built from the repository, used outside it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

ROOT = Path(__file__).resolve().parents[1]
MIGRATION_FILES = {
    "bot/db/migrations/env.py",
    "bot/db/migrations/script.py.mako",
    *(f"bot/db/migrations/versions/{p.name}" for p in (ROOT / "bot/db/migrations/versions").glob("*.py")),
}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # no build isolation: the venv's setuptools, so the test needs no download
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            ".",
        ],
        cwd=ROOT,
        capture_output=True,
        check=True,
        timeout=300,
    )
    (built,) = out.glob("sentinela-*.whl")
    return built


def test_wheel_carries_the_migrations_and_the_cog_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert names >= MIGRATION_FILES
    assert "bot/cogs/moderation/__init__.py" in names
    # the message catalogues: an installed bot speaks Portuguese too
    assert {"bot/locales/pt_BR/LC_MESSAGES/sentinela.po", "bot/locales/en/LC_MESSAGES/sentinela.po"} <= names
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)


def test_installed_wheel_migrates_a_fresh_database_outside_the_repository(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
        capture_output=True,
        check=True,
        timeout=300,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    code = (
        "import asyncio, bot\n"
        "from bot.db.store import Store\n"
        "print(bot.__file__)\n"
        "async def main():\n"
        "    store = Store('sqlite+aiosqlite:///fresh.db')\n"
        "    await store.migrate()\n"
        "    await store.close()\n"
        "asyncio.run(main())\n"
        "from bot.i18n import Texts\n"
        "print(Texts('pt_BR')('Toxic message'))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=work, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().startswith(str(site))  # the wheel's code ran, not the checkout's
    assert proc.stdout.strip().endswith("Mensagem tóxica")  # its catalogue, read from the wheel
    assert proc.stdout.strip().endswith("Mensagem tóxica")  # its catalogue, read from the wheel
    with sqlite3.connect(work / "fresh.db") as conn:
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
        version = conn.execute("select version_num from alembic_version").fetchone()[0]
    assert {
        "guild_settings",
        "label_thresholds",
        "label_rules",
        "hits",
        "feedback",
        "config_changes",
    } <= tables
    head = ScriptDirectory(str(ROOT / "bot" / "db" / "migrations")).get_current_head()
    assert version == head
