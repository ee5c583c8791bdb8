"""``python -m bot replay`` and ``export-feedback`` on real files, a real tiny model and SQLite."""

from __future__ import annotations

import asyncio
import json
import math
from datetime import timedelta
from pathlib import Path

import discord
import pandas as pd
import pytest
from sqlalchemy import select

from bot.cli.main import main
from bot.core.policy import Action, Decision, LabelHit, Rule
from bot.db.models import Hit
from bot.db.store import HitRecord, Store
from bot.replay import ReplayConfigError
from bot.replay.chatlog import ChatLogError, read_chat
from bot.replay.preview import embed_png
from bot.replay.run import load_guild_config, parse_thresholds
from tests.conftest import LABELS, train_args

LABELLED_CSV = """text,insult,obscene
voce e um idiota imbecil,1,0
bom dia a todos no time,0,0
"quebra de
linha",0,0
so um campo
que imbecil esse cara,1,0
jogo bom demais,dois,0
,0,0
idiota demais,1,
"""


def test_malformed_csv_lines_are_reported_with_line_numbers_and_skipped(tmp_path):
    path = tmp_path / "chat.csv"
    path.write_text(LABELLED_CSV)
    log = read_chat(path, label_columns={"insult": "insult", "obscene": "obscene"})
    assert [str(p) for p in log.problems] == [
        "line 6: expected 3 fields, found 1",
        "line 8: label 'insult': 'dois' is not a boolean, 0/1 or a vote count",
    ]
    assert [m.where for m in log.messages] == ["line 2", "line 3", "line 4", "line 7", "line 10"]
    assert log.messages[2].text == "quebra de\nlinha"  # a quoted field across two lines
    assert log.skipped["empty text"] == 1
    assert log.messages[-1].labels["insult"] == 1.0 and math.isnan(log.messages[-1].labels["obscene"])


def test_a_stray_quote_does_not_swallow_the_rows_after_it(tmp_path):
    path = tmp_path / "chat.csv"
    path.write_text('text,insult,obscene\n"aspas sem fim,1,0\nbom dia,0,0\nboa noite,0,0\n')
    log = read_chat(path)
    assert [str(p) for p in log.problems] == [
        "line 2: expected 3 fields, found 1 (a quote opened here runs over 3 lines: unclosed?)"
    ]
    assert [m.text for m in log.messages] == ["bom dia", "boa noite"]


def test_jsonl_problems_and_fields(tmp_path):
    path = tmp_path / "chat.jsonl"
    path.write_text(
        '{"text": "oi", "author": "ana", "channel": "geral", "time": "2026-11-20T18:00:00Z"}\n'
        "{not json\n"
        "\n"
        '["a list"]\n'
        '{"author": "bia"}\n'
        '{"content": "tchau", "author": 123, "time": 1764000000}\n'
        '{"text": "x", "time": "ontem"}\n'
    )
    log = read_chat(path)
    assert [str(p) for p in log.problems] == [
        "line 2: invalid JSON (Expecting property name enclosed in double quotes)",
        "line 4: not a JSON object",
        "line 5: no text / content / message field",
        "line 7: time 'ontem' is not ISO 8601 (2024-05-01T12:30:00Z) or Unix seconds",
    ]
    first, second = log.messages
    assert log.names[first.author_id] == "ana" and log.names[first.channel_id] == "geral"
    assert first.at is not None and first.at.isoformat() == "2026-11-20T18:00:00+00:00"
    assert second.author_id == 123 and second.at is not None and second.at.year == 2025


def test_discord_chat_exporter_json(tmp_path):
    export = {
        "guild": {"id": "111", "name": "Servidor"},
        "channel": {"id": "222", "name": "geral"},
        "messages": [
            {"id": "1", "type": "Default", "timestamp": "2026-11-20T18:00:00+00:00", "content": "oi",
             "author": {"id": "9", "name": "ana", "isBot": False}},
            {"id": "2", "type": "GuildMemberJoin", "content": "", "author": {"id": "9", "name": "ana"}},
            {"id": "3", "type": "Default", "content": "beep",
             "author": {"id": "8", "name": "bot", "isBot": True}},
            {"id": "4", "type": "Reply", "content": "tudo bem?", "author": {"id": "7", "name": "bia"}},
            "garbage",
        ],
    }  # fmt: skip
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export))
    log = read_chat(path)
    assert log.guild_id == 111
    assert [(m.message_id, m.author_id, m.channel_id, m.text) for m in log.messages] == [
        (1, 9, 222, "oi"),
        (4, 7, 222, "tudo bem?"),
    ]
    assert log.skipped == {"system message": 1, "bot author": 1}
    assert [str(p) for p in log.problems] == ["message 5: not a JSON object"]
    assert log.names[222] == "#geral" and log.names[7] == "bia"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("text;insult\nx;1\n", "no text column"),
        ("", "empty file"),
    ],
)
def test_unreadable_files_are_one_clear_error(tmp_path, content, message):
    path = tmp_path / "chat.csv"
    path.write_text(content)
    with pytest.raises(ChatLogError, match=message):
        read_chat(path)


