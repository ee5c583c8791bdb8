"""Guild configuration: the cached copy every message reads, and one audited way to change it.

Every change goes through :meth:`GuildConfigs.update`: the old value is read under a row lock,
the change is recorded (who, when, old and new) in the same transaction, and the cached copy is
dropped. What each setting is made of in the tables is the business of its :class:`Storage`.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.policy import Action, Escalation, GuildConfig, Rule
from bot.core.setting_kinds import parse_setting
from bot.db.database import Database
from bot.db.models import ConfigChange, GuildConfigRow, LabelRule, LabelThreshold, utcnow
from bot.ops.expiring import ExpiringCache

DEFAULT_CONFIG_TTL_S = 30.0
Read = Callable[["GuildConfigs", AsyncSession, int, str | None], Awaitable[Any]]
Write = Callable[["GuildConfigs", AsyncSession, int, str | None, Any, int | None], Awaitable[None]]


@dataclass(frozen=True)
class Storage:
    """How one kind of setting is kept: its current value (as recorded) and how a new one is
    written (its parsing and bounds are ``bot.core.setting_kinds``')."""

    read: Read
    write: Write
    record: Callable[[Any], Any] = lambda value: value  # the new value as the audit trail holds it


class GuildConfigs(Database):
    """Mixed into ``Store``. ``config_ttl_s`` bounds how long a configuration written by another
    process (a second bot process of a cluster, the replay CLI, a dashboard) can go unseen."""

    def __init__(self, url: str, config_ttl_s: float = DEFAULT_CONFIG_TTL_S) -> None:
        super().__init__(url)
        # Every message needs its guild's configuration. This store's writers drop the cached
        # copy at once; writes by other processes are seen when the copy expires (the TTL), so
        # the hot path does one query per guild and TTL, not one per message.
        self._configs: ExpiringCache[int, GuildConfig] = ExpiringCache(config_ttl_s)
        # Bumped by every writer: a load that started before a write must not cache what it read,
        # or the old configuration (say, "enabled") would outlive an admin's change.
        self._versions: dict[int, int] = {}

    @property
    def config_ttl_s(self) -> float:
        return self._configs.ttl_s

    @config_ttl_s.setter
    def config_ttl_s(self, seconds: float) -> None:  # CONFIG_CACHE_TTL_S, changeable in tests
        self._configs.ttl_s = seconds

    @contextlib.asynccontextmanager
    async def _writing(self, guild_id: int) -> AsyncIterator[AsyncSession]:
        """A write transaction on a guild's configuration; its cached copy is dropped after it.

        The version bump after the commit makes any load still in flight (started before or
        during the write) read again instead of caching what it saw; a load that finished
        during the write cached the old copy, which the pop below drops.
        """
        try:
            async with self.session.begin() as s:
                yield s
        finally:
            self._versions[guild_id] = self._versions.get(guild_id, 0) + 1
            self._configs.pop(guild_id)

    async def guild_config(self, guild_id: int) -> GuildConfig:
        cached = self._configs.get(guild_id)
        if cached is not None:
            return cached
        for _ in range(3):
            version = self._versions.get(guild_id, 0)
            read_at = self._configs.now()  # what the load reads may be as old as its start
            config = await self._load_config(guild_id)
            if self._versions.get(guild_id, 0) == version:
                self._configs.set(guild_id, config, read_at=read_at)
                return config
            # a writer ran while we read: what we read may predate it; read again
        return await self._load_config(guild_id)  # writes keep coming: fresh, but not cached

    async def _load_config(self, guild_id: int) -> GuildConfig:
        async with self.session() as s:
            row = await s.get(GuildConfigRow, guild_id)
            thresholds = (
                await s.execute(select(LabelThreshold).where(LabelThreshold.guild_id == guild_id))
            ).scalars()
            rules = (await s.execute(select(LabelRule).where(LabelRule.guild_id == guild_id))).scalars()
            config_thresholds = {t.label: t.value for t in thresholds}
            config_rules = {r.label: Rule(Action.parse(r.action), r.timeout_minutes) for r in rules}
        if row is None:
            return GuildConfig(thresholds=config_thresholds, rules=config_rules)
        return GuildConfig(
            enabled=row.enabled,
            alert_channel_id=row.alert_channel_id,
            exempt_role_ids=frozenset(row.exempt_role_ids or ()),
            exempt_channel_ids=frozenset(row.exempt_channel_ids or ()),
            thresholds=config_thresholds,
            rules=config_rules,
            escalation=_escalation(row),
        )

    async def config_row(self, s: AsyncSession, guild_id: int) -> GuildConfigRow:
        """The guild's configuration row, created if missing, locked for this transaction.

        Insert-if-missing and a row lock: two processes changing the same guild at once (say,
        two exemptions) neither fail on the primary key nor lose one of the two changes.
        """
        await s.execute(
            self.insert(GuildConfigRow)
            .values(guild_id=guild_id, exempt_role_ids=[], exempt_channel_ids=[])
            .on_conflict_do_nothing(index_elements=[GuildConfigRow.guild_id])
        )
        return await s.get(GuildConfigRow, guild_id, with_for_update=True, populate_existing=True)

    async def update(
        self, guild_id: int, kind: str, value: Any, *, target: str | int | None = None, by: int | None = None
    ) -> ConfigChange | None:
        """Change one setting (``kind``, see ``bot.core.setting_kinds.KINDS``) and record it; ``None``:
        nothing changed.

        ``target`` names the label (threshold, rule) or the role or channel (exemptions). A kind
        this store does not know is a ``ValueError``, a value that does not parse a ``SettingError``:
        a writer that skipped its surface's checks (a script, a new page) still stores nothing odd.
        """
        parsed = parse_setting(kind, value, target)
        if kind not in STORAGE:
            raise ValueError(f"setting {kind!r} has no storage")  # a kind added without its columns
        async with self._writing(guild_id) as s:
            return await self._update(s, guild_id, kind, parsed.value, parsed.target, by)

    async def _update(
        self, s: AsyncSession, guild_id: int, kind: str, value: Any, target: str | None, by: int | None
    ) -> ConfigChange | None:
        storage = STORAGE[kind]
        old, new = await storage.read(self, s, guild_id, target), storage.record(value)
        if old == new:
            return None
        change = ConfigChange(
            guild_id=guild_id, actor_id=by, kind=kind, target=target, old_value=old, new_value=new,
            created_at=utcnow(),
        )  # fmt: skip
        s.add(change)
        await storage.write(self, s, guild_id, target, value, by)
        return change

    async def reset_thresholds(
        self, guild_id: int, label: str | None = None, *, by: int | None = None
    ) -> list[ConfigChange]:
        """Back to the model's thresholds (one label, or all); one recorded change per label reset."""
        conds = [LabelThreshold.guild_id == guild_id]
        if label is not None:
            conds.append(LabelThreshold.label == label)
        async with self._writing(guild_id) as s:
            labels = (await s.execute(select(LabelThreshold.label).where(*conds).order_by("label"))).scalars()
            changes = [await self._update(s, guild_id, "threshold", None, name, by) for name in list(labels)]
        return [c for c in changes if c is not None]

    async def config_history(
        self,
        guild_id: int,
        limit: int = 20,
        before_id: int | None = None,
        *,
        actor_id: int | None = None,
        kind: str | None = None,
    ) -> list[ConfigChange]:
        """The guild's configuration changes, newest first (``before_id``: the page after it),
        optionally only one person's (``actor_id``) or one kind of setting's."""
        stmt = select(ConfigChange).where(ConfigChange.guild_id == guild_id)
        if before_id is not None:
            stmt = stmt.where(ConfigChange.id < before_id)
        if actor_id is not None:
            stmt = stmt.where(ConfigChange.actor_id == actor_id)
        if kind is not None:
            stmt = stmt.where(ConfigChange.kind == kind)
        stmt = stmt.order_by(ConfigChange.id.desc()).limit(limit)
        async with self.session() as s:
            return list((await s.execute(stmt)).scalars())

    async def config_actors(self, guild_id: int, limit: int = 100) -> list[int]:
        """Who changed the guild's configuration, the latest to change something first (the
        history's filter by person); the audit trail is people's changes, a small table."""
        last = func.max(ConfigChange.id)
        stmt = (
            select(ConfigChange.actor_id)
            .where(ConfigChange.guild_id == guild_id, ConfigChange.actor_id.is_not(None))
            .group_by(ConfigChange.actor_id)
            .order_by(last.desc())
            .limit(limit)
        )
        async with self.session() as s:
            return [int(a) for a in (await s.execute(stmt)).scalars()]


def _escalation(row: GuildConfigRow) -> Escalation | None:
    if not row.escalation_hits:
        return None
    return Escalation(row.escalation_hits, row.escalation_window_minutes, row.escalation_timeout_minutes)


def _escalation_json(e: Escalation | None) -> dict | None:
    return None if e is None else dict(hits=e.hits, window_minutes=e.window_minutes,
                                       timeout_minutes=e.timeout_minutes)  # fmt: skip


def _rule_json(rule: Rule) -> dict:
    return dict(action=rule.action.label, timeout_minutes=rule.timeout_minutes)


def _column(name: str, cast: Callable[[Any], Any] = lambda v: v) -> Storage:
    """A setting held in one column of the guild's configuration row."""

    async def read(store: GuildConfigs, s: AsyncSession, guild_id: int, _target: str | None) -> Any:
        return cast(getattr(await store.config_row(s, guild_id), name))

    async def write(store: GuildConfigs, s, guild_id: int, _target, value: Any, _by) -> None:
        row = await store.config_row(s, guild_id)
        setattr(row, name, value)
        row.updated_at = utcnow()

    return Storage(read, write)


async def _read_escalation(store: GuildConfigs, s: AsyncSession, guild_id: int, _target) -> dict | None:
    return _escalation_json(_escalation(await store.config_row(s, guild_id)))


async def _write_escalation(store: GuildConfigs, s, guild_id: int, _target, value: Escalation | None, _by):
    row = await store.config_row(s, guild_id)
    row.escalation_hits = value.hits if value else None
    if value is not None:
        row.escalation_window_minutes = value.window_minutes
        row.escalation_timeout_minutes = value.timeout_minutes
    row.updated_at = utcnow()


def _exemption(column: str) -> Storage:
    """A role or channel (``target``) exempt or not; the value is a bool."""

    async def read(store: GuildConfigs, s: AsyncSession, guild_id: int, target: str | None) -> bool:
        return int(target or 0) in set(getattr(await store.config_row(s, guild_id), column) or ())

    async def write(store: GuildConfigs, s, guild_id: int, target, value: bool, _by) -> None:
        row = await store.config_row(s, guild_id)
        ids = set(getattr(row, column) or ())
        ids = ids | {int(target)} if value else ids - {int(target)}
        setattr(row, column, sorted(ids))  # a new list, so SQLAlchemy sees the change
        row.updated_at = utcnow()

    return Storage(read, write, bool)


async def _read_threshold(_store, s: AsyncSession, guild_id: int, label: str | None) -> float | None:
    stmt = select(LabelThreshold.value).where(
        LabelThreshold.guild_id == guild_id, LabelThreshold.label == label
    )
    return (await s.execute(stmt.with_for_update())).scalar_one_or_none()


async def _write_threshold(store: GuildConfigs, s, guild_id: int, label, value: float | None, by) -> None:
    if value is None:  # back to the model's threshold
        await s.execute(
            delete(LabelThreshold).where(LabelThreshold.guild_id == guild_id, LabelThreshold.label == label)
        )
        return
    values = dict(value=value, updated_by=by, updated_at=utcnow())
    stmt = store.insert(LabelThreshold).values(guild_id=guild_id, label=label, **values)
    await s.execute(
        stmt.on_conflict_do_update(
            index_elements=[LabelThreshold.guild_id, LabelThreshold.label], set_=values
        )
    )


async def _read_rule(_store, s: AsyncSession, guild_id: int, label: str | None) -> dict | None:
    stmt = select(LabelRule.action, LabelRule.timeout_minutes).where(
        LabelRule.guild_id == guild_id, LabelRule.label == label
    )
    old = (await s.execute(stmt.with_for_update())).one_or_none()
    return dict(action=old.action, timeout_minutes=old.timeout_minutes) if old else None


async def _write_rule(store: GuildConfigs, s, guild_id: int, label, rule: Rule, _by) -> None:
    values = dict(action=rule.action.label, timeout_minutes=rule.timeout_minutes, updated_at=utcnow())
    stmt = store.insert(LabelRule).values(guild_id=guild_id, label=label, **values)
    await s.execute(
        stmt.on_conflict_do_update(index_elements=[LabelRule.guild_id, LabelRule.label], set_=values)
    )


_THRESHOLD = Storage(_read_threshold, _write_threshold)
# how each kind of bot.core.setting_kinds.KINDS is kept, by the name the audit trail records
STORAGE: dict[str, Storage] = {
    "alert_channel": _column("alert_channel_id"),  # None: no alerts (hits are still logged)
    "enabled": _column("enabled", bool),
    "escalation": Storage(_read_escalation, _write_escalation, _escalation_json),
    "exempt_role": _exemption("exempt_role_ids"),
    "exempt_channel": _exemption("exempt_channel_ids"),
    "threshold": _THRESHOLD,
    "threshold_advice": _THRESHOLD,  # a threshold set from /threshold advise, recorded as such
    "rule": Storage(_read_rule, _write_rule, _rule_json),
}
