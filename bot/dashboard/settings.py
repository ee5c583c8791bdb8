"""The dashboard's settings: the bot's own (database, bot token, moderator roles) and its web side."""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator, model_validator

from bot.ops.config import Settings

DISCORD_API = "https://discord.com/api/v10"


class DashboardSettings(Settings):
    dashboard_host: str = Field(default="127.0.0.1", description="Address the dashboard listens on.")
    dashboard_port: int = Field(default=8090, ge=0, le=65535, description="Port of the dashboard.")
    dashboard_url: str = Field(
        default="http://127.0.0.1:8090",
        description="The dashboard's public address; Discord redirects to DASHBOARD_URL/callback "
        "(register that URL in the Developer Portal, OAuth2 > Redirects).",
    )
    discord_client_id: str | None = Field(default=None, description="The application's OAuth2 client id.")
    discord_client_secret: SecretStr | None = Field(default=None, description="Its client secret.")
    session_secret: SecretStr | None = Field(
        default=None, description="Signs the session cookie: 32+ random characters (openssl rand -hex 32)."
    )
    discord_api_base: str = Field(
        default=DISCORD_API, description="Discord's API (tests point it elsewhere)."
    )
    dashboard_access_cache_s: float = Field(
        default=120.0, ge=0, description="Seconds a user's guilds and permissions are cached."
    )

    dashboard_overview_cache_s: float = Field(
        default=30.0,
        ge=0,
        description="Seconds an overview's counts are reused: a wall screen reloading every few seconds "
        "must not recount a million hits each time.",
    )

    dashboard_request_timeout_s: float = Field(
        default=10.0,
        gt=0,
        description="Seconds a request has to arrive whole (headers and body) before its connection "
        "is closed: half-sent requests must not hold the server.",
    )

    @field_validator("dashboard_url", "discord_api_base")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"must start with http:// or https://, got {value!r}")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _check_secret(self) -> DashboardSettings:
        secret = self.session_secret.get_secret_value() if self.session_secret else None
        if secret is not None and len(secret) < 32:
            raise ValueError("SESSION_SECRET must be at least 32 characters (openssl rand -hex 32)")
        return self

    def missing(self) -> list[str]:
        """What the dashboard cannot start without."""
        wanted = {
            "DISCORD_CLIENT_ID": self.discord_client_id,
            "DISCORD_CLIENT_SECRET": self.discord_client_secret,
            "SESSION_SECRET": self.session_secret,
            "DISCORD_TOKEN": self.discord_token,
        }
        return [name for name, value in wanted.items() if not value]

    @property
    def secure_cookies(self) -> bool:
        """Behind HTTPS the session cookie is ``Secure``."""
        return self.dashboard_url.startswith("https://")
