"""The dashboard's static files: named by their content's digest, cached for good, compressed.

``/static/app.3f2a1b9c0d4e.js`` can be cached by the browser and any proxy for a year
(``Cache-Control: immutable``): a new version of the file has a new name, which the pages link.
Files are read and gzip-compressed once, at startup (about 110 KB, 45 KB compressed), and
served compressed to every browser that accepts it. Pages themselves are not compressed: they
carry the CSRF token beside text a visitor can choose (filters), which compression would let an
eavesdropper guess a byte at a time (BREACH).
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

PREFIX = "/static/"
YEAR_S = 365 * 86400
CACHE_FOR_GOOD = f"public, max-age={YEAR_S}, immutable"
TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
SUFFIXES = (".js", ".css")  # what pages link; licences and notes stay in the source tree


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes
    media_type: str


class Assets:
    """Every ``.js`` and ``.css`` under ``directory``, by digest name."""

    def __init__(self, directory: Path) -> None:
        self._urls: dict[str, str] = {}
        self._files: dict[str, Asset] = {}
        for path in sorted(directory.rglob("*")):
            if path.suffix not in SUFFIXES or not path.is_file():
                continue
            body = path.read_bytes()
            name = path.relative_to(directory).as_posix()
            digest = hashlib.sha256(body).hexdigest()[:12]
            stem, dot, suffix = name.rpartition(".")
            served = f"{stem}.{digest}{dot}{suffix}"
            media_type = TYPES.get(path.suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
            self._urls[name] = PREFIX + served
            self._files[served] = Asset(body, gzip.compress(body, compresslevel=9, mtime=0), media_type)

    def url(self, name: str) -> str:
        """The address of ``name`` (``vendor/htmx.min.js``) as of this version of the file."""
        return self._urls[name]

    async def serve(self, request: Request) -> Response:
        asset = self._files.get(request.path_params["path"])
        if asset is None:  # an old digest or no such file: not cached, so a fixed file is seen
            return Response("not found", status_code=404, media_type="text/plain")
        headers = {"Cache-Control": CACHE_FOR_GOOD, "Vary": "Accept-Encoding"}
        if "gzip" in request.headers.get("accept-encoding", ""):
            headers["Content-Encoding"] = "gzip"
            return Response(asset.gzipped, media_type=asset.media_type, headers=headers)
        return Response(asset.body, media_type=asset.media_type, headers=headers)

    def route(self) -> Route:
        return Route(PREFIX + "{path:path}", self.serve)