def test_guild_config_file_and_threshold_overrides(tmp_path):
    path = tmp_path / "guild.json"
    path.write_text(json.dumps({"thresholds": {"insult": 0.7}, "rules": {"insult": "delete"}}))
    config = load_guild_config(path, LABELS)
    assert config.threshold("insult", 0.5) == 0.7 and config.rule("insult").action is Action.DELETE
    assert parse_thresholds(["insult=0.4,obscene=0.9"], LABELS) == {"insult": 0.4, "obscene": 0.9}
    for bad, message in [
        ("insult=1.5", "outside 0..1"),
        ("racism=0.3", "unknown label"),
        ("insult", "LABEL=VALUE"),
    ]:
        with pytest.raises(ReplayConfigError, match=message):
            parse_thresholds([bad], LABELS)
    path.write_text(json.dumps({"rules": {"insult": "ban"}}))
    with pytest.raises(ReplayConfigError, match="unknown action 'ban'"):
        load_guild_config(path, LABELS)


def test_replay_command_reports_hits_advice_and_broken_lines(trained_model, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no .env from the repo
    path = tmp_path / "labelled.csv"
    path.write_text(LABELLED_CSV)
    db = tmp_path / "replay.db"
    replay_args = [
        "replay", str(path), "--model", str(trained_model), "--db", str(db), "--no-progress",
        "--labels", "insult", "obscene", "--thresholds", "insult=0.55,obscene=0.99",
    ]  # fmt: skip
    rc = main(replay_args)
    out = capsys.readouterr().out
    assert rc == 0, out
    assert "2 malformed line(s) skipped" in out and "line 6: expected 3 fields" in out
    assert "Thresholds against the file's labels" in out and "What /toxstats would show" in out

    async def hits() -> list[Hit]:
        store = Store(f"sqlite+aiosqlite:///{db}")
        try:
            async with store.session() as s:
                return list((await s.execute(select(Hit))).scalars())
        finally:
            await store.close()

    rows = asyncio.run(hits())
    flagged = {h.content for h in rows if h.label == "insult"}
    assert "voce e um idiota imbecil" in flagged and "bom dia a todos no time" not in flagged
    advice = out.split("Thresholds against the file's labels")[1].splitlines()
    insult_row = next(line.split() for line in advice if line.strip().startswith("insult"))
    assert insult_row[1:3] == ["3", "0.550"]  # support: three labelled insults; the tried threshold

    # a second run starts the replay database afresh instead of doubling the counts
    assert main(replay_args) == 0
    assert len(asyncio.run(hits())) == len(rows)


def test_replay_refuses_a_label_the_model_does_not_have(trained_model, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "chat.csv"
    path.write_text("text,racism\nalgo,1\n")
    assert main(["replay", str(path), "--model", str(trained_model), "--labels", "racism"]) == 2
    assert "not labels of this model" in capsys.readouterr().err


async def _reviewed_store(url: str, content: bool) -> None:
    store = Store(url)
    await store.migrate()
    reviewed = [
        (1, "insult", "voce e um idiota imbecil", "confirmed"),
        (2, "insult", "que jogo idiota", "false_positive"),
        (3, "obscene", "que porra e essa", "confirmed"),
    ]
    for message_id, label, text, verdict in reviewed:
        decision = Decision((LabelHit(label, 0.9, 0.5, Action.ALERT),), Action.ALERT)
        await store.record_hits(
            HitRecord(
                guild_id=5,
                channel_id=6,
                message_id=message_id,
                author_id=7,
                decision=decision,
                action_taken=Action.ALERT,
                model_id="m",
                content=text if content else None,
            )
        )
        await store.record_feedback(5, message_id, moderator_id=99, verdict=verdict)
    await store.close()


def test_export_feedback_trains_without_edits(
    trained_model, tiny_bert, data_files, tmp_path, capsys, monkeypatch
):
    from training.run import run

    monkeypatch.chdir(tmp_path)
    url = f"sqlite+aiosqlite:///{tmp_path / 'live.db'}"
    asyncio.run(_reviewed_store(url, content=True))
    out = tmp_path / "feedback.csv"
    assert main(["export-feedback", "--out", str(out), "--database-url", url]) == 0
    assert "wrote 3 row(s)" in capsys.readouterr().out
    exported = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(exported.columns) == ["text", "insult", "obscene"]
    # one reviewed label per row; the other cell stays empty (unknown), not 0
    assert exported.values.tolist() == [
        ["voce e um idiota imbecil", "1", ""],
        ["que jogo idiota", "0", ""],
        ["que porra e essa", "", "1"],
    ]

    # continue the trained Sentinela model with the feedback added, labels given in another order
    model_out = tmp_path / "continued"
    args = train_args(
        trained_model, data_files, model_out, "--extra-train-file", str(out), "--max-steps", "3"
    )
    at = args.index("--label-columns")
    args[at + 1 : at + 3] = ["obscene", "insult"]
    results = run(args)
    assert results["validation"]["examples"] == 120
    meta = json.loads((model_out / "sentinela.json").read_text())
    assert meta["labels"] == LABELS  # the checkpoint's head order is kept


def test_export_feedback_without_stored_text_explains_why(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    url = f"sqlite+aiosqlite:///{tmp_path / 'live.db'}"
    asyncio.run(_reviewed_store(url, content=False))
    out = tmp_path / "feedback.csv"
    assert main(["export-feedback", "--out", str(out), "--database-url", url]) == 2
    err = capsys.readouterr().err
    assert "3 reviewed hit(s)" in err and "STORE_CONTENT" in err
    assert not Path(out).exists()


def test_replay_takes_a_live_guilds_configuration_from_the_database(
    trained_model, tmp_path, capsys, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    url = f"sqlite+aiosqlite:///{tmp_path / 'live.db'}"

    async def configure() -> None:
        store = Store(url)
        await store.migrate()
        await store.update(42, "threshold", 0.123, target="insult", by=None)
        await store.update(42, "rule", Rule(Action.TIMEOUT, 15), target="insult")
        await store.close()

    asyncio.run(configure())
    monkeypatch.setenv("DATABASE_URL", url)
    path = tmp_path / "chat.csv"
    path.write_text(LABELLED_CSV)
    assert (
        main(["replay", str(path), "--model", str(trained_model), "--guild-id", "42", "--no-progress"]) == 0
    )
    rules = capsys.readouterr().out.split("What the rules would have done")[1].splitlines()
    insult = next(line.split() for line in rules if line.strip().startswith("insult"))
    assert insult[1:5] == ["0.123", "timeout", "15", "min"]
    # a file that is not a Sentinela database is never replaced
    notes = tmp_path / "notes.db"
    notes.write_text("not a database")
    assert main(["replay", str(path), "--model", str(trained_model), "--db", str(notes)]) == 2
    assert notes.read_text() == "not a database"
    assert "not a replay database" in capsys.readouterr().err
    # the live database is never the replay's target, also from another directory, where the
    # DATABASE_URL comparison cannot see it is the same file
    other = tmp_path / "elsewhere"
    other.mkdir()
    monkeypatch.chdir(other)
    monkeypatch.delenv("DATABASE_URL")  # another shell: its DATABASE_URL is the default
    live = tmp_path / "live.db"
    before = live.read_bytes()
    assert main(["replay", str(path), "--model", str(trained_model), "--db", "../live.db"]) == 2
    assert "not a replay database" in capsys.readouterr().err and live.read_bytes() == before
    # a replay's own database is replaced by the next replay
    assert main(["replay", str(path), "--model", str(trained_model), "--db", "r.db", "--no-progress"]) == 0
    assert main(["replay", str(path), "--model", str(trained_model), "--db", "r.db", "--no-progress"]) == 0
    monkeypatch.chdir(tmp_path)
    assert main(["replay", str(path), "--model", str(trained_model), "--db", str(tmp_path / "live.db")]) == 2


def test_hostile_records_are_reported_per_line_and_the_rest_replayed(tmp_path):
    rows = [
        {"text": "bom dia", "time": 1e300},  # past any date
        {"text": "bom dia", "time": "nan"},
        {"text": "bom dia", "author": 2**64},  # over a 64-bit id
        {"text": "bom dia", "id": "99999999999999999999999"},
        {"text": "oi \ud800 tudo bem"},  # a lone surrogate, as JSON may carry
        {"text": "a good one", "author": "maria", "id": 7, "time": 1_700_000_000},
    ]
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    log = read_chat(path)
    assert [m.text for m in log.messages] == ["a good one"]
    reasons = {p.where: p.reason for p in log.problems}
    assert set(reasons) == {f"line {i}" for i in range(1, 6)}
    assert "not a date" in reasons["line 1"] and "not a date" in reasons["line 2"]
    assert "not a Discord id" in reasons["line 3"] and "not a Discord id" in reasons["line 4"]
    assert "lone surrogate" in reasons["line 5"]


def test_exporter_header_with_ids_that_are_not_numbers(tmp_path):
    doc = {
        "guild": {"id": "abc"},
        "channel": {"id": "not-a-number", "name": "geral"},
        "messages": [
            {"id": "1", "type": "Default", "content": "bom dia", "author": {"id": "x", "name": "ana"}}
        ],
    }
    path = tmp_path / "export.json"
    path.write_text(json.dumps(doc))
    log = read_chat(path)
    assert log.guild_id is None and [m.text for m in log.messages] == ["bom dia"]


async def test_lone_surrogate_in_stored_content_is_kept_as_a_replacement_character(tmp_path):
    store = Store(f"sqlite+aiosqlite:///{tmp_path / 'surrogate.db'}")
    await store.migrate()
    try:
        await store.record_hits(
            HitRecord(
                guild_id=1,
                channel_id=2,
                message_id=3,
                author_id=4,
                decision=Decision((LabelHit("insult", 0.9, 0.5, Action.ALERT),), Action.ALERT),
                action_taken=Action.ALERT,
                model_id="m",
                content="seu \ud800 idiota",
            )
        )
        async with store.session() as s:
            assert (await s.execute(select(Hit.content))).scalar_one() == "seu \ufffd idiota"
    finally:
        await store.close()


def test_replay_writes_the_toxstats_chart_as_a_png(trained_model, tmp_path, monkeypatch, capsys):
    from PIL import Image

    from bot.presentation.charts import SIZE_PX

    monkeypatch.chdir(tmp_path)
    chart = tmp_path / "out.png"
    chat = Path(__file__).resolve().parents[1] / "examples" / "chat.jsonl"
    args = [
        "replay",
        str(chat),
        "--model",
        str(trained_model),
        "--db",
        str(tmp_path / "r.db"),
        "--no-progress",
    ]
    assert main([*args, "--chart", str(chart)]) == 0
    assert f"Chart written to {chart}" in capsys.readouterr().out
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(chart) as image:
        image.verify()
    with Image.open(chart) as image:
        assert image.size == SIZE_PX


def test_the_chart_draws_an_empty_period_and_refuses_ragged_counts():
    from datetime import date

    from bot.presentation.charts import hits_chart

    days = [date(2026, 11, 1) + timedelta(days=i) for i in range(3)]
    empty = hits_chart(days, {"insult": [0, 0, 0]}, title="t", subtitle="s")
    assert empty[:4] == b"\x89PNG"
    with pytest.raises(ValueError, match="2 counts for 3 days"):
        hits_chart(days, {"insult": [1, 2]}, title="t", subtitle="s")


def test_replay_draws_the_review_page_and_chart_in_portuguese(trained_model, tmp_path, monkeypatch, capsys):
    """The README's screenshots: the first /review page and the chart, from a replay's database."""
    from PIL import Image

    import bot.replay.preview

    monkeypatch.chdir(tmp_path)
    drawn = []
    real = bot.replay.preview.embed_png

    def spy(embed, buttons=(), **kw):
        drawn.append((embed, [b.label for b in buttons]))
        return real(embed, buttons, **kw)

    monkeypatch.setattr(bot.replay.preview, "embed_png", spy)
    root = Path(__file__).resolve().parents[1]
    chart, review = tmp_path / "chart.png", tmp_path / "review.png"
    # examples/guild.json with the tiny model's two labels
    guild = json.loads((root / "examples" / "guild.json").read_text())
    guild["rules"] = {"insult": "delete", "obscene": "log"}
    (tmp_path / "guild.json").write_text(json.dumps(guild))
    argv = ["replay", str(root / "examples" / "chat.jsonl"), "--model", str(trained_model),
            "--config", str(tmp_path / "guild.json"), "--db", str(tmp_path / "r.db"), "--no-progress",
            "--locale", "pt-BR", "--chart", str(chart), "--review-png", str(review)]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert f"Chart written to {chart}" in out and f"Review page written to {review}" in out
    for png in (chart, review):
        with Image.open(png) as image:
            image.verify()
    with Image.open(review) as image:
        assert image.format == "PNG" and image.size[0] == bot.replay.preview.WIDTH_PX
    ((embed, labels),) = drawn
    assert embed.title.startswith("Revisão 1 de ") and labels[:3] == ["Confirmar", "Falso positivo", "Pular"]
    fields = {f.name: f.value for f in embed.fields}
    assert {"Autor", "Canal", "Rótulos", "Ação", "Conteúdo"} <= set(fields)


def test_embed_png_writes_names_for_mentions():
    from bot.replay.preview import plain

    text = plain(
        "<@12> em <#34> [Ir](https://x) **forte** <t:0:R>", {12: "ana", 34: "geral"}, lambda d: "sempre"
    )
    assert text == "@ana em #geral Ir forte sempre"


def test_the_review_preview_draws_dollar_signs_and_numeric_nicknames():
    embed = discord.Embed(title="Review 1 of 1", description="custa $5 e $10$ no jogo de <@7>")
    embed.add_field(name="Message", value="ganhei $x^2$ reais hoje")
    png = embed_png(embed, names={7: 1337})  # a nickname that is a number, as an export gives it
    assert png.startswith(b"\x89PNG")
