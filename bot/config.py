"""Settings from the environment or ``.env`` (pydantic-settings); see ``.env.example``."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from classifier.artifacts import DEFAULT_MODEL


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = Field(default=None, description="Bot token (secret).")
    database_url: str = Field(default="sqlite+aiosqlite:///sentinela.db")
    sentinela_model: str = Field(default=DEFAULT_MODEL, description="Model directory or hub id.")
    device: str = Field(default="auto", description="auto, cpu or cuda[:N].")
    max_batch_size: int = Field(default=32, ge=1)
    max_wait_ms: float = Field(default=5.0, ge=0)
    max_queue: int = Field(default=1024, ge=1)
    request_timeout_s: float = Field(default=10.0, gt=0)
    torch_threads: int | None = Field(default=None, ge=1)
    quantize: bool = Field(default=False, description="int8 dynamic quantisation on CPU.")
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
    log_level: str = Field(default="INFO")
