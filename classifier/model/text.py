"""Text normalisation shared by training and serving.

Training and the live bot must see text the same way, so both call :func:`normalize`
with the :class:`TextConfig` stored in the model directory. Its ``version`` says which
normalisation the model was trained with; a directory keeps being served with its own:

- 1: NFC, Discord markup to dataset tokens, control characters and zalgo trimmed, floods cut.
- 2: also undoes the usual evasions: compatibility forms folded (NFKC: fullwidth and
  mathematical letters), invisible characters dropped (emoji ZWJ sequences kept), fillers
  (U+3164, U+2800...) read as spaces, stray combining marks dropped, Cyrillic and Greek
  look-alikes mapped to Latin by Unicode's TR39 confusables table, runs of single spaced or
  dotted letters re-joined ("p u t a", "p.u.t.a") and leetspeak inside words read as letters.
- 3: also the residue version 2 let through: text reversed by a right-to-left override
  (U+202E) is put back in reading order; Cyrillic letters TR39 does not list as look-alikes
  (т, к, м, н, в, п, г) read as Latin inside a word that mixes scripts; zalgo that leaves one
  mark per letter (which NFKC composes into "ídíótá") loses its marks, Portuguese accents kept.
- 4: also zalgo with several marks per letter, read before NFKC composes the first of them
  ("pūṫa" was left of it): a word with any letter carrying two or more combining marks, or with
  most of its letters marked, loses every mark. A Portuguese letter carries one (á, ç, õ), and
  few letters of a word carry any, so Portuguese words are left as they are (Vietnamese, whose
  letters stack two, loses its marks: the model reads Portuguese).
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib import resources

# Discord markup: <@123>, <@!123> (user), <@&123> (role), <#123> (channel), <:name:id>, <a:name:id>.
_DISCORD_USER = re.compile(r"<@[!&]?\d+>")
_DISCORD_CHANNEL = re.compile(r"<#\d+>")
_DISCORD_EMOJI = re.compile(r"<a?:(\w{1,32}):\d+>")
# Plain @handles (tweets, Discord @everyone/@here) and the dataset's own user token.
_HANDLE = re.compile(r"(?<![\w@])@\w+")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# A run of one character (emoji floods, "kkkkkkkk") carries no more signal after a few repeats
# and only burns the model's window.
_REPEAT = re.compile(r"(.)\1{3,}", re.DOTALL)
_SPACE = re.compile(r"\s+")
_MAX_COMBINING = 2  # zalgo text stacks dozens of combining marks on one letter
MAX_REPEAT = 32
MAX_TOKEN_CHARS = 64
NORMALIZATION_VERSION = 4  # what new models are trained with


@dataclass(frozen=True)
class TextConfig:
    """How raw text is rewritten before tokenisation; saved with every model."""

    user_token: str = "@user"  # OLID-BR writes "USER", ToLD-Br "@user"
    url_token: str = "URL"
    max_repeat: int = 3
    version: int = NORMALIZATION_VERSION

    def __post_init__(self) -> None:
        # it comes from a file in the model directory: a wrong type would fail every message
        # later (the bot then silently checks nothing), a huge repeat would cost seconds each
        for name in ("user_token", "url_token"):
            value = getattr(self, name)
            if not isinstance(value, str) or not 0 < len(value) <= MAX_TOKEN_CHARS:
                raise ValueError(
                    f"text.{name} must be a string of 1-{MAX_TOKEN_CHARS} characters, got {value!r}"
                )
        if type(self.max_repeat) is not int or not 0 <= self.max_repeat <= MAX_REPEAT:
            raise ValueError(
                f"text.max_repeat must be an integer from 0 to {MAX_REPEAT}, got {self.max_repeat!r}"
            )
        if type(self.version) is not int or not 1 <= self.version <= NORMALIZATION_VERSION:
            raise ValueError(
                f"text.version {self.version!r} is not 1..{NORMALIZATION_VERSION}: "
                "a newer Sentinela wrote this model; upgrade to serve it"
            )

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, object] | None) -> TextConfig:
        """From ``sentinela.json``; ``ValueError`` on a value of the wrong type or range."""
        if data is not None and not isinstance(data, dict):
            raise ValueError(f"text settings must be an object, got {type(data).__name__}")
        known = {k: v for k, v in (data or {}).items() if k in cls.__dataclass_fields__}
        # directories written before versions existed were trained with the first normalisation
        known.setdefault("version", 1)
        return cls(**known)  # type: ignore[arg-type]


def _strip_controls_and_zalgo(text: str) -> str:
    out: list[str] = []
    combining = 0
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Mn":
            combining += 1
            if combining > _MAX_COMBINING:
                continue
        else:
            combining = 0
        if cat in ("Cc", "Cf", "Cs", "Co", "Cn") and ch not in "\n\t":
            # control, format (zero-width joiners used to dodge filters), surrogates, unassigned
            if ch == "\u200d":  # keep emoji ZWJ sequences readable as one emoji
                out.append(ch)
            continue
        out.append(ch)
    return "".join(out)


# -- version 2: evasions ------------------------------------------------------------------------

# Blank look-alikes used as invisible spaces or separators (they are letters or symbols, not Cf).
_FILLERS = dict.fromkeys(map(ord, "\u115f\u1160\u3164\uffa0\u2800\u180e\u17b4\u17b5"), " ")
_VARIATION_SELECTORS = re.compile("[\ufe00-\ufe0f]")
# control, format, surrogate, private, unassigned; and marks: after NFC, a mark that did not
# compose with its letter is decoration (strikethrough, U+034F, zalgo)
_INVISIBLE = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me"))
# three or more single letters, each followed by one separator: "p u t a", "p.u.t.a", "p-u-t-a"
_SPACED = re.compile(r"(?<![^\W\d_])((?:[^\W\d_][ .\-_*·•]){2,}[^\W\d_])(?![^\W\d_])")
_SEPARATORS = re.compile(r"[ .\-_*·•]")
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
_WORDISH = re.compile(r"[\w@$]+")
_ANY_LEET = re.compile("[" + re.escape("".join(_LEET)) + "]")


def _is_emoji(ch: str) -> bool:
    return unicodedata.category(ch) == "So" or 0x1F000 <= ord(ch) <= 0x1FAFF


# past the Basic Multilingual Plane (emoji, mathematical letters): the loops below decide alone
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@functools.cache
def _category_class(categories: frozenset[str]) -> str:
    """A regex character class of the BMP's code points in these Unicode categories.

    Searching it is one scan in C over a bitmap, so the per-character loops below run only on
    the few texts that hold such a character: normalising a chat message took 207 us, most of
    it in loops over text that had nothing for them to do. (Ranges past the BMP would turn the
    bitmap into a list the scan walks for every character: such text goes to the loops.)
    """
    ranges: list[tuple[int, int]] = []
    start: int | None = None
    for cp in range(0x10001):  # one past the BMP: a range still open there ends at U+FFFF
        if cp < 0x10000 and unicodedata.category(chr(cp)) in categories:
            if start is None:
                start = cp
        elif start is not None:
            ranges.append((start, cp - 1))
            start = None
    return "[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges) + "]"


@functools.cache
def _search(categories: frozenset[str]) -> Callable[[str], re.Match[str] | None]:
    return re.compile(_category_class(categories)).search


def _has_any(categories: frozenset[str], text: str) -> bool:
    """Whether ``text`` may hold a character of these categories (any text past the BMP may)."""
    return _ASTRAL.search(text) is not None or _search(categories)(text) is not None


@functools.cache
def _stacking() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Two marks in a row; three letters of one word marked (version 4's two rules, as scans)."""
    marks = _category_class(_MARKS)
    return re.compile(f"{marks}{{2}}"), re.compile(rf"(?:[^\W\d_]+{marks}){{{_ZALGO_MIN_MARKED}}}")


