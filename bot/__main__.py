"""``python -m bot``: run Sentinela as a standalone Discord bot, replay a chat log, export feedback.

python -m bot                       # the bot (needs DISCORD_TOKEN)
python -m bot replay FILE ...       # dry run on a chat log, no Discord
python -m bot export-feedback --out FILE
python -m bot sync [--guild ID]     # push the slash commands to Discord (after install/upgrade)
python -m bot migrate               # bring DATABASE_URL's schema up to date, then exit
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import logging
import sqlite3
import sys
from pathlib import Path

import discord
from babel.dates import format_datetime
from discord.ext import commands
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from bot.app import SentinelaBot, sync_commands
from bot.chatlog import ChatLogError, read_chat
from bot.config import Settings
from bot.db.store import REPLAY_ROLE, ROLE_KEY, Store
from bot.feedback import ExportError, export_feedback
from bot.i18n import Texts, locale_of
from bot.policy import GuildConfig
from bot.replay import (
    DEFAULT_DB,
    ReplayConfigError,
    format_report,
    load_guild_config,
    parse_thresholds,
    replay,
    replay_chart,
    with_thresholds,
)
from bot.shutdown import close_on_signals
from classifier import ClassifierError
from classifier.cli import ArgumentParser, first_line

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


def load_settings() -> Settings | None:
    try:
        return Settings()
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(map(str, first["loc"])).upper()
        msg = first["msg"].removeprefix("Value error, ")
        print(f"error: setting {where}: {msg}" if where else f"error: settings: {msg}", file=sys.stderr)
        return None


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


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(prog="python -m bot", description=__doc__.splitlines()[0])
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

    rp = sub.add_parser(
        "replay",
        help="run a chat log through the classifier and the guild's rules, without Discord",
        description="Replay a chat log (JSONL, CSV/TSV or a DiscordChatExporter JSON export) through the "
        "same classifier, policy and database code as the live bot, and report what it would have done.",
    )
    rp.add_argument("file", type=Path)
    rp.add_argument("--model", help="model directory or hub id (default: SENTINELA_MODEL)")
    rp.add_argument("--device", help="auto, cpu or cuda[:N] (default: DEVICE)")
    rp.add_argument("--quantize", action="store_true", help="int8 on ONNX Runtime (PRECISION=int8)")
    rp.add_argument("--db", type=Path, default=Path(DEFAULT_DB), help=f"hits database (default {DEFAULT_DB})")
    rp.add_argument("--append", action="store_true", help="add to --db instead of starting it afresh")
    rp.add_argument(
        "--chart", type=Path, help="also write the /toxstats chart (hits per day per label) as PNG"
    )
    rp.add_argument(
        "--review-png",
        type=Path,
        help="also draw the first page of /review (the unreviewed alerts) as Discord would show it",
    )
    rp.add_argument(
        "--locale",
        default="en",
        choices=["en", "pt-BR"],
        help="language of the chart and the review page (the report stays English)",
    )
    source = rp.add_mutually_exclusive_group()
    source.add_argument("--config", type=Path, help="guild configuration JSON (see examples/guild.json)")
    source.add_argument(
        "--guild-id", type=int, help="take this guild's configuration from the bot's DATABASE_URL"
    )
    rp.add_argument(
        "--thresholds", action="append", default=[], metavar="LABEL=VALUE[,...]",
        help="try thresholds before setting them with /threshold set",
    )  # fmt: skip
    rp.add_argument(
        "--labels", nargs="+", metavar="COLUMN[=LABEL]",
        help="label columns of the file: adds precision/recall and F1-optimal thresholds per label",
    )  # fmt: skip
    rp.add_argument("--min-votes", type=int, default=1, help="vote-count labels: positive from N votes")
    rp.add_argument("--text-column", help="the text field (default: text, content or message)")
    rp.add_argument("--examples", type=int, default=3, help="examples shown per label (default 3)")
    rp.add_argument("--no-content", action="store_true", help="do not store message text with hits")
    rp.add_argument("--no-progress", action="store_true", help="no progress bar")

    ep = sub.add_parser(
        "export-feedback",
        help="moderators' reviewed hits as a CSV for python -m training --extra-train-file",
    )
    ep.add_argument("--out", type=Path, required=True)
    ep.add_argument("--database-url", help="default: DATABASE_URL")
    ep.add_argument("--guild-id", type=int, help="only this guild")
    ep.add_argument("--labels", nargs="+", help="label columns to include even when nobody reviewed them")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = load_settings()
    if settings is None:
        return 2
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if args.command in ("replay", "export-feedback", "migrate"):
        logging.getLogger("alembic").setLevel(logging.WARNING)  # migration chatter hides the report
    if args.command == "sync":
        return sync_command(settings, args.guild)
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


def _label_columns(items: list[str] | None) -> dict[str, str]:
    columns: dict[str, str] = {}
    for item in items or []:
        column, _, label = item.partition("=")
        columns[column] = label or column
    return columns


def _sqlite_path(url: str) -> Path | None:
    prefix = url.split("///", 1)
    return Path(prefix[1]).resolve() if url.startswith("sqlite") and len(prefix) == 2 else None


async def replay_command(args: argparse.Namespace, settings: Settings) -> int:
    columns = _label_columns(args.labels)
    # the file first: a wrong path or column costs a second, not a model load
    chat = read_chat(args.file, text_field=args.text_column, label_columns=columns, min_votes=args.min_votes)
    if args.db.resolve() == _sqlite_path(settings.database_url):
        raise ReplayConfigError(f"--db {args.db} is the live database; a replay writes to its own file")
    _check_replay_db(args.db)
    from classifier import Classifier  # torch and transformers: only once the inputs are known good

    clf = await Classifier.load(
        args.model or settings.sentinela_model,
        args.device or settings.device,
        threads=settings.torch_threads,
        quantize=args.quantize or settings.quantize,
        max_batch_size=settings.max_batch_size,
        backend=settings.backend,
        precision=settings.precision,
    )
    try:
        unknown = sorted(set(columns.values()) - set(clf.labels))
        if unknown:
            raise ReplayConfigError(
                f"--labels: {unknown} are not labels of this model ({clf.labels}); "
                "map a column with COLUMN=LABEL"
            )
        config = await _guild_config(args, settings, clf.labels)
        config = with_thresholds(config, parse_thresholds(args.thresholds, clf.labels))
        if not args.append:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{args.db}{suffix}").unlink(missing_ok=True)
        store = Store(f"sqlite+aiosqlite:///{args.db}")
        try:
            await store.migrate()
            await store.mark_replay()
            result = await replay(
                chat,
                clf,
                store,
                config,
                guild_id=args.guild_id or chat.guild_id or 0,
                store_content=not args.no_content,
                progress=not args.no_progress,
            )
            if args.review_png is not None:
                png = await _review_png(
                    store, args.guild_id or chat.guild_id or 0, chat.names, Texts(locale_of(args.locale))
                )
                args.review_png.write_bytes(png)
        finally:
            await store.close()
    finally:
        await clf.aclose()
    print(format_report(result, args.examples))
    print(f"\nHits written to {args.db}.")
    if args.chart is not None:
        chart = await asyncio.to_thread(replay_chart, result, Texts(locale_of(args.locale)))
        args.chart.write_bytes(chart)
        print(f"Chart written to {args.chart}.")
    if args.review_png is not None:
        print(f"Review page written to {args.review_png}.")
    return 0


async def _review_png(store: Store, guild_id: int, names: dict[int, str], tr: Texts) -> bytes:
    """The /review page a moderator would get first, from the replay's own database."""
    from bot.cogs.moderation.review import ReviewQueue
    from bot.preview import embed_png

    view = ReviewQueue(store, guild_id, owner_id=0, tr=tr)
    await view.load()
    when = functools.partial(format_datetime, format="short", locale=tr.locale)
    return await asyncio.to_thread(
        embed_png, view.embed(), list(view.buttons.values()), names=names, when=when
    )


