"""The message catalogues: every string the bot shows exists in pt-BR and en, and is used right."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import discord
import pytest
from babel.messages.pofile import read_po, write_po
from discord import app_commands

import bot.presentation.i18n as i18n
from bot.core.advice import advise
from bot.presentation.i18n import Texts, Translator, locale_of

BOT = i18n.BOT_DIR


def test_every_string_in_the_code_is_in_both_catalogues():
    assert i18n.problems() == []
    assert len(i18n.extract()) > 100  # the extractor really finds the code's strings


def copy_catalogues(tmp_path: Path, monkeypatch) -> Path:
    shutil.copytree(i18n.LOCALES_DIR, tmp_path / "locales")
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path / "locales")
    return tmp_path / "locales"


def edit(locale: str, change) -> None:
    path = i18n.catalogue_path(locale)
    with path.open("rb") as f:
        catalogue = read_po(f, locale=locale)
    change(catalogue)
    with path.open("wb") as f:
        write_po(f, catalogue)


def test_a_string_missing_from_pt_br_is_reported(tmp_path, monkeypatch):
    copy_catalogues(tmp_path, monkeypatch)
    edit("pt_BR", lambda c: c.delete("Toxic message"))
    assert i18n.problems() == ["pt_BR: no translation for 'Toxic message'"]
    assert i18n.main(["check"]) == 1


def test_empty_fuzzy_stale_and_misfilled_translations_are_reported(tmp_path, monkeypatch):
    copy_catalogues(tmp_path, monkeypatch)

    def spoil(c):
        c["Confirm"].string = ""
        c["Skip"].flags.add("fuzzy")
        c["Alerts go to {channel}."].string = "Os alertas vão para {canal}."
        c.add("A string nobody uses any more", "Uma frase que ninguém usa")

    edit("pt_BR", spoil)
    edit("en", lambda c: c.delete("Review queue"))
    assert sorted(i18n.problems()) == sorted(
        [
            "en: no translation for 'Review queue'",
            "pt_BR: no translation for 'Confirm'",
            "pt_BR: fuzzy (unchecked) translation for 'Skip'",
            "pt_BR: 'Alerts go to {channel}.' translated with ['canal'], the code fills ['channel']",
            "pt_BR: 'A string nobody uses any more' is in the catalogue but no longer in the code",
        ]
    )


def test_update_adds_new_strings_empty_for_portuguese_and_as_written_for_english(tmp_path, monkeypatch):
    copy_catalogues(tmp_path, monkeypatch)
    extracted = dict(i18n.extract())
    extracted["A brand new reply"] = ("A brand new reply",)
    monkeypatch.setattr(i18n, "extract", lambda root=BOT: extracted)
    i18n.update()
    assert i18n.problems() == ["pt_BR: no translation for 'A brand new reply'"]
    with i18n.catalogue_path("en").open("rb") as f:
        assert read_po(f)["A brand new reply"].string == "A brand new reply"


def test_no_call_hides_a_string_from_the_extractor():
    """``texts(x)("...")`` works but is invisible to extraction: the string would stay English."""
    hidden = []
    for path in BOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Call)
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                hidden.append(f"{path.relative_to(BOT)}:{node.lineno}")
    assert hidden == []


def test_texts_translate_count_and_format_numbers_per_locale():
    pt, en = Texts("pt_BR"), Texts("en")
    assert pt(
        "Threshold for **{label}** is now {value}.", label=pt.label("insult"), value=pt.number(0.8)
    ) == ("O limiar de **insulto** agora é 0,80.")
    assert en(
        "Threshold for **{label}** is now {value}.", label=en.label("insult"), value=en.number(0.8)
    ) == ("Threshold for **insult** is now 0.80.")
    one, many = "{n} flagged message", "{n} flagged messages"
    # each language's own plural rule, from its catalogue's header: Portuguese counts 0 as singular
    assert [pt.plural(one, many, n, n=n) for n in (0, 1, 2)] == [
        "0 mensagem sinalizada", "1 mensagem sinalizada", "2 mensagens sinalizadas"
    ]  # fmt: skip
    assert [en.plural(one, many, n, n=n) for n in (0, 1, 2)] == [
        "0 flagged messages", "1 flagged message", "2 flagged messages"
    ]  # fmt: skip
    assert pt.percent(0.714) == "71%" and pt.label("a_custom_label") == "a_custom_label"
    assert pt.action("timeout") == "castigado"  # Discord's own word for a timeout


@pytest.mark.parametrize(
    ("discord_locale", "expected"),
    [(discord.Locale.brazil_portuguese, "pt_BR"), ("pt-BR", "pt_BR"), (discord.Locale.american_english, "en"),
     (discord.Locale.japanese, "en"), (None, "en")],
)  # fmt: skip
def test_discord_locales_map_to_a_catalogue(discord_locale, expected):
    assert locale_of(discord_locale) == expected


async def test_command_descriptions_reach_discord_in_portuguese():
    translator = Translator()
    text = app_commands.locale_str("Review the alerts nobody reviewed yet, newest first")
    context = app_commands.TranslationContext(
        app_commands.TranslationContextLocation.command_description, None
    )
    assert await translator.translate(text, discord.Locale.brazil_portuguese, context) == (
        "Revisa os alertas que ninguém revisou, dos mais recentes aos mais antigos"
    )
    assert await translator.translate(text, discord.Locale.american_english, context) is None


@pytest.mark.parametrize(
    ("reviewed", "status", "advised", "missed"),
    [
        ([(0.9, True)] * 9, "few_reviews", None, 0),  # nine clicks are not a precision
        ([(0.6 + i / 100, True) for i in range(10)], "keep", 0.55, 0),
        ([(0.59, True), (0.6, False), (0.62, False)] + [(0.7 + i / 100, True) for i in range(9)],
         "raise", 0.62, 1),
        ([(0.6 + i / 100, i % 2 == 0) for i in range(12)], "unreachable", None, 0),
    ],
)  # fmt: skip
def test_advice_raises_only_as_far_as_the_target_needs(reviewed, status, advised, missed):
    a = advise("insult", reviewed, current=0.55, target=0.9)
    assert (a.status, a.advised, a.missed) == (status, advised, missed)
    if status == "raise":
        # the lowest threshold that reaches 90%: one false positive still above it
        assert (
            a.precision_then == pytest.approx(0.9)
            and a.kept == 10
            and a.precision_now == pytest.approx(10 / 12)
        )
    with pytest.raises(ValueError, match="target precision"):
        advise("insult", reviewed, current=0.55, target=1.5)
