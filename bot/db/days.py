"""The dashboard's overview in the reader's time zone: days from midnight to midnight where they
live, made of the UTC day counts (``hit_days``) and a few hour counts (``hit_hours``).

A local day is rarely a UTC day: in São Paulo (UTC-3) it runs from 03:00 UTC to 03:00 UTC the
next day. Each UTC day is credited whole to the local day that holds most of its hours, and
each of its other hours (São Paulo: 00:00-02:59 UTC, three a day) is moved from that day to its
own: ``+hour`` to the local day it belongs to, ``-hour`` from the one credited. So a month costs
the day counts and at most 12 hours a day of hour counts, none at all in UTC: the hour counts of
a busy guild are as many rows as its hits, and reading them all was the old way's cost.

An hour belongs to the local day its first minute falls in: exact in every zone whose offset is
whole hours (all of Brazil's), a half-hour zone's midnight (India, UTC+5:30) is counted at the
next whole UTC hour. Daylight-saving changes are followed day by day.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo

from sqlalchemy import func, select

from bot.db.models import Hit, HitDay, HitHour
from bot.db.stats import HitStats, Stats, _reviews_per_label, _visible

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def hour_start(hour: int) -> datetime:
    return EPOCH + timedelta(hours=hour)


def local_day(hour: int, zone: tzinfo) -> date:
    """The local day an hour count belongs to: the one its first minute falls in."""
    return hour_start(hour).astimezone(zone).date()


def _first_hour(day: date, zone: tzinfo) -> int:
    """The first UTC hour whose first minute falls on or after ``day``'s local midnight."""
    midnight = datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)
    return -(-int((midnight - EPOCH).total_seconds()) // 3600)  # rounded up to the hour


@dataclass
class DayPlan:
    """How local days ``first``..``last`` are read: ``days`` maps each UTC day read whole to the
    local day it is credited to; ``moved`` each other hour read to (where it belongs, the day
    it was credited to with its UTC day); a day outside the period is ``None``."""

    first: date
    last: date
    since: datetime  # the first instant counted
    days: dict[date, date] = field(default_factory=dict)
    moved: dict[int, tuple[date | None, date | None]] = field(default_factory=dict)

    @classmethod
    def of(cls, first: date, last: date, zone: tzinfo) -> DayPlan:
        start, end = _first_hour(first, zone), _first_hour(last + timedelta(days=1), zone)
        plan = cls(first, last, hour_start(start))

        def inside(day: date) -> date | None:
            return day if first <= day <= last else None

        utc_first = hour_start(start).date()
        for n in range(((hour_start(end - 1).date() - utc_first).days) + 1):
            utc = utc_first + timedelta(days=n)
            base = int((datetime(utc.year, utc.month, utc.day, tzinfo=UTC) - EPOCH).total_seconds()) // 3600
            owners = {h: local_day(h, zone) for h in range(base, base + 24)}
            credited = Counter(owners.values()).most_common(1)[0][0]
            if inside(credited):
                plan.days[utc] = credited
            for h, own in owners.items():
                if own != credited and (inside(own) or inside(credited)):
                    plan.moved[h] = (inside(own), inside(credited))
        return plan

    def per_day(self, day_rows, hour_rows) -> dict[date, Counter]:
        """Per local day and key: ``day_rows`` (UTC day, key, n), ``hour_rows`` (hour, key, n)."""
        out: dict[date, Counter] = {}
        for day, key, n in day_rows:
            utc = day if isinstance(day, date) else date.fromisoformat(str(day)[:10])
            if (local := self.days.get(utc)) is not None:
                out.setdefault(local, Counter())[key] += int(n or 0)
        for hour, key, n in hour_rows:
            to, credited = self.moved.get(int(hour), (None, None))
            if to is not None:
                out.setdefault(to, Counter())[key] += int(n or 0)
            if credited is not None:
                out.setdefault(credited, Counter())[key] -= int(n or 0)
        return {day: +counts for day, counts in out.items() if +counts}

    @property
    def edges(self) -> dict[int, int]:
        """The moved hours a period's total needs, with their sign: those that cross its edge
        (an hour moved between two days of the period adds and takes away the same)."""
        moved = self.moved.items()
        return {h: 1 if to else -1 for h, (to, credited) in moved if (to is None) != (credited is None)}


class Days(Stats):
    """Mixed into ``Store``: the overview's counts and chart, in the reader's days."""

    async def day_stats(
        self,
        guild_id: int,
        first_day: date,
        channel_ids: Collection[int] | None = None,
        top: int = 5,
        *,
        zone: tzinfo = UTC,
        today: date | None = None,
    ) -> tuple[HitStats, dict[date, Counter]]:
        """``/toxstats``'s counts and the chart's days (label -> hits) for the local days from
        ``first_day`` to ``today`` (the zone's today by default), read from the day and hour
        counts: a few thousand rows where ``hit_stats`` reads a million hits. Top members are not
        kept by day; they stay ``/toxstats``'s."""
        today = today or datetime.now(zone).date()
        plan = DayPlan.of(first_day, today, zone)
        day_conds = [HitDay.guild_id == guild_id, HitDay.day.in_(list(plan.days) or [date.min])]
        hour_conds = [HitHour.guild_id == guild_id]
        if channel_ids is not None:
            day_conds.append(HitDay.channel_id.in_(list(channel_ids) or [-1]))
            hour_conds.append(HitHour.channel_id.in_(list(channel_ids) or [-1]))
        hits, messages = func.sum(HitDay.hits), func.sum(HitDay.messages)
        # summed by the database: a few hundred rows come back, not a month of day counts
        queries = {
            "days": select(HitDay.day, HitDay.label, hits)
            .where(*day_conds)
            .group_by(HitDay.day, HitDay.label),
            "totals": select(HitDay.channel_id, HitDay.action, messages)
            .where(*day_conds)
            .group_by(HitDay.channel_id, HitDay.action),
            "reviews": _reviews_per_label(guild_id, [Hit.created_at >= plan.since, *_visible(channel_ids)]),
        }
        if plan.moved:
            queries["hours"] = (
                select(HitHour.hour, HitHour.label, func.sum(HitHour.hits))
                .where(*hour_conds, HitHour.hour.in_(sorted(plan.moved)))
                .group_by(HitHour.hour, HitHour.label)
            )
        if edges := plan.edges:
            queries["edges"] = (
                select(HitHour.hour, HitHour.channel_id, HitHour.action, func.sum(HitHour.messages))
                .where(*hour_conds, HitHour.hour.in_(sorted(edges)))
                .group_by(HitHour.hour, HitHour.channel_id, HitHour.action)
            )
        # each on its own pooled connection: the database works on them side by side
        rows = dict(zip(queries, await asyncio.gather(*map(self._all, queries.values())), strict=True))
        per_day = plan.per_day(rows["days"], rows.get("hours", []))
        per_label = sum(per_day.values(), Counter())
        opened: Counter[tuple[int, str]] = Counter()
        for channel, action, n in rows["totals"]:
            opened[int(channel), action] += int(n or 0)
        for hour, channel, action, n in rows.get("edges", []):
            opened[int(channel), action] += edges[int(hour)] * int(n or 0)
        per_action: Counter[str] = Counter()
        per_channel: Counter[int] = Counter()
        for (channel, action), n in opened.items():
            per_action[action] += n
            per_channel[channel] += n
        channels = sorted(((c, n) for c, n in per_channel.items() if n > 0), key=lambda kv: (-kv[1], kv[0]))
        return HitStats.counted(per_label, +per_action, channels[:top], [], rows["reviews"]), per_day
