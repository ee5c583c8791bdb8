"""The bot process and the deployment's one-shot commands: run, sync, migrate, export-feedback."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

import discord
from discord.ext import commands
from sqlalchemy.exc import SQLAlchemyError

from bot.cli.app import SentinelaBot, sync_commands
from bot.core.feedback import export_feedback
from bot.db.store import Store
from bot.ops.config import Settings
from bot.ops.shutdown import close_on_signals
from classifier.cli import first_line
from classifier.errors import ClassifierError

log = logging.getLogger("bot")

NO_TOKEN = (
    "error: DISCORD_TOKEN is not set. Create a bot at https://discord.com/developers/applications "
    "(Bot -> Reset Token), enable the Message Content intent, and put DISCORD_TOKEN=... in .env "
    "(see .env.example).\nNo token yet? Try Sentinela offline on a chat log: "
    'python -m bot replay examples/chat.jsonl --model DIR (see the README, "Try it offline").'
)


async def run(settings: Settings) -> None:
    bot = SentinelaBot(settings)
    async with bot:
        # SIGTERM (docker stop, systemd) and SIGINT close the same way: nothing buffered is lost
        close_on_signals(bot, settings.shutdown_timeout_s)
        await bot.start(settings.discord_token.get_secret_value())


def _has_token(settings: Settings) -> bool:
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        print(NO_TOKEN, file=sys.stderr)
        return False
    return True


def sync_command(settings: Settings, guild_id: int | None) -> int:
    if not _has_token(settings):
        return 2
    try:
        names = asyncio.run(sync_commands(settings, guild_id))
    except discord.LoginFailure:
        print("error: Discord rejected DISCORD_TOKEN; reset the token and update .env.", file=sys.stderr)
        return 2
    except discord.HTTPException as e:  # e.g. 50001 Missing Access: the bot is not in that guild
        print(f"error: Discord refused the sync: {first_line(e)}", file=sys.stderr)
        return 2
    where = f"guild {guild_id} (visible now)" if guild_id else "globally (Discord shows them within an hour)"
    print(f"synced {len(names)} command(s) {where}: {', '.join(sorted(names))}")
    return 0


def run_bot(settings: Settings) -> int:
    if not _has_token(settings):
        return 2
    try:
        asyncio.run(run(settings))
    except discord.PrivilegedIntentsRequired:
        print(
            "error: the Message Content intent is not enabled for this bot: turn it on under "
            "Bot -> Privileged Gateway Intents in the developer portal.",
            file=sys.stderr,
        )
        return 2
    except discord.LoginFailure:
        print("error: Discord rejected DISCORD_TOKEN; reset the token and update .env.", file=sys.stderr)
        return 2
    except commands.ExtensionFailed as e:
        cause = e.original
        if isinstance(cause, ClassifierError):
            print(f"error: {cause}", file=sys.stderr)
            return 2
        if isinstance(cause, SQLAlchemyError | OSError):
            print(f"error: database (DATABASE_URL): {first_line(cause)}", file=sys.stderr)
            return 2
        raise
    except KeyboardInterrupt:
        return 0
    return 0


async def migrate_command(settings: Settings) -> int:
    store = Store(settings.database_url)
    try:
        await store.migrate()
        version = await store.schema_version()
    finally:
        await store.close()
    print(f"database schema at revision {version}")
    return 0


async def export_command(args: argparse.Namespace, settings: Settings) -> int:
    store = Store(args.database_url or settings.database_url)
    try:
        summary = await export_feedback(store, args.out, args.labels, args.guild_id)
    finally:
        await store.close()
    print(
        f"wrote {summary.rows} row(s) to {args.out}: {summary.positives} confirmed and "
        f"{summary.negatives} false-positive label cell(s); other cells are empty (unknown)."
    )
    if summary.without_text:
        print(f"{summary.without_text} reviewed hit(s) skipped: logged without text (STORE_CONTENT off).")
    print(
        "Continue training with: python -m training --model-name MODEL_DIR --train-file TRAIN.csv "
        f"--label-columns {' '.join(summary.labels)} --extra-train-file {args.out} --output-dir NEW_DIR"
    )
    return 0


def dashboard_command(settings: Settings) -> int:
    """``python -m bot dashboard``: the web dashboard, until stopped."""
    try:
        from bot.dashboard.app import DashboardConfigError, serve
    except ImportError as e:  # the base install has no web server
        print(f"error: the dashboard needs the [dashboard] extra: pip install 'sentinela[dashboard]' ({e})",
              file=sys.stderr)  # fmt: skip
        return 2
    try:
        return serve(settings)
    except DashboardConfigError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
