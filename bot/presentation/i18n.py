"""Every word Sentinela shows on Discord and on its dashboard comes from a gettext catalogue:
pt-BR and en.

The catalogues are ``bot/locales/<locale>/LC_MESSAGES/sentinela.po``, read with Babel and served
through the standard library's ``gettext`` (compiled in memory: no binary files in the
repository). Message ids are the English text, so code reads naturally; ``en`` has its own
catalogue all the same, so a string is present in both languages or the test suite fails
(``python -m bot.presentation.i18n check``; ``update`` extracts new strings into both catalogues).

In code:

- ``tr = texts(interaction)`` (the user's Discord language) or ``texts_for_guild(guild)`` (the
  server's preferred language, for alerts and posts everyone reads); then
  ``tr("Threshold for **{label}** is now {value}.", label=..., value=tr.number(v))`` and
  ``tr.plural("{n} hit", "{n} hits", n, n=n)``.
- ``N_("...")`` marks a constant for extraction; it is translated where it is shown.
- Slash-command names and descriptions are ``app_commands.locale_str`` (written ``_``):
  :class:`Translator` answers Discord with the same catalogue.
"""

from __future__ import annotations

import functools
import gettext
import io
import string
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import discord
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from discord import app_commands

DOMAIN = "sentinela"
BOT_DIR = Path(__file__).resolve().parents[1]  # bot/: the catalogues and the code they cover
LOCALES_DIR = BOT_DIR / "locales"
LOCALES = ("en", "pt_BR")
DEFAULT_LOCALE = "en"
# what the extractor looks for: tr("..."), tr.plural("...", "...", n), N_("..."), _("...")
KEYWORDS = {"tr": None, "plural": (1, 2), "N_": None, "_": None}


def N_(message: str) -> str:
    """Mark a constant for the catalogue; it is translated where it is shown (gettext's N_)."""
    return message


# the labels of the datasets Sentinela ships recipes for (ToLD-Br, OLID-BR); a model's other
# labels are shown as they are named
LABEL_NAMES = {
    "homophobia": N_("homophobia"),
    "obscene": N_("obscene"),
    "insult": N_("insult"),
    "racism": N_("racism"),
    "misogyny": N_("misogyny"),
    "xenophobia": N_("xenophobia"),
    "hate": N_("hate speech"),
    "health": N_("health"),
    "ideology": N_("ideology"),
    "lgbtqphobia": N_("lgbtqphobia"),
    "other_lifestyle": N_("other lifestyle"),
    "physical_aspects": N_("physical aspects"),
    "profanity_obscene": N_("profanity / obscene"),
    "religious_intolerance": N_("religious intolerance"),
    "sexism": N_("sexism"),
}
ACTION_NAMES = {
    "log": N_("logged"),
    "alert": N_("alerted"),
    "delete": N_("deleted"),
    "timeout": N_("timed out"),
}


def locale_of(discord_locale: discord.Locale | str | None) -> str:
    """The catalogue for a Discord locale: Portuguese gets pt_BR, anything else English."""
    value = getattr(discord_locale, "value", discord_locale) or ""
    return "pt_BR" if str(value).lower().startswith("pt") else DEFAULT_LOCALE


def catalogue_path(locale: str) -> Path:
    return LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(locale: str) -> Catalog:
    with catalogue_path(locale).open("rb") as f:
        return read_po(f, locale=locale, domain=DOMAIN)


