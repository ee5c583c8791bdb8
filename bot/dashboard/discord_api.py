"""Discord's OAuth2 and REST endpoints, as the dashboard uses them (``DISCORD_API_BASE``).

Two identities: the user's OAuth2 token (who they are, which guilds they are in) and the bot's
token (which guilds the bot is in, a member's roles, the roles and channels of a guild).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import urlencode

import aiohttp

log = logging.getLogger(__name__)
SCOPES = "identify guilds"
TIMEOUT = aiohttp.ClientTimeout(total=10)


class DiscordError(RuntimeError):
    """Discord refused or did not answer; ``status`` is its HTTP status (0: no answer)."""

    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.status = status


class TokenRevoked(DiscordError):
    """Discord refused the user's own token (401): revoked, expired or the app deauthorised.
    Not an outage: the dashboard logs the user out and they log in again."""


class DiscordAPI:
    def __init__(self, base: str, client_id: str, client_secret: str, bot_token: str) -> None:
        self.base = base.rstrip("/")
        self.client_id, self._client_secret, self._bot_token = client_id, client_secret, bot_token
        self._http: aiohttp.ClientSession | None = None

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.close()
            self._http = None

    def authorize_url(self, state: str, redirect_uri: str) -> str:
        """Where the browser goes to log in (the authorization-code flow)."""
        query = dict(
            response_type="code", client_id=self.client_id, scope=SCOPES, state=state,
            redirect_uri=redirect_uri, prompt="none",
        )  # fmt: skip
        return f"{self.base}/oauth2/authorize?{urlencode(query)}"

    async def exchange_code(self, code: str, redirect_uri: str) -> dict[str, Any]:
        """The user's access token for the code Discord handed to our callback."""
        form = dict(
            grant_type="authorization_code", code=code, redirect_uri=redirect_uri,
            client_id=self.client_id, client_secret=self._client_secret,
        )  # fmt: skip
        return await self._request("POST", "/oauth2/token", data=form)

    async def revoke(self, token: str) -> None:
        form = dict(token=token, client_id=self.client_id, client_secret=self._client_secret)
        try:
            await self._request("POST", "/oauth2/token/revoke", data=form)
        except DiscordError as e:  # logging out locally still works
            log.info("revoking a token failed: %s", e)

    async def user(self, token: str) -> dict[str, Any]:
        return await self._request("GET", "/users/@me", auth=f"Bearer {token}")

    async def user_guilds(self, token: str) -> list[dict[str, Any]]:
        """The user's guilds, with their guild-level ``permissions`` (scope ``guilds``)."""
        return await self._pages("/users/@me/guilds", f"Bearer {token}")

    async def bot_guild_ids(self) -> set[int]:
        return {int(g["id"]) for g in await self._pages("/users/@me/guilds", self._bot)}

    async def guild(self, guild_id: int) -> dict[str, Any]:
        """The guild with its roles and owner."""
        return await self._request("GET", f"/guilds/{guild_id}", auth=self._bot)

    async def member(self, guild_id: int, user_id: int) -> dict[str, Any] | None:
        """The member's roles, nickname and user; ``None`` when they are not in the guild (any more)."""
        try:
            return await self._request("GET", f"/guilds/{guild_id}/members/{user_id}", auth=self._bot)
        except DiscordError as e:
            if e.status == 404:
                return None
            raise

    async def user_by_id(self, user_id: int) -> dict[str, Any] | None:
        """Anyone's public profile (username, global name); ``None`` for an unknown id."""
        try:
            return await self._request("GET", f"/users/{user_id}", auth=self._bot)
        except DiscordError as e:
            if e.status == 404:
                return None
            raise

    async def channels(self, guild_id: int) -> list[dict[str, Any]]:
        return await self._request("GET", f"/guilds/{guild_id}/channels", auth=self._bot)

    async def active_threads(self, guild_id: int) -> list[dict[str, Any]]:
        answer = await self._request("GET", f"/guilds/{guild_id}/threads/active", auth=self._bot)
        return list(answer.get("threads", []))

    @property
    def _bot(self) -> str:
        return f"Bot {self._bot_token}"

    async def _pages(self, path: str, auth: str) -> list[dict[str, Any]]:
        """A list endpoint read to its end, 200 at a time (``after`` the last id)."""
        out: list[dict[str, Any]] = []
        after = "0"
        while True:
            page = await self._request("GET", f"{path}?limit=200&after={after}", auth=auth)
            out += page
            if len(page) < 200:
                return out
            after = page[-1]["id"]

    async def _request(
        self, method: str, path: str, *, auth: str | None = None, data: dict | None = None
    ) -> Any:
        if self._http is None:
            self._http = aiohttp.ClientSession(timeout=TIMEOUT)
        headers = {"User-Agent": "Sentinela dashboard (https://github.com/sentinela, 1)"}
        if auth:
            headers["Authorization"] = auth
        for attempt in range(2):
            try:
                async with self._http.request(method, self.base + path, headers=headers, data=data) as r:
                    if r.status == 429 and attempt == 0:  # rate limited: wait as told, once
                        retry = float((await r.json(content_type=None) or {}).get("retry_after", 1))
                        await asyncio.sleep(min(retry, 5.0))
                        continue
                    if r.status == 401 and auth is not None and auth.startswith("Bearer "):
                        raise TokenRevoked(f"Discord refused the user's token on {method} {path}", 401)
                    if r.status >= 400:
                        raise DiscordError(f"Discord answered {r.status} to {method} {path}", r.status)
                    return await r.json(content_type=None)
            except (aiohttp.ClientError, TimeoutError) as e:
                raise DiscordError(f"Discord did not answer {method} {path}: {e}") from e
        raise DiscordError(f"Discord kept rate-limiting {method} {path}", 429)