@functools.cache
def _confusables() -> dict[int, str]:
    """Non-Latin characters that Unicode's TR39 data lists as look-alikes of one ASCII letter.

    The table is the ``confusable-homoglyphs`` package's copy of ``confusables.txt``; only
    characters outside Latin, and only single ASCII-letter prototypes, so Portuguese letters
    (á, ç, õ...) and digits never change.
    """
    data = json.loads(
        resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8")
    )
    table: dict[int, str] = {}
    for char, homoglyphs in data.items():
        if len(char) != 1 or char.isascii() or "LATIN" in unicodedata.name(char, "LATIN"):
            continue
        letters = sorted(
            {h["c"] for h in homoglyphs if len(h["c"]) == 1 and h["c"].isascii() and h["c"].isalpha()}
        )
        if letters:
            # the same letter in either case: keep the case the character itself has
            table[ord(char)] = next((x for x in letters if x.islower() == char.islower()), letters[0])
    return table


def _drop_invisible(text: str) -> str:
    """Format characters and stray combining marks go; emoji ZWJ sequences stay whole."""
    if not _has_any(_INVISIBLE, text):
        return text  # nothing the loop below would drop
    out: list[str] = []
    previous = ""  # the input character before this one, variation selectors skipped
    for i, ch in enumerate(text):
        selector = _VARIATION_SELECTORS.fullmatch(ch) is not None
        if ch == "\u200d":
            after = text[i + 1 : i + 2]
            if previous and after and _is_emoji(previous) and _is_emoji(after):
                out.append(ch)
        elif selector:
            out.append(ch)  # emoji presentation, not an evasion
        elif unicodedata.category(ch) not in _INVISIBLE or ch in "\n\t":
            out.append(ch)
        if not selector:
            previous = ch
    return "".join(out)


