"""The model service's HTTP front: the only part of it a network can reach.

An aiohttp server in front of whatever scores (the Ray Serve deployment, or an in-process
``Classifier``), so that exposing the service cannot switch moderation off:

- a shared secret (``Authorization: Bearer T``), compared in constant time, on every route but
  ``/healthz`` (which says only "ok");
- request bodies capped before they are read: a ``Content-Length`` over the cap is refused at
  once, a chunked body is counted as it streams and cut at the cap; what the caller keeps sending
  is discarded, never kept, for at most ``LINGER_S``, then the connection is closed;
- a connection must send its headers within ``header_timeout_s`` (aiohttp's keep-alive timer
  runs from the moment it connects) and its body within ``body_timeout_s``, so stalled
  connections are closed instead of holding the service;
- error bodies are one line of our own words: no exception text, no paths; a backend at capacity
  (``Overloaded``) is a 503 with ``Retry-After``, never a 500.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from aiohttp import web

log = logging.getLogger(__name__)

DEFAULT_MAX_TEXTS = 64
DEFAULT_MAX_CHARS = 4000  # Discord's longest message (Nitro); the client windows longer texts
OPEN_PATHS = frozenset({"/healthz"})
# after a refused body, read-and-drop what is still coming for this long so the caller can read
# its 413 (closing at once resets the connection and loses the answer), then close
LINGER_S = 2.0


class Overloaded(Exception):
    """The backend is at capacity (Ray's queue is full): the caller should come back later."""

    def __init__(self, retry_after_s: float = 1.0) -> None:
        super().__init__(f"overloaded; retry after {retry_after_s:g}s")
        self.retry_after_s = retry_after_s


class Backend(Protocol):
    """What the gate asks of the model: scores per text, and what the model is. ``score`` raises
    ``Overloaded`` when the model cannot take more work now."""

    async def score(self, texts: list[str]) -> list[dict[str, Any]]: ...

    async def info(self) -> dict[str, Any]: ...

    async def stats(self) -> dict[str, int]: ...


@dataclass(frozen=True)
class GateLimits:
    max_texts: int = DEFAULT_MAX_TEXTS
    max_chars: int = DEFAULT_MAX_CHARS
    header_timeout_s: float = 5.0
    body_timeout_s: float = 10.0
    max_body_bytes: int | None = None  # default: what max_texts texts of max_chars can take in JSON

    @property
    def body_cap(self) -> int:
        # a character is at most 6 bytes as a JSON \\u escape (12 for a surrogate pair of two)
        return self.max_body_bytes or self.max_texts * (self.max_chars * 6 + 8) + 1024


class RequestError(Exception):
    """A malformed request: answered with ``status`` and a one-line reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


def validate(body: Any, max_texts: int, max_chars: int) -> list[str]:
    """The texts of a ``/v1/score`` body, or a ``RequestError`` saying what is wrong."""
    if not isinstance(body, dict) or "texts" not in body:
        raise RequestError(422, 'the body must be a JSON object {"texts": [...]}')
    texts = body["texts"]
    if not isinstance(texts, list):
        raise RequestError(422, f"texts must be a list of strings, got {type(texts).__name__}")
    if not texts:
        raise RequestError(422, "texts is empty")
    if len(texts) > max_texts:
        raise RequestError(413, f"too many texts: {len(texts)} (at most {max_texts} per request)")
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise RequestError(422, f"texts[{i}] must be a string, got {type(text).__name__}")
        if len(text) > max_chars:
            raise RequestError(413, f"texts[{i}] has {len(text)} characters (at most {max_chars})")
    return texts


def error(
    status: int, reason: str, *, close: bool = False, headers: dict[str, str] | None = None
) -> web.Response:
    response = web.json_response({"error": reason}, status=status, headers=headers)
    if close:  # the rest of the body is never read: the connection cannot be reused
        response.force_close()
    return response


async def read_capped(request: web.Request, cap: int) -> bytes:
    """The body, refused at once over ``cap`` bytes (declared or streamed)."""
    if request.content_length is not None and request.content_length > cap:
        raise RequestError(413, f"the body is over {cap} bytes")
    chunks, size = [], 0
    async for chunk in request.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > cap:
            raise RequestError(413, f"the body is over {cap} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def authorization(request: web.Request) -> bytes:
    """The ``Authorization`` header as sent: bytes, so a caller's non-UTF-8 header is just a wrong
    token (aiohttp decodes headers with surrogate escapes, which ``str.encode`` refuses)."""
    for name, value in request.raw_headers:
        if name.lower() == b"authorization":
            return value
    return b""


def build_gate(backend: Backend, *, token: str | None, limits: GateLimits = GateLimits()) -> web.Application:
    """The aiohttp application (not started); ``serve_gate`` runs it with the timeouts."""
    expected = f"Bearer {token}".encode() if token else None

    @web.middleware
    async def guard(request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]):
        if (
            expected is not None
            and request.path not in OPEN_PATHS
            and not hmac.compare_digest(authorization(request), expected)
        ):
            return error(401, "missing or wrong token", close=request.body_exists)
        try:
            return await handler(request)
        except web.HTTPException as e:  # 404, 405: our own one line
            return error(e.status, e.reason)
        except Overloaded as e:  # back-pressure is the callers' to handle, not a failure of ours
            log.warning("model service overloaded: answered 503 to %s %s", request.method, request.path)
            retry = str(max(1, math.ceil(e.retry_after_s)))
            return error(503, "overloaded", headers={"Retry-After": retry})
        except Exception:
            log.exception("model service failed on %s %s", request.method, request.path)
            return error(500, "the model service failed; see its log")

    async def score(request: web.Request) -> web.Response:
        try:
            raw = await asyncio.wait_for(read_capped(request, limits.body_cap), limits.body_timeout_s)
        except RequestError as e:
            return error(e.status, str(e), close=True)
        except TimeoutError:
            return error(408, f"the body did not arrive within {limits.body_timeout_s:g}s", close=True)
        try:
            try:
                body = json.loads(raw)
            except (ValueError, UnicodeDecodeError):
                raise RequestError(400, "the body is not JSON") from None
            except RecursionError:  # "[[[[...": the parser recurses once per level
                raise RequestError(400, "the body is nested too deeply") from None
            texts = validate(body, limits.max_texts, limits.max_chars)
        except RequestError as e:
            return error(e.status, str(e))
        results = await backend.score(texts)
        return web.json_response({"model_id": (await backend.info())["model_id"], "results": results})

    async def model_info(_request: web.Request) -> web.Response:
        info = await backend.info()
        return web.json_response({**info, "max_texts": limits.max_texts, "max_chars": limits.max_chars})

    async def stats(_request: web.Request) -> web.Response:
        return web.json_response(await backend.stats())

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application(middlewares=[guard], client_max_size=limits.body_cap)
    app.router.add_post("/v1/score", score)
    app.router.add_get("/v1/model", model_info)
    app.router.add_get("/v1/stats", stats)
    app.router.add_get("/healthz", healthz)
    return app


async def serve_gate(app: web.Application, host: str, port: int, limits: GateLimits) -> web.AppRunner:
    """Start the gate; a connection silent (or half-sent) for ``header_timeout_s`` is closed, and
    one whose body was refused is read-and-dropped for at most ``LINGER_S`` (aiohttp's default
    lingering is 10 s, which held every refused connection that long)."""
    runner = web.AppRunner(
        app,
        access_log=None,
        keepalive_timeout=limits.header_timeout_s,
        lingering_time=LINGER_S,
        shutdown_timeout=5,
    )
    await runner.setup()
    await web.TCPSite(runner, host, port, backlog=1024).start()
    return runner


def is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
