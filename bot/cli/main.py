"""``python -m bot``: its parser and its dispatch to the commands.

python -m bot                       # the bot (needs DISCORD_TOKEN)
python -m bot replay FILE ...       # dry run on a chat log, no Discord
python -m bot export-feedback --out FILE
python -m bot sync [--guild ID]     # push the slash commands to Discord (after install/upgrade)
python -m bot migrate               # bring DATABASE_URL's schema up to date, then exit
python -m bot dashboard             # the web dashboard (DASHBOARD_*, DISCORD_CLIENT_*, SESSION_SECRET)
"""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from bot.cli.run import dashboard_command, export_command, migrate_command, run_bot, sync_command
from bot.core.feedback import ExportError
from bot.ops.config import Settings
from bot.replay import ReplayConfigError
from bot.replay.chatlog import ChatLogError
from bot.replay.command import add_replay_arguments, replay_command
from classifier.cli import ArgumentParser, first_line, setting_error
from classifier.errors import ClassifierError

DESCRIPTION = "Run Sentinela as a standalone Discord bot, replay a chat log, export feedback."


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(prog="python -m bot", description=DESCRIPTION)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the Discord bot (the default)")
    sp = sub.add_parser(
        "sync",
        help="push the slash commands to Discord (once after installing or upgrading, not every start)",
        description="Log in over HTTP (no gateway, no model) and sync the slash commands: globally "
        "(Discord shows them within the hour) or to one guild (at once, for testing).",
    )
    sp.add_argument("--guild", type=int, metavar="ID", help="sync to this guild only")
    sub.add_parser(
        "migrate",
        help="bring DATABASE_URL's schema up to date and exit (a deployment's one-shot step)",
        description="Run the database migrations (alembic upgrade head) on DATABASE_URL. The bot also "
        "does this at start-up; several processes starting at once wait for one another.",
    )

    sub.add_parser(
        "dashboard",
        help="serve the web dashboard for moderators and admins (log in with Discord)",
        description="Serve the dashboard on DASHBOARD_HOST:DASHBOARD_PORT: the review queue, charts, "
        "settings and history, on DATABASE_URL. Needs DISCORD_TOKEN, DISCORD_CLIENT_ID, "
        "DISCORD_CLIENT_SECRET and SESSION_SECRET; register DASHBOARD_URL/callback as an OAuth2 redirect.",
    )
    rp = sub.add_parser(
        "replay",
        help="run a chat log through the classifier and the guild's rules, without Discord",
        description="Replay a chat log (JSONL, CSV/TSV or a DiscordChatExporter JSON export) through the "
        "same classifier, policy and database code as the live bot, and report what it would have done.",
    )
    add_replay_arguments(rp)

    ep = sub.add_parser(
        "export-feedback",
        help="moderators' reviewed hits as a CSV for python -m training --extra-train-file",
    )
    ep.add_argument("--out", type=Path, required=True)
    ep.add_argument("--database-url", help="default: DATABASE_URL")
    ep.add_argument("--guild-id", type=int, help="only this guild")
    ep.add_argument("--labels", nargs="+", help="label columns to include even when nobody reviewed them")
    return parser


def load_settings(command: str | None = None) -> Settings | None:
    try:
        if command == "dashboard":
            from bot.dashboard.settings import DashboardSettings

            return DashboardSettings()
        return Settings()
    except ValidationError as e:
        print(setting_error(e), file=sys.stderr)
        return None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = load_settings(args.command)
    if settings is None:
        return 2
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if args.command in ("replay", "export-feedback", "migrate"):
        logging.getLogger("alembic").setLevel(logging.WARNING)  # migration chatter hides the report
    if args.command == "sync":
        return sync_command(settings, args.guild)
    if args.command == "dashboard":
        return dashboard_command(settings)
    try:
        if args.command == "replay":
            return asyncio.run(replay_command(args, settings))
        if args.command == "export-feedback":
            return asyncio.run(export_command(args, settings))
        if args.command == "migrate":
            return asyncio.run(migrate_command(settings))
    except (ChatLogError, ReplayConfigError, ExportError, ClassifierError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except SQLAlchemyError as e:  # a malformed URL, an unreachable server, a file that is no database
        print(f"error: database: {first_line(e)}", file=sys.stderr)
        return 2
    return run_bot(settings)
