"""Reading chat logs for ``python -m bot replay``: JSONL, CSV/TSV and DiscordChatExporter JSON.

A malformed line is reported with its line number and skipped; only a file that cannot be read
at all (missing, no text column, broken JSON document) stops the run.
"""

from __future__ import annotations

import csv
import json
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from classifier.model.labels import label_cell

TEXT_FIELDS = ("text", "content", "message")
AUTHOR_FIELDS = ("author", "author_id", "user")
CHANNEL_FIELDS = ("channel", "channel_id")
TIME_FIELDS = ("time", "timestamp", "created_at", "date")
ID_FIELDS = ("id", "message_id")
# DiscordChatExporter message types that carry a member's text; the rest are system messages
USER_MESSAGE_TYPES = {"Default", "Reply"}
MAX_RECORD_LINES = 25  # a quoted CSV field longer than this is taken for an unclosed quote


class ChatLogError(ValueError):
    """The file cannot be replayed at all."""


@dataclass(frozen=True)
class ChatMessage:
    where: str  # "line 12" or "message 4": what a report points the admin to
    text: str
    message_id: int
    author_id: int
    channel_id: int
    at: datetime | None
    labels: Mapping[str, float] = field(default_factory=dict)  # NaN: not labelled


@dataclass(frozen=True)
class Problem:
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class ChatLog:
    path: Path
    messages: list[ChatMessage] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # not malformed, just not checked
    guild_id: int | None = None
    names: dict[int, str] = field(default_factory=dict)  # ids given to authors/channels by name


MAX_SNOWFLAKE = 2**63 - 1  # Discord ids are 64-bit; the database stores them as BIGINT


def snowflake(value: object) -> int | None:
    """A Discord id from a file: an int or ASCII digits up to 2^63 - 1; ``None`` if not a number.

    ``ValueError`` for a number no Discord id can be (it would fail in the database, not here).
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not (text.isascii() and text.isdigit()):
            return None
        number = int(text)
    if not 0 <= number <= MAX_SNOWFLAKE:
        raise ValueError(f"id {value!r} is outside 0..2^63-1: not a Discord id")
    return number


def _known_id(value: object) -> int | None:
    """``snowflake`` for the export's header, where a bad id is only a missing name."""
    try:
        return snowflake(value)
    except ValueError:
        return None


class _Ids:
    """Numeric ids pass through; names get small stable ids, remembered for the report."""

    def __init__(self, names: dict[int, str]) -> None:
        self.names = names
        self._by_name: dict[str, int] = {}

    def __call__(self, value: object) -> int:
        if value is None or value == "":
            return 0
        number = snowflake(value)
        if number is not None:
            return number
        text = str(value).strip()
        if text not in self._by_name:
            self._by_name[text] = len(self._by_name) + 1
            self.names[self._by_name[text]] = text
        return self._by_name[text]


