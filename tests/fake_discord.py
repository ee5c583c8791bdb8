"""A fake of Discord's OAuth2 and REST endpoints, at the HTTP boundary, for the dashboard's tests.

A real HTTP server (the standard library's, on a thread): the dashboard is pointed at it with
``DISCORD_API_BASE`` and talks to it exactly as to discord.com. Its authorization page lists the
users of its world with an "Authorize" link each, as a person meets Discord's consent page.

    python -m tests.fake_discord --port 8765     # the demo world, for trying the dashboard by hand
    python -m tests.fake_discord --seed sqlite+aiosqlite:///demo.db   # and hits for its server
"""

from __future__ import annotations

import argparse
import html
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

CLIENT_ID, CLIENT_SECRET, BOT_TOKEN = "1100", "fake-client-secret", "fake-bot-token"
VIEW_CHANNEL, MANAGE_MESSAGES, MANAGE_GUILD, ADMINISTRATOR = 1 << 10, 1 << 13, 1 << 5, 1 << 3
GUILD, OTHER_GUILD = 500, 600  # the demo world's server, and one nobody here moderates
ADMIN, MODERATOR, MEMBER = 11, 12, 13
GENERAL, STAFF, THREAD = 700, 701, 702
MOD_ROLE, ADMIN_ROLE, BOT_ID = 800, 801, 99


@dataclass
class World:
    users: dict[int, str]
    guilds: dict[int, dict]
    bot_guilds: set[int]
    codes: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, int] = field(default_factory=dict)
    # display names: anyone's profile (/users/{id}: username, global name) and nicknames per
    # (guild, user); a member without a profile here is answered with their username, if any
    profiles: dict[int, dict] = field(default_factory=dict)
    nicks: dict[tuple[int, int], str] = field(default_factory=dict)
    unreachable: set[int] = field(default_factory=set)  # users whose member and profile calls get 503
    calls: list[str] = field(default_factory=list)
    latency_s: float = 0.0  # each answer waits this long, as Discord's round trip does
    peak: int = 0  # the most calls in flight at once
    _in_flight: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @contextmanager
    def answering(self) -> Iterator[None]:
        """One call being answered: counted in flight, and as slow as ``latency_s``."""
        with self._lock:
            self._in_flight += 1
            self.peak = max(self.peak, self._in_flight)
        try:
            time.sleep(self.latency_s)
            yield
        finally:
            with self._lock:
                self._in_flight -= 1

    def member_roles(self, guild_id: int, user_id: int) -> list[int] | None:
        return self.guilds[guild_id]["members"].get(user_id)

    def profile(self, user_id: int) -> dict | None:
        """The user object Discord sends (``None``: an unknown id, such as a deleted account)."""
        found = self.profiles.get(user_id) or (
            {"username": self.users[user_id], "global_name": None} if user_id in self.users else None
        )
        return None if found is None else {"id": str(user_id), **found}

    def permissions(self, guild_id: int, user_id: int) -> int:
        guild = self.guilds[guild_id]
        if guild["owner_id"] == user_id:
            return (1 << 53) - 1
        roles = {r["id"]: r["permissions"] for r in guild["roles"]}
        value = roles.get(guild_id, 0)
        for role in self.member_roles(guild_id, user_id) or []:
            value |= roles.get(role, 0)
        return value