def _check_replay_db(db: Path) -> None:
    """A replay replaces only a database an earlier replay marked as its own, never anything else.

    Comparing paths with DATABASE_URL is not enough: run from another directory, or with another
    environment, the live bot's file looks like any other.
    """
    if not db.exists():
        return
    role = None
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            role = conn.execute("select value from sentinela_meta where key = ?", (ROLE_KEY,)).fetchone()
    except sqlite3.DatabaseError:
        pass  # not SQLite, or no marker table: not a replay database
    if role is None or role[0] != REPLAY_ROLE:
        raise ReplayConfigError(
            f"--db {db} exists and is not a replay database (a live bot's, or another file): "
            "it is never replaced; pick another path"
        )


async def _guild_config(args: argparse.Namespace, settings: Settings, labels: list[str]) -> GuildConfig:
    if args.config is not None:
        return load_guild_config(args.config, labels)
    if args.guild_id is None:
        return GuildConfig()
    live = Store(settings.database_url)
    try:
        return await live.guild_config(args.guild_id)
    except Exception as e:  # no such table, unreachable server...
        raise ReplayConfigError(
            f"cannot read guild {args.guild_id}'s configuration from DATABASE_URL ({e.__class__.__name__}: "
            f"{first_line(e)})"
        ) from e
    finally:
        await live.close()


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


if __name__ == "__main__":
    sys.exit(main())