def parse_time(value: object) -> datetime | None:
    """ISO 8601 or Unix seconds/milliseconds -> aware UTC datetime; naive times are taken as UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) or (isinstance(value, str) and _is_number(value)):
        seconds = float(value)
        if seconds > 1e11:  # milliseconds
            seconds /= 1000
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):  # 1e300, nan, inf
            raise ValueError(f"time {value!r} is not a date this bot can hold") from None
    if not isinstance(value, str):
        raise ValueError(f"time {value!r} is not a string or number")
    try:
        at = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"time {value!r} is not ISO 8601 (2024-05-01T12:30:00Z) or Unix seconds") from None
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def parse_label(value: object, min_votes: int) -> float:
    """Empty -> NaN (unknown); booleans and 0/1; vote counts are positive from ``min_votes``."""
    number = label_cell(value)
    return number if math.isnan(number) else float(number >= min_votes)


def _first(row: Mapping[str, object], names: tuple[str, ...]) -> object:
    for name in names:
        if name in row:
            return row[name]
    return None


class _Builder:
    def __init__(
        self, log: ChatLog, text_field: str | None, label_columns: Mapping[str, str], min_votes: int
    ) -> None:
        self.log, self.text_field = log, text_field
        self.label_columns, self.min_votes = label_columns, min_votes
        self.ids = _Ids(log.names)

    def text_of(self, row: Mapping[str, object]) -> object:
        return row.get(self.text_field) if self.text_field else _first(row, TEXT_FIELDS)

    def add(self, where: str, ordinal: int, row: Mapping[str, object]) -> None:
        """Validate one record; a problem is recorded instead of raised."""
        try:
            message = self._build(where, ordinal, row)
        except ValueError as e:
            self.log.problems.append(Problem(where, str(e)))
            return
        if message is not None:
            self.log.messages.append(message)

    def _build(self, where: str, ordinal: int, row: Mapping[str, object]) -> ChatMessage | None:
        text = self.text_of(row)
        if text is None:
            raise ValueError(f"no {self.text_field or ' / '.join(TEXT_FIELDS)} field")
        if not isinstance(text, str):
            raise ValueError(f"text is {type(text).__name__}, not a string")
        if not text or not text.strip():
            self.log.skipped["empty text"] += 1
            return None
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("text holds a lone surrogate (\\ud800-\\udfff): not valid Unicode") from None
        author = _first(row, AUTHOR_FIELDS)
        if isinstance(author, Mapping):  # {"id": ..., "name": ..., "isBot": ...}
            if author.get("isBot") or author.get("bot"):
                self.log.skipped["bot author"] += 1
                return None
            author = author.get("id") or author.get("name")
        raw_id = _first(row, ID_FIELDS)
        labels: dict[str, float] = {}
        for column, label in self.label_columns.items():
            try:
                labels[label] = parse_label(row.get(column), self.min_votes)
            except ValueError as e:
                raise ValueError(f"label {column!r}: {e}") from None
        return ChatMessage(
            where=where,
            text=text,
            message_id=snowflake(raw_id) or ordinal,
            author_id=self.ids(author),
            channel_id=self.ids(_first(row, CHANNEL_FIELDS)),
            at=parse_time(_first(row, TIME_FIELDS)),
            labels=labels,
        )


def read_chat(
    path: str | Path,
    *,
    text_field: str | None = None,
    label_columns: Mapping[str, str] | None = None,
    min_votes: int = 1,
) -> ChatLog:
    """Read a chat log; ``label_columns`` maps file columns to model labels (for threshold advice)."""
    path = Path(path)
    if not path.is_file():
        raise ChatLogError(f"{path}: no such file")
    log = ChatLog(path)
    builder = _Builder(log, text_field, dict(label_columns or {}), min_votes)
    suffix = path.suffix.lower()
    try:
        if suffix in (".jsonl", ".ndjson"):
            _read_jsonl(path, builder)
        elif suffix in (".csv", ".tsv"):
            _read_csv(path, builder, "\t" if suffix == ".tsv" else ",")
        elif suffix == ".json":
            _read_json(path, builder, log)
        else:
            raise ChatLogError(f"{path}: unsupported file type {suffix!r} (use .jsonl, .csv, .tsv or .json)")
    except UnicodeDecodeError as e:
        raise ChatLogError(f"{path}: not UTF-8 text ({e})") from e
    return log


def _read_jsonl(path: Path, builder: _Builder) -> None:
    with path.open(encoding="utf-8-sig") as f:
        ordinal = 0
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            ordinal += 1
            where = f"line {number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                builder.log.problems.append(Problem(where, f"invalid JSON ({e.msg})"))
                continue
            if not isinstance(row, dict):
                builder.log.problems.append(Problem(where, "not a JSON object"))
                continue
            builder.add(where, ordinal, row)
    _check_found(builder)


def _record_at(lines: list[str], i: int, delimiter: str) -> tuple[list[str] | None, int, str | None]:
    """Parse one record starting at ``lines[i]``: (fields or None, lines used, error)."""
    reader = csv.reader(lines[i : i + MAX_RECORD_LINES], delimiter=delimiter)
    try:
        return next(reader), max(reader.line_num, 1), None
    except csv.Error as e:
        return None, 1, f"unreadable CSV ({e})"


def _read_csv(path: Path, builder: _Builder, delimiter: str) -> None:
    with path.open(encoding="utf-8-sig", newline="") as f:
        lines = f.readlines()  # keeps line ends: quoted fields may span lines
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None:
        raise ChatLogError(f"{path}: empty file")
    header, span, error = _record_at(lines, start, delimiter)
    if header is None:
        raise ChatLogError(f"{path}: cannot read the header line ({error})")
    header = [h.strip() for h in header]
    wanted = builder.text_field
    if (wanted and wanted not in header) or (not wanted and not set(TEXT_FIELDS) & set(header)):
        raise ChatLogError(
            f"{path}: no text column ({wanted or ' / '.join(TEXT_FIELDS)}); found {header}; "
            "pass --text-column NAME"
        )
    missing = [c for c in builder.label_columns if c not in header]
    if missing:
        raise ChatLogError(f"{path}: label column(s) {missing} not in the header {header}")
    ordinal, i = 0, start + span
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        fields, span, error = _record_at(lines, i, delimiter)
        where = f"line {i + 1}"
        if fields is None or len(fields) != len(header):
            reason = error or f"expected {len(header)} fields, found {len(fields)}"
            if fields is not None and span > 1:
                reason += f" (a quote opened here runs over {span} lines: unclosed?)"
            builder.log.problems.append(Problem(where, reason))
            # resume on the next line, so a stray quote cannot swallow the rows after it
            i += 1
            continue
        ordinal += 1
        builder.add(where, ordinal, dict(zip(header, fields, strict=True)))
        i += span


def _read_json(path: Path, builder: _Builder, log: ChatLog) -> None:
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as e:
        raise ChatLogError(f"{path}: invalid JSON at line {e.lineno} column {e.colno} ({e.msg})") from e
    if isinstance(doc, dict) and isinstance(doc.get("messages"), list):  # DiscordChatExporter
        guild = doc.get("guild") if isinstance(doc.get("guild"), dict) else {}
        channel = doc.get("channel") if isinstance(doc.get("channel"), dict) else {}
        log.guild_id = _known_id(guild.get("id"))
        records = doc["messages"]
        for i, row in enumerate(records, start=1):
            where = f"message {i}" + (f" (id {row['id']})" if isinstance(row, dict) and "id" in row else "")
            if not isinstance(row, dict):
                log.problems.append(Problem(where, "not a JSON object"))
                continue
            if row.get("type", "Default") not in USER_MESSAGE_TYPES:
                log.skipped["system message"] += 1
                continue
            if "channel" not in row and channel.get("id"):
                row = {**row, "channel": channel["id"]}
                if (channel_id := _known_id(channel["id"])) is not None:
                    log.names.setdefault(channel_id, f"#{channel.get('name', channel['id'])}")
            author = row.get("author")
            if isinstance(author, dict) and (author_id := _known_id(author.get("id"))) is not None:
                log.names.setdefault(author_id, str(author.get("nickname") or author.get("name", "")))
            builder.add(where, i, row)
    elif isinstance(doc, list):
        for i, row in enumerate(doc, start=1):
            if not isinstance(row, dict):
                log.problems.append(Problem(f"item {i}", "not a JSON object"))
                continue
            builder.add(f"item {i}", i, row)
    else:
        raise ChatLogError(
            f"{path}: expected a DiscordChatExporter export (an object with 'messages') or a list of messages"
        )
    _check_found(builder)


def _check_found(builder: _Builder) -> None:
    log = builder.log
    if not log.messages and not log.problems and not log.skipped:
        raise ChatLogError(f"{log.path}: no messages")