def demo_world() -> World:
    """One server with an admin, a moderator (who cannot read #staff), a plain member; and a
    second server where the moderator is a mere member."""
    everyone = VIEW_CHANNEL | (1 << 11)  # view channels, send messages
    guild = {
        "id": GUILD, "name": "Comunidade Sentinela", "owner_id": 1, "icon": None,
        "roles": [
            {"id": GUILD, "name": "@everyone", "permissions": everyone},
            {"id": MOD_ROLE, "name": "Moderação", "permissions": everyone | MANAGE_MESSAGES},
            {"id": ADMIN_ROLE, "name": "Admin", "permissions": everyone | MANAGE_GUILD | MANAGE_MESSAGES},
        ],
        "channels": [
            {"id": GENERAL, "name": "geral", "type": 0, "permission_overwrites": []},
            {"id": STAFF, "name": "staff", "type": 0, "permission_overwrites": [
                {"id": GUILD, "type": 0, "allow": 0, "deny": VIEW_CHANNEL},
                {"id": ADMIN_ROLE, "type": 0, "allow": VIEW_CHANNEL, "deny": 0},
            ]},
        ],
        "threads": [{"id": THREAD, "name": "debate", "type": 11, "parent_id": GENERAL}],
        "members": {ADMIN: [ADMIN_ROLE], MODERATOR: [MOD_ROLE], MEMBER: []},
    }  # fmt: skip
    other = {
        "id": OTHER_GUILD, "name": "Outro servidor", "owner_id": 2, "icon": None,
        "roles": [{"id": OTHER_GUILD, "name": "@everyone", "permissions": everyone}],
        "channels": [{"id": 710, "name": "geral", "type": 0, "permission_overwrites": []}],
        "threads": [], "members": {MODERATOR: [], ADMIN: []},
    }  # fmt: skip
    users = {ADMIN: "ana.admin", MODERATOR: "marcos.mod", MEMBER: "maria.membro"}
    # the authors of the tests' hits (tests/dashboard_env.py: 100 + i): members by nickname, by
    # display name or by username alone; one who left the server (a profile, no member); 106 is
    # unknown to Discord (a deleted account), shown by its id
    profiles = {
        ADMIN: {"username": "ana.admin", "global_name": "Ana Admin"},
        100: {"username": "joao.c", "global_name": "João Carlos"},
        101: {"username": "bia", "global_name": "Bia Souza"},
        102: {"username": "pedro_123", "global_name": None},
        103: {"username": "lucas", "global_name": "Lucas (saiu)"},
        104: {"username": "carla", "global_name": "Carla"},
        105: {"username": "rafa", "global_name": "Rafa"},
    }
    guild["members"].update({100: [], 101: [], 102: [], 104: [], 105: []})
    return World(users=users, guilds={GUILD: guild, OTHER_GUILD: other}, bot_guilds={GUILD, OTHER_GUILD},
                 profiles=profiles, nicks={(GUILD, 100): "Joca"})  # fmt: skip