@functools.cache
def _translations(locale: str) -> gettext.GNUTranslations:
    buf = io.BytesIO()
    # fuzzy entries are guesses left by an update: never shown (gettext's own rule)
    write_mo(buf, read_catalogue(locale), use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


@dataclass(frozen=True)
class Texts:
    """The catalogue of one locale, with number formats to match (pt-BR writes 0,85)."""

    locale: str

    def __call__(self, message: str, /, **values: object) -> str:
        text = _translations(self.locale).gettext(message)
        return text.format(**values) if values else text

    def plural(self, singular: str, plural: str, n: int, /, **values: object) -> str:
        return _translations(self.locale).ngettext(singular, plural, n).format(**values)

    def label(self, name: str) -> str:
        """A model label as moderators read it (known labels translated, others as named)."""
        return self(LABEL_NAMES[name]) if name in LABEL_NAMES else name

    def action(self, name: str) -> str:
        return self(ACTION_NAMES[name]) if name in ACTION_NAMES else name

    def number(self, value: float, digits: int = 2) -> str:
        return format_decimal(value, format=f"0.{'0' * digits}", locale=self.locale)

    def percent(self, value: float) -> str:
        return format_percent(value, format="0%", locale=self.locale)

    @property
    def discord_locale(self) -> discord.Locale:
        return discord.Locale.brazil_portuguese if self.locale == "pt_BR" else discord.Locale.american_english


def texts(interaction: discord.Interaction) -> Texts:
    """For a reply to one user: the language of their Discord client."""
    return Texts(locale_of(interaction.locale))


def texts_for_guild(guild: discord.Guild | None) -> Texts:
    """For what the whole moderation team reads (alerts, posts): the server's preferred language."""
    return Texts(locale_of(guild.preferred_locale if guild is not None else None))


class Translator(app_commands.Translator):
    """Command names stay English; descriptions and choices come from the pt-BR catalogue."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        if locale_of(locale) == DEFAULT_LOCALE:
            return None
        translated = _translations(locale_of(locale)).gettext(string.message)
        return translated if translated != string.message else None


# -- keeping the catalogues whole (python -m bot.presentation.i18n check | update) --------------------------


def extract(root: Path = BOT_DIR) -> dict[str, tuple[str, ...]]:
    """Every message id in the bot's code: {singular: (singular[, plural])}."""
    from babel.messages.extract import extract_from_dir

    found: dict[str, tuple[str, ...]] = {}
    # the dashboard's pages call the same tr("...") in their Jinja2 templates
    templates = "dashboard/templates/**.html"
    for _file, _line, message, _comments, _context in extract_from_dir(
        root,
        method_map=[("**.py", "python"), (templates, "jinja2.ext:babel_extract")],
        options_map={templates: {"silent": "false", "trim_blocks": "true", "lstrip_blocks": "true"}},
        keywords=KEYWORDS,
    ):
        ids = message if isinstance(message, tuple) else (message,)
        found[ids[0]] = ids
    return found


def _strings(message) -> list[str]:
    """A catalogue entry's translation(s); empty when any form is missing."""
    strings = [message.string] if isinstance(message.string, str) else list(message.string or ())
    return strings if strings and all(strings) else []


def placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def problems(locales: Iterable[str] = LOCALES) -> list[str]:
    """What keeps the catalogues from being whole: missing, empty, fuzzy, stale or mismatched."""
    used = extract()
    out: list[str] = []
    for locale in locales:
        catalogue = read_catalogue(locale)
        have = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalogue if m.id}
        for key, ids in sorted(used.items()):
            entry = have.get(key)
            strings = _strings(entry) if entry is not None else []
            if not strings:
                out.append(f"{locale}: no translation for {key!r}")
            elif entry.fuzzy:
                out.append(f"{locale}: fuzzy (unchecked) translation for {key!r}")
            elif (len(ids) == 2) != (not isinstance(entry.id, str)):
                out.append(f"{locale}: {key!r} is {'plural' if len(ids) == 2 else 'singular'} in the code")
            else:
                wanted = set().union(*(placeholders(i) for i in ids))
                for s in strings:
                    if placeholders(s) != wanted:
                        out.append(
                            f"{locale}: {key!r} translated with {sorted(placeholders(s))}, "
                            f"the code fills {sorted(wanted)}"
                        )
        out += [
            f"{locale}: {key!r} is in the catalogue but no longer in the code"
            for key in sorted(set(have) - set(used))
        ]
    return out


def update() -> None:
    """Add the code's new strings to every catalogue (empty: to translate) and drop stale ones."""
    from babel.messages.pofile import write_po

    used = extract()
    for locale in LOCALES:
        # a template per catalogue: Catalog.update adopts the template's entries, not copies
        template = Catalog(domain=DOMAIN, project="Sentinela")
        for ids in used.values():
            template.add(ids if len(ids) == 2 else ids[0])
        path = catalogue_path(locale)
        if path.exists():
            catalogue = read_catalogue(locale)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalogue = Catalog(locale=locale, domain=DOMAIN, project="Sentinela")
        catalogue.update(template, no_fuzzy_matching=True)
        catalogue.obsolete.clear()
        catalogue.header_comment = (
            f"# Sentinela's words on Discord, {locale}.\n"
            "# Translate the msgstr lines; `python -m bot.presentation.i18n check` verifies both catalogues."
        )
        catalogue.project, catalogue.version = "Sentinela", "1"
        catalogue.last_translator = catalogue.language_team = "Sentinela contributors"
        catalogue.msgid_bugs_address = ""
        if locale == DEFAULT_LOCALE:  # English is the code's own text: a new entry starts as it
            for message in catalogue:
                if message.id and not _strings(message):
                    message.string = message.id
        with path.open("wb") as f:
            write_po(f, catalogue, width=100, omit_header=False, sort_output=True, ignore_obsolete=True)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["update"]:
        update()
        args = ["check"]
    if args != ["check"]:
        print("usage: python -m bot.presentation.i18n check | update", file=sys.stderr)
        return 2
    found = problems()
    for line in found:
        print(line)
    print(f"{len(extract())} strings, {len(found)} problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
