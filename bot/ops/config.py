"""Settings from the environment or ``.env`` (pydantic-settings); see ``.env.example``."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from classifier.serving.settings import ClassifierSettings


class Settings(ClassifierSettings):
    """The bot's settings: how to get its classifier (ClassifierSettings) and the rest."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = Field(default=None, description="Bot token (secret).")
    database_url: str = Field(default="sqlite+aiosqlite:///sentinela.db")
    store_content: bool = Field(default=False, description="Keep message text with hits.")
    retention_days: int = Field(default=90, ge=1)
    departed_guild_grace_days: int = Field(
        default=30, ge=0, description="Days a removed guild's data is kept (a mistaken kick loses nothing)."
    )
    pending_hits_max: int = Field(
        default=10_000,
        ge=1,
        description="Hits kept in memory while the database is down (then dropped, counted).",
    )
    backlog_max: int = Field(
        default=10_000,
        ge=1,
        description="Messages kept while the classifier or the database fails, checked when they answer "
        "(oldest dropped).",
    )
    backlog_max_bytes: int = Field(
        default=32 * 1024 * 1024,
        ge=64 * 1024,
        description="Bytes those messages may hold in memory (their text and ids; oldest dropped beyond).",
    )
    backlog_max_age_s: float = Field(
        default=600.0, gt=0, description="A waiting message older than this is dropped unchecked (counted)."
    )
    health_cache_s: float = Field(
        default=5.0, ge=0, description="/healthz probes run at most once per this many seconds."
    )
    moderator_role_ids: Annotated[list[int] | None, NoDecode] = Field(
        default=None,
        description="Roles whose members may use the moderator commands without guild-wide permissions.",
    )
    shutdown_timeout_s: float = Field(
        default=8.0, gt=0, description="SIGTERM: how long a clean shutdown may take (docker waits 10 s)."
    )
    log_level: str = Field(default="INFO")
    config_cache_ttl_s: float = Field(
        default=30.0,
        ge=0,
        description="Seconds a guild's configuration is cached; bounds how long a change made by "
        "another process (a cluster's other bots, the replay CLI) goes unseen.",
    )
    shard_count: int | None = Field(
        default=None, ge=1, description="Total shards (default: Discord's advice)."
    )
    shard_ids: Annotated[list[int] | None, NoDecode] = Field(
        default=None, description="This process's shards, e.g. 0,1 (needs SHARD_COUNT)."
    )
    health_port: int | None = Field(
        default=None, ge=0, le=65535, description="Serve /healthz and /metrics on this port (off when unset)."
    )
    health_host: str = Field(default="127.0.0.1", description="Address of the health/metrics server.")

    @field_validator("shard_ids", "moderator_role_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):  # SHARD_IDS=0,1 or "0 1" in the environment
            parts = value.replace(",", " ").split()
            return [int(p) for p in parts] if parts else None
        return value

    @model_validator(mode="after")
    def _check_shards(self) -> Settings:
        if self.shard_ids is not None:
            if self.shard_count is None:
                raise ValueError("SHARD_IDS needs SHARD_COUNT (the cluster's total number of shards)")
            bad = sorted({i for i in self.shard_ids if not 0 <= i < self.shard_count})
            if bad:
                raise ValueError(f"SHARD_IDS {bad} not in 0..{self.shard_count - 1} (SHARD_COUNT)")
            if len(set(self.shard_ids)) != len(self.shard_ids):
                raise ValueError("SHARD_IDS lists a shard twice")
        return self
