"""How long data stays: hits past RETENTION_DAYS, and guilds the bot left past their grace period."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Date, Integer, case, cast, delete, func, insert, select

from bot.db.guilds import GuildConfigs
from bot.db.models import (
    ConfigChange,
    GuildConfigRow,
    Hit,
    HitDay,
    HitHour,
    LabelRule,
    LabelThreshold,
    utc_day,
    utc_hour,
    utcnow,
)


class Retention(GuildConfigs):
    """Mixed into ``Store``; a departure is a configuration write (the cached copy is dropped)."""

    async def purge_before(self, cutoff: datetime) -> int:
        """Hits older than ``cutoff``, and the day and hour counts wholly before it."""
        async with self.session.begin() as s:
            await s.execute(delete(HitDay).where(HitDay.day < utc_day(cutoff)))
            await s.execute(delete(HitHour).where(HitHour.hour < utc_hour(cutoff)))
            return (await s.execute(delete(Hit).where(Hit.created_at < cutoff))).rowcount or 0

    async def recount_days(self) -> int:
        """Rebuild the day and hour counts (``hit_days``, ``hit_hours``) from the hits: after hits
        were written behind the store's back (a bulk import, a restored backup). Returns how many
        day rows there are."""
        day = func.date(Hit.created_at)  # SQLite: the UTC day of its UTC text
        hour = cast(func.strftime("%s", Hit.created_at), Integer) // 3600
        if self.engine.dialect.name == "postgresql":
            day = cast(func.timezone("UTC", Hit.created_at), Date)  # not the server's time zone
            hour = cast(func.floor(func.extract("epoch", Hit.created_at) / 3600), Integer)
        opened = func.sum(case((Hit.opens_message.is_(True), 1), else_=0))
        async with self.session.begin() as s:
            for table, period in ((HitDay, day), (HitHour, hour)):
                keys = (Hit.guild_id, period, Hit.channel_id, Hit.label, Hit.action)
                counted = select(*keys, func.count(), opened).group_by(*keys)
                name = "day" if table is HitDay else "hour"
                columns = ["guild_id", name, "channel_id", "label", "action", "hits", "messages"]
                await s.execute(delete(table))
                await s.execute(insert(table).from_select(columns, counted))
            return int((await s.execute(select(func.count()).select_from(HitDay))).scalar_one())

    async def mark_left(self, guild_id: int, when: datetime | None = None) -> None:
        """The bot was removed from a guild: its data stays for the grace period."""
        async with self._writing(guild_id) as s:
            row = await self.config_row(s, guild_id)
            row.left_at = when or utcnow()

    async def mark_returned(self, guild_id: int) -> bool:
        """The bot is back in a guild before its data was deleted; True if a departure was pending."""
        async with self._writing(guild_id) as s:
            row = await s.get(GuildConfigRow, guild_id)
            if row is None or row.left_at is None:
                return False
            row.left_at = None
            return True

    async def purge_departed(self, left_before: datetime) -> list[int]:
        """Delete the data of guilds the bot left before ``left_before``; returns their ids."""
        stmt = select(GuildConfigRow.guild_id).where(
            GuildConfigRow.left_at.is_not(None), GuildConfigRow.left_at < left_before
        )
        async with self.session() as s:
            ids = list((await s.execute(stmt)).scalars())
        for guild_id in ids:
            await self.delete_guild(guild_id)
        return ids

    async def delete_guild(self, guild_id: int) -> None:
        """Everything stored about a guild (after the grace period that follows leaving it)."""
        async with self._writing(guild_id) as s:
            for table in (Hit, HitDay, HitHour, LabelThreshold, LabelRule, ConfigChange, GuildConfigRow):
                await s.execute(delete(table).where(table.guild_id == guild_id))
