"""The dashboard to try by hand, without Discord: the tests' fake Discord, their hits and their
model's labels and thresholds, in one command that is safe to run again.

    .venv/bin/python -m tests.dashboard_demo            # then open http://127.0.0.1:8090

The database is seeded once (a second run finds its hits and leaves them); a demo still running
from before (its pid in the demo's directory) is stopped first, so its ports are free; any other
program on a port is named, with the option that moves the demo elsewhere. ``SENTINELA_MODEL``
set in the environment (a real model directory) replaces the demo's ``sentinela.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bot.db.store import Store
from tests.dashboard_env import model_dir, seed
from tests.fake_discord import BOT_TOKEN, CLIENT_ID, CLIENT_SECRET, GUILD, FakeDiscord

PID_FILE = "demo.pid"


def port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def stop_previous(directory: Path) -> None:
    """Stop the demo started from this directory before, if it still runs (its pid file)."""
    pid_file = directory / PID_FILE
    try:
        pid = int(pid_file.read_text())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return
    if b"tests.dashboard_demo" not in cmdline or pid == os.getpid():
        return  # the pid is another program's now: not ours to stop
    os.kill(pid, signal.SIGTERM)
    for _ in range(50):
        if not Path(f"/proc/{pid}").exists():
            break
        time.sleep(0.1)
    print(f"stopped the demo that was still running (pid {pid})", flush=True)


async def seed_once(url: str) -> bool:
    """Seed the tests' hits unless the database already has them; True if it seeded."""
    store = Store(url)
    try:
        await store.migrate()
        if await store.reviewed_count(GUILD):
            return False
    finally:
        await store.close()
    await seed(url)
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path("outputs/dashboard-demo"), help="database and model")
    parser.add_argument("--port", type=int, default=8090, help="the dashboard's port")
    parser.add_argument("--discord-port", type=int, default=8765, help="the fake Discord's port")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    stop_previous(args.dir)
    for port, option in ((args.port, "--port"), (args.discord_port, "--discord-port")):
        if not port_free(port):
            print(
                f"error: port {port} is taken by another program; choose another with {option}",
                file=sys.stderr,
            )
            return 2
    (args.dir / PID_FILE).write_text(str(os.getpid()))
    url = f"sqlite+aiosqlite:///{(args.dir / 'demo.db').resolve()}"
    seeded = asyncio.run(seed_once(url))
    print(f"{'seeded' if seeded else 'kept the hits already in'} {url}", flush=True)
    model = os.environ.get("SENTINELA_MODEL") or str(model_dir(args.dir / "model"))
    with FakeDiscord(port=args.discord_port) as fake:
        dashboard_url = f"http://127.0.0.1:{args.port}"
        env = {
            **os.environ, "DATABASE_URL": url, "DISCORD_API_BASE": fake.api_base, "DISCORD_TOKEN": BOT_TOKEN,
            "DISCORD_CLIENT_ID": CLIENT_ID, "DISCORD_CLIENT_SECRET": CLIENT_SECRET,
            "SESSION_SECRET": secrets.token_hex(32), "DASHBOARD_HOST": "127.0.0.1",
            "DASHBOARD_PORT": str(args.port), "DASHBOARD_URL": dashboard_url, "SENTINELA_MODEL": model,
        }  # fmt: skip
        env.pop("CLASSIFIER_URL", None)
        print(
            f"open {dashboard_url} and log in as marcos.mod, ana.admin or maria.membro (Ctrl-C stops)",
            flush=True,
        )
        dashboard = subprocess.Popen([sys.executable, "-m", "bot", "dashboard"], env=env)
        signal.signal(signal.SIGTERM, lambda *_: dashboard.terminate())
        try:
            return dashboard.wait()
        except KeyboardInterrupt:
            dashboard.terminate()
            return dashboard.wait()
        finally:
            (args.dir / PID_FILE).unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
