"""A throwaway PostgreSQL server for the tests: ``initdb`` + ``pg_ctl`` in a temporary directory.

Debian's ``postgresql`` package provides the binaries (``make test`` installs it when missing).
PostgreSQL refuses to run as root, so under root the server runs as ``nobody``; it listens on
127.0.0.1 only, on a free port, with no Unix socket, and is stopped (and its files removed) when
the test session ends.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

INSTALL_HINT = "install Debian's postgresql package (make test does: scripts/ensure-postgres.sh)"


class PostgresUnavailable(RuntimeError):
    pass


def find_bindir() -> Path:
    """The directory holding ``initdb`` and ``pg_ctl`` (they are not on PATH on Debian)."""
    explicit = os.environ.get("PG_BINDIR")
    candidates = [explicit] if explicit else []
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True)
    if found := shutil.which("pg_ctl"):
        candidates.append(str(Path(found).resolve().parent))
    for c in candidates:
        if c and (Path(c) / "initdb").exists() and (Path(c) / "pg_ctl").exists():
            return Path(c)
    raise PostgresUnavailable(f"no initdb/pg_ctl found: {INSTALL_HINT}")


def _version(path: str) -> int:
    part = Path(path).parent.name
    return int(part) if part.isdigit() else 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PostgresServer:
    bindir: Path
    root: Path
    port: int
    user: str | None  # the OS user the server runs as (None: this process's user)

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{database}"

    def dsn(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        kwargs: dict = {}
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            kwargs = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
        return subprocess.run(
            [str(self.bindir / args[0]), *args[1:]],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=self.root,
            env={**os.environ, "LC_ALL": "C"},
            **kwargs,
        )

    @classmethod
    def start(cls) -> PostgresServer:
        bindir = find_bindir()
        user = "nobody" if os.geteuid() == 0 else None
        root = Path(tempfile.mkdtemp(prefix="sentinela-pg-"))
        if user is not None:
            entry = pwd.getpwnam(user)
            os.chown(root, entry.pw_uid, entry.pw_gid)
        server = cls(bindir, root, free_port(), user)
        init = server._run(
            "initdb", "-D", str(server.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"
        )
        if init.returncode != 0:
            server.remove()
            raise PostgresUnavailable(f"initdb failed: {init.stderr.strip()[-500:]}")
        try:
            server.serve()
        except PostgresUnavailable:
            server.remove()
            raise
        return server

    def serve(self) -> None:
        """Start the server on its data directory (again, after :meth:`halt`: the same port)."""
        # durability off: a test database is thrown away, and fsync is most of a commit's cost
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        logfile = self.root / "server.log"
        started = self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(logfile), "-w", "start")
        if started.returncode != 0:
            log = logfile.read_text(errors="replace")[-800:] if logfile.exists() else ""
            raise PostgresUnavailable(f"pg_ctl start failed: {started.stderr.strip()[-300:]} {log}")

    def halt(self) -> None:
        """Stop serving, keeping the data (an outage: connections refused until :meth:`serve`)."""
        stopped = self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        if stopped.returncode != 0:
            raise PostgresUnavailable(f"pg_ctl stop failed: {stopped.stderr.strip()[-300:]}")

    def processes(self) -> list[int]:
        """The postmaster and its children (backends, checkpointer, ...), postmaster last."""
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                # the fields after the command's closing parenthesis: state, ppid, ...
                ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # gone meanwhile
            if ppid == postmaster:
                children.append(int(stat.parent.name))
        return [*children, postmaster]

    def freeze(self) -> None:
        """SIGSTOP every server process: connections stay open and nothing answers (a hung host)."""
        for pid in self.processes():
            _signal(pid, signal.SIGSTOP)

    def thaw(self) -> None:
        # postmaster first: it then reaps a backend that exited while frozen (a zombie it
        # listed), so that pid may be gone by the time its turn comes
        for pid in reversed(self.processes()):
            _signal(pid, signal.SIGCONT)

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        self.remove()

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    async def create_database(self, name: str) -> str:
        """A fresh, empty database; returns its SQLAlchemy URL."""
        import asyncpg

        conn = await asyncpg.connect(self.dsn())
        try:
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()
        return self.url(name)


def _signal(pid: int, signum: signal.Signals) -> None:
    """Signal a server process that may have exited since it was listed."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signum)