# Portuguese words of one letter: a run made only of these is a sentence ("é a o"), not a spelling
_ONE_LETTER_WORDS = frozenset("aeoéàáóôêyAEOÉÀÁÓÔÊY")


def _rejoin_spaced(match: re.Match[str]) -> str:
    run = match.group(1)
    letters = _SEPARATORS.sub("", run)
    if sum(c not in _ONE_LETTER_WORDS for c in letters) < 2:
        return run
    return letters


def _unleet(match: re.Match[str]) -> str:
    word = match.group(0)
    if word.startswith("@"):
        return word  # a handle, not leetspeak
    letters = sum(c.isalpha() for c in word)
    leet = [c for c in word if c in _LEET]
    # a word of letters with leet characters in it ("p0rr4", "pu74", "07ár10"), not a number or
    # a code: every non-letter must be a leet character, with at least two real letters. A word
    # such as "top10" reads as "topio": harmless, and telling it from "pu74" would need a lexicon.
    if len(word) < 4 or not leet or letters < 2 or any(not c.isalpha() and c not in _LEET for c in word):
        return word
    return "".join(_LEET.get(c, c) for c in word)


# -- version 3: the residue ----------------------------------------------------------------------

_RLO, _PDF = "\u202e", "\u202c"
_OVERRIDDEN = re.compile(f"{_RLO}([^{_PDF}\n]*)(?:{_PDF}|$)", re.MULTILINE)
# lower-case Cyrillic letters that read as a Latin one in a Latin word, beyond TR39's list
_CYRILLIC_LOOKALIKES = str.maketrans("ткмнвпг", "tkmhbnr")
_WORD = re.compile(r"[^\W\d_]+")
_ZALGO_MIN_MARKED = 3  # Portuguese words carry one or two accents ("coração"), never three
_CYRILLIC = re.compile("[\u0400-\u04ff]")
# a word with three non-ASCII letters: only those decompose into a letter and its mark, so a
# word without three of them has fewer than three marked letters and is never zalgo
_THREE_NON_ASCII = re.compile(rf"(?:[A-Za-z]*[^\W\d_A-Za-z]){{{_ZALGO_MIN_MARKED}}}")


def _unreverse(text: str) -> str:
    """Text between U+202E and U+202C is shown reversed: store it in the order it is read."""
    return _OVERRIDDEN.sub(lambda m: m.group(1)[::-1], text)


def _latin_lookalikes(match: re.Match[str]) -> str:
    word = match.group(0)
    if any("a" <= c.lower() <= "z" for c in word) and any("\u0400" <= c <= "\u04ff" for c in word):
        return word.translate(_CYRILLIC_LOOKALIKES)
    return word  # a Russian word stays Russian


def _strip_zalgo_word(match: re.Match[str]) -> str:
    word = match.group(0)
    letters = unicodedata.normalize("NFD", word)
    marked = sum(
        1
        for i, c in enumerate(letters)
        if not unicodedata.combining(c) and letters[i + 1 : i + 2] and unicodedata.combining(letters[i + 1])
    )
    base = [c for c in letters if not unicodedata.combining(c)]
    if marked >= _ZALGO_MIN_MARKED and marked * 2 > len(base):
        return "".join(base)
    return word


# -- version 4: stacked marks ------------------------------------------------------------------

# emoji presentation, not decoration: never counted as a mark, never dropped here
_SELECTORS = frozenset(range(0xFE00, 0xFE10)) | frozenset(range(0xE0100, 0xE01F0))


_MARKS = frozenset(("Mn", "Me"))


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me") and ord(ch) not in _SELECTORS


