"""Alembic scripts of the bot's database; installed as ``bot.db.migrations`` (see pyproject.toml)."""