class FakeDiscord:
    """``with FakeDiscord(world) as fake: fake.api_base``."""

    def __init__(self, world: World | None = None, port: int = 0) -> None:
        self.world = world or demo_world()
        world_ = self.world

        class Handler(_Handler):
            world = world_

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/v10"

    def __enter__(self) -> FakeDiscord:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Handler(BaseHTTPRequestHandler):
    world: World

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def _send(self, status: int, body: object, content_type: str = "application/json") -> None:
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _caller(self) -> int | str | None:
        auth = self.headers.get("Authorization", "")
        if auth == f"Bot {BOT_TOKEN}":
            return "bot"
        if auth.startswith("Bearer "):
            return self.world.tokens.get(auth[7:])
        return None

    def do_GET(self) -> None:
        with self.world.answering():
            self._get()

    def do_POST(self) -> None:
        with self.world.answering():
            self._post()

    def _get(self) -> None:
        url = urlsplit(self.path)
        path, q = url.path.removeprefix("/api/v10"), {k: v[0] for k, v in parse_qs(url.query).items()}
        self.world.calls.append(f"GET {path}")
        if path == "/oauth2/authorize":
            return self._authorize_page(q)
        if path == "/oauth2/authorize/approve":
            code = secrets.token_urlsafe(12)
            self.world.codes[code] = int(q["user"])
            return self._redirect(q["redirect_uri"] + "?" + urlencode({"code": code, "state": q["state"]}))
        who = self._caller()
        if who is None:
            return self._send(401, {"message": "401: Unauthorized", "code": 0})
        parts = path.strip("/").split("/")
        if path == "/users/@me":
            if who == "bot":
                return self._send(200, {"id": str(BOT_ID), "username": "Sentinela", "bot": True})
            return self._send(200, {"id": str(who), "username": self.world.users[who], "global_name": None})
        if path == "/users/@me/guilds":
            if q.get("after", "0") != "0":
                return self._send(200, [])
            return self._send(200, self._guild_list(who))
        if parts[0] == "users" and len(parts) == 2 and who == "bot":
            if int(parts[1]) in self.world.unreachable:
                return self._send(503, {"message": "Service Unavailable", "code": 0})
            profile = self.world.profile(int(parts[1]))
            if profile is None:
                return self._send(404, {"message": "Unknown User", "code": 10013})
            return self._send(200, profile)
        if who != "bot" or parts[0] != "guilds" or int(parts[1]) not in self.world.bot_guilds:
            return self._send(403 if who != "bot" else 404, {"message": "Unknown Guild", "code": 10004})
        guild = self.world.guilds[int(parts[1])]
        if len(parts) == 2:
            roles = [{**r, "id": str(r["id"]), "permissions": str(r["permissions"])} for r in guild["roles"]]
            return self._send(200, {"id": str(guild["id"]), "name": guild["name"], "icon": None,
                                    "owner_id": str(guild["owner_id"]), "roles": roles})  # fmt: skip
        if parts[2] == "members":
            if int(parts[3]) in self.world.unreachable:
                return self._send(503, {"message": "Service Unavailable", "code": 0})
            roles = guild["members"].get(int(parts[3]))
            if roles is None:
                return self._send(404, {"message": "Unknown Member", "code": 10007})
            user_id = int(parts[3])
            user = self.world.profile(user_id) or {"id": parts[3]}
            nick = self.world.nicks.get((guild["id"], user_id))
            return self._send(200, {"user": user, "nick": nick, "roles": [str(r) for r in roles]})
        if parts[2] == "channels":
            return self._send(200, [_ids(c) for c in guild["channels"]])
        if parts[2:] == ["threads", "active"]:
            return self._send(200, {"threads": [_ids(t) for t in guild["threads"]], "members": []})
        return self._send(404, {"message": "404: Not Found", "code": 0})

    def _post(self) -> None:
        path = urlsplit(self.path).path.removeprefix("/api/v10")
        self.world.calls.append(f"POST {path}")
        length = int(self.headers.get("Content-Length", 0))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return self._send(401, {"error": "invalid_client"})
        if path == "/oauth2/token/revoke":
            self.world.tokens.pop(form.get("token", ""), None)
            return self._send(200, {})
        if path != "/oauth2/token" or form.get("grant_type") != "authorization_code":
            return self._send(400, {"error": "unsupported_grant_type"})
        user = self.world.codes.pop(form.get("code", ""), None)  # a code is good once
        if user is None:
            return self._send(400, {"error": "invalid_grant"})
        token = secrets.token_urlsafe(16)
        self.world.tokens[token] = user
        return self._send(200, {"access_token": token, "token_type": "Bearer", "expires_in": 604800,
                                "refresh_token": "r" + token, "scope": "identify guilds"})  # fmt: skip

    def _authorize_page(self, q: dict[str, str]) -> None:
        if q.get("client_id") != CLIENT_ID or set(q.get("scope", "").split()) != {"identify", "guilds"}:
            return self._send(400, "invalid client or scope", "text/plain")
        links = "".join(
            f'<li><a id="as-{uid}" href="/api/v10/oauth2/authorize/approve?{html.escape(query)}">'
            f"Authorize as {html.escape(name)}</a></li>"
            for uid, name in self.world.users.items()
            for query in [urlencode({"user": uid, "state": q["state"], "redirect_uri": q["redirect_uri"]})]
        )
        self._send(
            200, f"<!doctype html><title>Discord</title><h1>Fake Discord</h1><ul>{links}</ul>", "text/html"
        )

    def _guild_list(self, who: int | str) -> list[dict]:
        out = []
        for gid, guild in self.world.guilds.items():
            if who == "bot":
                if gid in self.world.bot_guilds:
                    out.append({"id": str(gid), "name": guild["name"], "icon": None})
            elif who in guild["members"] or guild["owner_id"] == who:
                owner, perms = guild["owner_id"] == who, str(self.world.permissions(gid, who))
                out.append(dict(id=str(gid), name=guild["name"], icon=None, owner=owner, permissions=perms))
        return out


def _ids(item: dict) -> dict:
    """Snowflakes as strings, as Discord sends them."""
    out = {**item, "id": str(item["id"])}
    if "parent_id" in out:
        out["parent_id"] = str(out["parent_id"])
    if "permission_overwrites" in out:
        out["permission_overwrites"] = [
            {**o, "id": str(o["id"]), "allow": str(o["allow"]), "deny": str(o["deny"])}
            for o in out["permission_overwrites"]
        ]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--seed", metavar="DATABASE_URL", help="record the tests' hits for its server there first"
    )
    args = parser.parse_args()
    if args.seed:
        import asyncio

        from tests.dashboard_env import seed

        asyncio.run(seed(args.seed))
        print(f"seeded {args.seed} with hits for guild {GUILD}", flush=True)
    with FakeDiscord(port=args.port) as fake:
        print(f"DISCORD_API_BASE={fake.api_base} DISCORD_CLIENT_ID={CLIENT_ID} "
              f"DISCORD_CLIENT_SECRET={CLIENT_SECRET} DISCORD_TOKEN={BOT_TOKEN}", flush=True)  # fmt: skip
        threading.Event().wait()


if __name__ == "__main__":
    main()
