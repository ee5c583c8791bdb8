"""The store's audited configuration writes: every change records who, when, old and new value."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    ConfigChange,
    LabelRule,
    LabelThreshold,
    utcnow,
)
from bot.policy import Escalation, Rule

_EXEMPT_COLUMNS = {"role": "exempt_role_ids", "channel": "exempt_channel_ids"}


class ConfigWrites:
    """Mixed into ``Store``: the setters, each in the change's own transaction with its record."""

    @staticmethod
    def _audit(
        s: AsyncSession, guild_id: int, by: int | None, kind: str, target: str | None, old, new
    ) -> ConfigChange | None:
        """The change's record, in the change's own transaction; ``None`` when nothing changed."""
        if old == new:
            return None
        change = ConfigChange(
            guild_id=guild_id, actor_id=by, kind=kind, target=target, old_value=old, new_value=new,
            created_at=utcnow(),
        )  # fmt: skip
        s.add(change)
        return change

    async def set_alert_channel(
        self, guild_id: int, channel_id: int | None, *, by: int | None = None
    ) -> ConfigChange | None:
        """Where alerts go; ``None``: no alerts (hits are still logged)."""
        async with self._writing(guild_id) as s:
            row = await self._settings(s, guild_id)
            change = self._audit(s, guild_id, by, "alert_channel", None, row.alert_channel_id, channel_id)
            row.alert_channel_id, row.updated_at = channel_id, utcnow()
        return change

    async def set_enabled(
        self, guild_id: int, enabled: bool, *, by: int | None = None
    ) -> ConfigChange | None:
        async with self._writing(guild_id) as s:
            row = await self._settings(s, guild_id)
            change = self._audit(s, guild_id, by, "enabled", None, bool(row.enabled), enabled)
            row.enabled, row.updated_at = enabled, utcnow()
        return change

    async def set_escalation(
        self, guild_id: int, escalation: Escalation | None, *, by: int | None = None
    ) -> ConfigChange | None:
        """Repeat offenders: ``hits`` within ``window_minutes`` -> a timeout; ``None`` turns it off."""

        def as_json(e: Escalation | None) -> dict | None:
            return None if e is None else dict(hits=e.hits, window_minutes=e.window_minutes,
                                               timeout_minutes=e.timeout_minutes)  # fmt: skip

        async with self._writing(guild_id) as s:
            row = await self._settings(s, guild_id)
            old = (
                Escalation(row.escalation_hits, row.escalation_window_minutes, row.escalation_timeout_minutes)
                if row.escalation_hits
                else None
            )
            change = self._audit(s, guild_id, by, "escalation", None, as_json(old), as_json(escalation))
            row.escalation_hits = escalation.hits if escalation else None
            if escalation is not None:
                row.escalation_window_minutes = escalation.window_minutes
                row.escalation_timeout_minutes = escalation.timeout_minutes
            row.updated_at = utcnow()
        return change

    async def set_exemption(
        self,
        guild_id: int,
        kind: Literal["role", "channel"],
        target_id: int,
        exempt: bool,
        *,
        by: int | None = None,
    ) -> ConfigChange | None:
        if kind not in _EXEMPT_COLUMNS:
            raise ValueError(f"exemption kind must be 'role' or 'channel', got {kind!r}")
        column = _EXEMPT_COLUMNS[kind]
        async with self._writing(guild_id) as s:
            row = await self._settings(s, guild_id)
            ids = set(getattr(row, column) or ())
            change = self._audit(s, guild_id, by, f"exempt_{kind}", str(target_id), target_id in ids, exempt)
            ids = ids | {target_id} if exempt else ids - {target_id}
            setattr(row, column, sorted(ids))  # a new list, so SQLAlchemy sees the change
            row.updated_at = utcnow()
        return change

    async def _current_threshold(self, s: AsyncSession, guild_id: int, label: str) -> float | None:
        stmt = select(LabelThreshold.value).where(
            LabelThreshold.guild_id == guild_id, LabelThreshold.label == label
        )
        return (await s.execute(stmt.with_for_update())).scalar_one_or_none()

    async def set_threshold(
        self, guild_id: int, label: str, value: float, by: int | None, *, kind: str = "threshold"
    ) -> ConfigChange | None:
        """One label's threshold; ``kind="threshold_advice"`` records it as applied advice."""
        values = dict(value=value, updated_by=by, updated_at=utcnow())
        stmt = self.insert(LabelThreshold).values(guild_id=guild_id, label=label, **values)
        async with self._writing(guild_id) as s:
            old = await self._current_threshold(s, guild_id, label)
            change = self._audit(s, guild_id, by, kind, label, old, value)
            await s.execute(
                stmt.on_conflict_do_update(
                    index_elements=[LabelThreshold.guild_id, LabelThreshold.label], set_=values
                )
            )
        return change

    async def reset_thresholds(
        self, guild_id: int, label: str | None = None, *, by: int | None = None
    ) -> list[ConfigChange]:
        """Back to the model's thresholds (one label, or all); one recorded change per label reset."""
        conds = [LabelThreshold.guild_id == guild_id]
        if label is not None:
            conds.append(LabelThreshold.label == label)
        async with self._writing(guild_id) as s:
            stmt = select(LabelThreshold).where(*conds).order_by(LabelThreshold.label).with_for_update()
            rows = (await s.execute(stmt)).scalars().all()
            changes = [self._audit(s, guild_id, by, "threshold", r.label, r.value, None) for r in rows]
            await s.execute(delete(LabelThreshold).where(*conds))
        return [c for c in changes if c is not None]

    async def set_rule(
        self, guild_id: int, label: str, rule: Rule, *, by: int | None = None
    ) -> ConfigChange | None:
        values = dict(action=rule.action.label, timeout_minutes=rule.timeout_minutes, updated_at=utcnow())
        stmt = self.insert(LabelRule).values(guild_id=guild_id, label=label, **values)
        async with self._writing(guild_id) as s:
            old = (
                await s.execute(
                    select(LabelRule.action, LabelRule.timeout_minutes)
                    .where(LabelRule.guild_id == guild_id, LabelRule.label == label)
                    .with_for_update()
                )
            ).one_or_none()
            old_json = dict(action=old.action, timeout_minutes=old.timeout_minutes) if old else None
            new_json = dict(action=rule.action.label, timeout_minutes=rule.timeout_minutes)
            change = self._audit(s, guild_id, by, "rule", label, old_json, new_json)
            await s.execute(
                stmt.on_conflict_do_update(index_elements=[LabelRule.guild_id, LabelRule.label], set_=values)
            )
        return change

    async def config_history(
        self, guild_id: int, limit: int = 20, before_id: int | None = None
    ) -> list[ConfigChange]:
        """The guild's configuration changes, newest first (``before_id``: the page after it)."""
        stmt = select(ConfigChange).where(ConfigChange.guild_id == guild_id)
        if before_id is not None:
            stmt = stmt.where(ConfigChange.id < before_id)
        stmt = stmt.order_by(ConfigChange.id.desc()).limit(limit)
        async with self.session() as s:
            return list((await s.execute(stmt)).scalars())

    # -- hits and feedback -----------------------------------------------------------------
