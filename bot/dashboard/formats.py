"""Numbers, dates and times as the reader's language writes them (Babel), in their time zone.

The zone is the browser's: ``app.js`` writes it into the ``tz`` cookie on every page, so from the
second page on (the login page is the first) instants are shown in it; until then, and for a
name ``zoneinfo`` does not know, UTC. The overview's days are that zone's days too
(:mod:`bot.db.days`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from urllib.parse import unquote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date, format_datetime, get_timezone_name
from babel.numbers import format_decimal
from starlette.requests import Request

TZ_COOKIE = "tz"
UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Universal", "Etc/Universal", "Zulu", "Etc/Zulu"})


def zone_of(request: Request) -> tzinfo:
    """The browser's time zone from its cookie, else UTC (a bad or unknown name is UTC too)."""
    name = unquote(request.cookies.get(TZ_COOKIE, ""))  # app.js URI-encodes the "/"
    if not name or len(name) > 64 or name.startswith(("/", ".")) or ".." in name:
        return UTC
    if name in UTC_NAMES:  # Babel names ZoneInfo("UTC") "Unknown Region (UTC) Time"
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


@dataclass(frozen=True)
class Formats:
    """What the templates call to write a count, an instant or a day for this reader."""

    locale: str
    zone: tzinfo = UTC

    def count(self, n: int) -> str:
        """1188 as 1.188 in Portuguese, 1,188 in English."""
        return format_decimal(n, locale=self.locale)

    def when(self, instant: datetime) -> str:
        """An instant in the reader's zone, short: 06/12/2026 21:32 (pt-BR), 12/6/26, 9:32 PM (en)."""
        if instant.tzinfo is None:  # the database's naive instants are UTC
            instant = instant.replace(tzinfo=UTC)
        return format_datetime(instant, format="short", tzinfo=self.zone, locale=self.locale)

    def iso(self, instant: datetime) -> str:
        """The same instant for machines (``<time datetime>``)."""
        return (instant if instant.tzinfo else instant.replace(tzinfo=UTC)).isoformat(timespec="seconds")

    def day(self, day: date) -> str:
        """A calendar day, medium: 7 de dez. de 2026 / Dec 7, 2026."""
        return format_date(day, format="medium", locale=self.locale)

    @property
    def zone_name(self) -> str:
        """The zone as people name it ("Horário de Brasília"), for a title attribute."""
        if self.zone is UTC:
            return "UTC"
        return get_timezone_name(self.zone, locale=self.locale)


def formats_of(request: Request, locale: str) -> Formats:
    return Formats(locale, zone_of(request))