def _is_cased_letter(ch: str) -> bool:
    # Latin, Greek, Cyrillic...: the scripts an insult is disguised in. Scripts without case
    # (Thai, Devanagari) write vowels as marks, several on one letter, and are left alone.
    return ch.isalpha() and ch.lower() != ch.upper()


def strip_stacked_marks(text: str) -> str:
    """Drop every combining mark of a word in which some letter carries two or more, or in which
    most letters (at least three) carry one.

    Must run before NFKC/NFC: composition folds the first mark into the letter ("u" + macron is
    "ū") and the marks after it are then dropped as stray, which left "pūṫa" of a zalgo "puta"
    whose letters carried three or four marks each. Decomposed, every accent is a mark, and a
    Portuguese letter never carries two, so Portuguese words never change here.
    """
    decomposed = unicodedata.normalize("NFD", text)
    if not _has_any(_MARKS, decomposed):
        return decomposed
    stacked, three_marked = _stacking()
    # the loop changes a word only where a letter carries two marks, or where three letters of
    # one word carry one: without either, its output is its input
    if (
        _ASTRAL.search(decomposed) is None
        and not stacked.search(decomposed)
        and not three_marked.search(decomposed)
    ):
        return decomposed
    return _strip_stacked(decomposed)


def _strip_stacked(decomposed: str) -> str:
    """:func:`strip_stacked_marks`' loop over NFD text."""
    out: list[str] = []
    word: list[tuple[str, list[str]]] = []  # the current word: each letter with its marks

    def flush() -> None:
        marked = sum(1 for _, marks in word if marks)
        # several marks on one letter, or version 3's rule (most letters of a word marked), here
        # counted before composition dropped the marks that had no precomposed letter
        zalgo = any(len(marks) >= 2 for _, marks in word) or (
            marked >= _ZALGO_MIN_MARKED and marked * 2 > len(word)
        )
        out.extend(base + ("" if zalgo else "".join(marks)) for base, marks in word)
        word.clear()

    for ch in decomposed:
        if _is_mark(ch) and word:
            word[-1][1].append(ch)
        elif _is_cased_letter(ch):
            word.append((ch, []))
        else:  # a space, a digit, a mark with no letter before it: the word ends
            flush()
            out.append(ch)
    flush()
    return "".join(out)


def undo_evasions(text: str, version: int = NORMALIZATION_VERSION) -> str:
    """Version 2's extra steps (and 3's), on text that is already NFKC."""
    if version >= 3:
        text = _unreverse(text)
    text = text.translate(_FILLERS)
    text = _drop_invisible(text)
    # each step below runs only where the text holds what it rewrites (exact: tested against
    # running every step on every text)
    if version >= 3 and _CYRILLIC.search(
        text
    ):  # before TR39's table, which would make a Russian word look mixed
        text = _WORD.sub(_latin_lookalikes, text)
    if not text.isascii():  # the table maps non-ASCII characters only
        text = text.translate(_confusables())
    if version >= 3 and _THREE_NON_ASCII.search(text):
        text = _WORD.sub(_strip_zalgo_word, text)
    text = _SPACED.sub(_rejoin_spaced, text)
    return _WORDISH.sub(_unleet, text) if _ANY_LEET.search(text) else text


def normalize(text: str, config: TextConfig | None = None) -> str:
    """Rewrite ``text`` the way the model saw its training data.

    Mentions become the dataset's user token, URLs a URL token, custom emoji their name;
    control characters, zalgo marks and long character floods are trimmed; whitespace collapses.
    From version 2 on, the usual evasions are undone as well (see the module docstring).
    """
    cfg = config or TextConfig()
    evasions = cfg.version >= 2
    if cfg.version >= 4:  # before composition hides how many marks a letter carried
        text = strip_stacked_marks(text)
    text = unicodedata.normalize("NFKC" if evasions else "NFC", text)
    if evasions:  # before the markup: the tokens put in below are never rewritten
        text = undo_evasions(text, cfg.version)
    text = _DISCORD_EMOJI.sub(r" \1 ", text)
    text = _DISCORD_USER.sub(cfg.user_token, text)
    text = _DISCORD_CHANNEL.sub("#canal", text)
    text = _URL.sub(cfg.url_token, text)
    text = _HANDLE.sub(cfg.user_token, text)
    if not evasions:
        text = _strip_controls_and_zalgo(text)
    if cfg.max_repeat > 0:
        text = _REPEAT.sub(lambda m: m.group(1) * cfg.max_repeat, text)
    return _SPACE.sub(" ", text).strip()
