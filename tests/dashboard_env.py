"""The dashboard as a real process against the fake Discord, on a database holding hits: shared
by the HTTP tests (tests/test_dashboard.py) and the browser tests (tests/test_dashboard_browser.py)."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

import requests

from bot.core.policy import Action, Decision, LabelHit
from bot.db.models import utcnow
from bot.db.store import HitRecord, Store
from tests.fake_discord import BOT_TOKEN, CLIENT_ID, CLIENT_SECRET, GENERAL, GUILD, STAFF, THREAD

ROOT = Path(__file__).resolve().parents[1]
LABELS = ["homophobia", "obscene", "insult", "racism", "misogyny", "xenophobia"]
MODEL_THRESHOLDS = {"homophobia": 0.4, "obscene": 0.6, "insult": 0.5, "racism": 0.35, "misogyny": 0.45,
                    "xenophobia": 0.4}  # fmt: skip
# (days ago, channel, label, score, text): what the overview and the queue must show
SEED = [
    (0, GENERAL, "insult", 0.91, "você é muito burro, sai daqui"),
    (0, GENERAL, "misogyny", 0.77, "mulher não sabe jogar, volta pra cozinha"),
    (0, THREAD, "insult", 0.66, "que idiota esse cara"),
    (1, GENERAL, "racism", 0.81, "macaco não devia nem estar aqui"),
    (1, GENERAL, "insult", 0.58, "seu lixo"),
    (2, STAFF, "insult", 0.93, "texto do canal da staff que o moderador não lê"),
    (3, GENERAL, "xenophobia", 0.72, "volta pro teu país"),
]
# what the bot keeps with a hit's text: the words that weighed most for its label (one alert here)
SEED_WHY = {0: {"insult": [("burro", 0.41), ("sai daqui", 0.12)]}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def model_dir(root: Path) -> Path:
    """A model directory as the dashboard reads it: labels and thresholds (no weights needed)."""
    root.mkdir(parents=True, exist_ok=True)
    meta = {"format_version": 1, "labels": LABELS, "thresholds": MODEL_THRESHOLDS}
    (root / "sentinela.json").write_text(json.dumps(meta), encoding="utf-8")
    return root


async def seed(url: str) -> dict[str, int]:
    """The SEED hits, one message each, plus one reviewed (confirmed) racism hit; returns the
    expected per-label counts of messages a moderator who cannot read #staff sees today."""
    store = Store(url)
    await store.migrate()
    now = utcnow()
    for i, (days, channel, label, score, text) in enumerate(SEED):
        decision = Decision(
            hits=(LabelHit(label, score, MODEL_THRESHOLDS[label], Action.ALERT),), action=Action.ALERT
        )
        await store.record_hits(
            HitRecord(
                GUILD,
                channel,
                9000 + i,
                100 + i,
                decision,
                Action.ALERT,
                "test-model",
                text,
                created_at=now - timedelta(days=days, minutes=5),
                why=SEED_WHY.get(i),
            )
        )
    # the weeks before: already reviewed (so not in the queue), without text (STORE_CONTENT was
    # off), giving the chart its shape and the reviewed precision and advice their numbers
    for i, (days, label, score, verdict) in enumerate(background()):
        decision = Decision(
            hits=(LabelHit(label, score, MODEL_THRESHOLDS[label], Action.ALERT),), action=Action.ALERT
        )
        message = BACKGROUND_IDS + i
        await store.record_hits(
            HitRecord(
                GUILD,
                GENERAL,
                message,
                300 + i % 17,
                decision,
                Action.ALERT,
                "test-model",
                None,
                created_at=datetime.combine(
                    (now - timedelta(days=days)).date(), dtime(i % 20), UTC
                ),  # in that UTC day
            )
        )
        await store.record_feedback(GUILD, message, 42, verdict)
    await store.close()
    return {"insult": 2, "misogyny": 1}


BACKGROUND_IDS = 20_000


def background() -> list[tuple[int, str, float, str]]:
    """(days ago, label, score, verdict) of the reviewed hits of days 1 to 6."""
    out = []
    for days in range(1, 7):
        for label, per_day in (
            ("insult", 6 - days % 3),
            ("obscene", 3),
            ("racism", 1 + days % 2),
            ("misogyny", 2),
        ):
            for k in range(per_day):
                score = 0.5 + 0.07 * k + 0.01 * days
                out.append(
                    (
                        days,
                        label,
                        min(score, 0.99),
                        "false_positive" if k == 0 and label == "obscene" else "confirmed",
                    )
                )
    return out


class Dashboard:
    """``python -m bot dashboard`` in its own process, until ``stop``."""

    def __init__(self, db_url: str, api_base: str, workdir: Path, **extra_env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DATABASE_URL": db_url, "DISCORD_API_BASE": api_base, "DISCORD_TOKEN": BOT_TOKEN,
            "DISCORD_CLIENT_ID": CLIENT_ID, "DISCORD_CLIENT_SECRET": CLIENT_SECRET,
            "SESSION_SECRET": "s" * 40, "DASHBOARD_HOST": "127.0.0.1", "DASHBOARD_PORT": str(self.port),
            "DASHBOARD_URL": self.url, "SENTINELA_MODEL": str(model_dir(workdir / "model")),
            "CONFIG_CACHE_TTL_S": "0", "LOG_LEVEL": "WARNING",
        }  # fmt: skip
        env.pop("CLASSIFIER_URL", None)
        env.update(extra_env)
        self.log = workdir / "dashboard.log"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "dashboard"], cwd=workdir, env=env,
            stdout=self.log.open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the dashboard exited ({self.proc.returncode}):\n{self.log.read_text()}")
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the dashboard did not answer within 60 s:\n{self.log.read_text()}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def login(dashboard: Dashboard, user_id: int) -> requests.Session:
    """Log in as a person would, through the fake Discord's consent page, without a browser."""
    http = requests.Session()
    page = http.get(dashboard.url + "/login", timeout=10)
    link = re.search(rf'id="as-{user_id}" href="([^"]+)"', page.text)
    assert link, page.text
    href = link.group(1).replace("&amp;", "&")
    answer = http.get(page.url.split("/api/v10")[0] + href, timeout=10)
    assert answer.status_code == 200, answer.text
    return http


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no CSRF field on the page"
    return match.group(1)
