"""``python -m bot replay``: its arguments, and the run from a file to a report.

Nothing heavy is imported until a replay runs: the parser is built for every ``python -m bot``.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
from pathlib import Path

from babel.dates import format_datetime

from bot.core.policy import GuildConfig
from bot.db.store import REPLAY_ROLE, Store, sqlite_role
from bot.ops.config import Settings
from bot.presentation.i18n import Texts, locale_of
from bot.replay import DEFAULT_DB, ReplayConfigError
from bot.replay.chatlog import read_chat
from classifier.cli import first_line
from classifier.serving.factory import open_scorer


def add_replay_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path)
    parser.add_argument("--model", help="model directory or hub id (default: SENTINELA_MODEL)")
    parser.add_argument("--device", help="auto, cpu or cuda[:N] (default: DEVICE)")
    parser.add_argument("--quantize", action="store_true", help="int8 on ONNX Runtime (PRECISION=int8)")
    parser.add_argument(
        "--db", type=Path, default=Path(DEFAULT_DB), help=f"hits database (default {DEFAULT_DB})"
    )
    parser.add_argument("--append", action="store_true", help="add to --db instead of starting it afresh")
    parser.add_argument(
        "--chart", type=Path, help="also write the /toxstats chart (hits per day per label) as PNG"
    )
    parser.add_argument(
        "--review-png",
        type=Path,
        help="also draw the first page of /review (the unreviewed alerts) as Discord would show it",
    )
    parser.add_argument(
        "--locale",
        default="en",
        choices=["en", "pt-BR"],
        help="language of the chart and the review page (the report stays English)",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--config", type=Path, help="guild configuration JSON (see examples/guild.json)")
    source.add_argument(
        "--guild-id", type=int, help="take this guild's configuration from the bot's DATABASE_URL"
    )
    parser.add_argument(
        "--thresholds", action="append", default=[], metavar="LABEL=VALUE[,...]",
        help="try thresholds before setting them with /threshold set",
    )  # fmt: skip
    parser.add_argument(
        "--labels", nargs="+", metavar="COLUMN[=LABEL]",
        help="label columns of the file: adds precision/recall and F1-optimal thresholds per label",
    )  # fmt: skip
    parser.add_argument("--min-votes", type=int, default=1, help="vote-count labels: positive from N votes")
    parser.add_argument("--text-column", help="the text field (default: text, content or message)")
    parser.add_argument("--examples", type=int, default=3, help="examples shown per label (default 3)")
    parser.add_argument("--no-content", action="store_true", help="do not store message text with hits")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


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
    # numpy, scikit-learn and the model: only when a replay runs
    from bot.replay.report import format_report, replay_chart
    from bot.replay.run import parse_thresholds, replay, with_thresholds

    columns = _label_columns(args.labels)
    # the file first: a wrong path or column costs a second, not a model load
    chat = read_chat(args.file, text_field=args.text_column, label_columns=columns, min_votes=args.min_votes)
    if args.db.resolve() == _sqlite_path(settings.database_url):
        raise ReplayConfigError(f"--db {args.db} is the live database; a replay writes to its own file")
    await _check_replay_db(args.db)
    # the model in this process (never a service: a replay measures this model), loaded only
    # once the inputs are known good
    clf = await open_scorer(
        settings.model_copy(
            update={
                "classifier_url": None,
                "sentinela_model": args.model or settings.sentinela_model,
                "device": args.device or settings.device,
                "quantize": args.quantize or settings.quantize,
            }
        )
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
    from bot.presentation.embeds import first_review_page
    from bot.replay.preview import embed_png

    embed, buttons = await first_review_page(store, guild_id, tr)
    when = functools.partial(format_datetime, format="short", locale=tr.locale)
    return await asyncio.to_thread(embed_png, embed, buttons, names=names, when=when)


async def _check_replay_db(db: Path) -> None:
    """A replay replaces only a database an earlier replay marked as its own, never anything else.

    Comparing paths with DATABASE_URL is not enough: run from another directory, or with another
    environment, the live bot's file looks like any other.
    """
    if db.exists() and await sqlite_role(db) != REPLAY_ROLE:
        raise ReplayConfigError(
            f"--db {db} exists and is not a replay database (a live bot's, or another file): "
            "it is never replaced; pick another path"
        )


async def _guild_config(args: argparse.Namespace, settings: Settings, labels: list[str]) -> GuildConfig:
    from bot.replay.run import load_guild_config

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
