"""The plugin as a user installs it: a wheel built from the repository, used outside it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

ROOT = Path(__file__).resolve().parents[1]
# migrations/ stands at the top of the checkout; the wheel carries it as bot/db/migrations
MIGRATION_FILES = {
    "bot/db/migrations/__init__.py",
    "bot/db/migrations/env.py",
    "bot/db/migrations/script.py.mako",
    *(f"bot/db/migrations/versions/{p.name}" for p in (ROOT / "migrations/versions").glob("*.py")),
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
    # the dashboard's pages, script, stylesheet and vendored libraries with their licences
    dashboard = ROOT / "bot" / "dashboard"
    shipped = {str(p.relative_to(ROOT)) for p in dashboard.rglob("*") if p.is_file() and p.suffix != ".pyc"}
    assert {p for p in shipped if "__pycache__" not in p} <= names
    assert "bot/dashboard/static/vendor/LICENSE.htmx" in names
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
        "from bot.presentation.i18n import Texts\n"
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
    head = ScriptDirectory(str(ROOT / "migrations")).get_current_head()
    assert version == head


def test_pyproject_names_every_package_of_the_tree():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("bot", "classifier", "training")
        for init in (ROOT / top).rglob("__init__.py")
    } | {"bot.db.migrations"}
    assert listed == found


# the base install: the plugin and the model service's client, for a bot that calls CLASSIFIER_URL
LOAD_THE_EXTENSION = """
import asyncio, importlib.util, sys
import discord
from discord.ext import commands

async def main():
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())
    async with bot:  # never logs in: the extension loads as it would before the gateway connects
        await bot.load_extension("bot.cogs.moderation")
        cog = bot.get_cog("Moderation")
        print(type(cog.classifier).__name__, await cog.store.schema_version() is not None)
    print("torch" in sys.modules, importlib.util.find_spec("torch") is None)

asyncio.run(main())
"""


@pytest.fixture(scope="module")
def base_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment holding the base wheel and its dependencies, and nothing else."""
    venv = tmp_path_factory.mktemp("base") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = subprocess.run(
        [str(venv / "bin/python"), "-m", "pip", "install", "-q", str(wheel)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert pip.returncode == 0, pip.stderr[-2000:]
    return venv


def test_the_base_wheel_runs_a_bot_that_calls_a_model_service_without_torch(base_venv, tmp_path):
    python = str(base_venv / "bin/python")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "DISCORD"))} | {
        "CLASSIFIER_URL": "http://127.0.0.1:9",  # nothing listens: messages would wait, loading must not
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
    }
    helped = subprocess.run(
        [python, "-m", "bot", "--help"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert helped.returncode == 0, helped.stderr
    assert "replay" in helped.stdout and "migrate" in helped.stdout
    migrated = subprocess.run(
        [python, "-m", "bot", "migrate"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert migrated.returncode == 0, migrated.stderr
    assert "database schema at revision" in migrated.stdout
    loaded = subprocess.run(
        [python, "-c", LOAD_THE_EXTENSION], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert loaded.returncode == 0, loaded.stderr[-2000:]
    assert loaded.stdout.split() == ["RemoteClassifier", "True", "False", "True"]
