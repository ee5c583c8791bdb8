"""Chat register: the same sentence as different people would type it on Discord or Twitter.

Both sides go through the same transforms with the same odds, so spelling, accents, "kkkk" or
CAPS never tell hate from benign; only the few emojis below lean one way, as they do in real chat.
Swear words and group words are never misspelt, so the ``swear`` flag and the group stay exact.
"""

from __future__ import annotations

import random
import re
import unicodedata

ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "você": ("vc", "vc", "cê", "voce"), "vocês": ("vcs", "voces"), "porque": ("pq", "pq", "porq"),
    "também": ("tb", "tbm", "tambem"), "que": ("q", "q", "qe"), "não": ("n", "nao", "nao", "ñ"),
    "está": ("tá", "ta"), "estão": ("tão", "tao"), "estou": ("tô", "to"), "estava": ("tava",),
    "muito": ("mt", "mto", "mt"), "muita": ("mta",), "hoje": ("hj",), "mesmo": ("msm",),
    "qualquer": ("qlq", "qualqr"), "depois": ("dps",), "agora": ("agr",), "quando": ("qnd", "qdo"),
    "verdade": ("vdd",), "demais": ("dms", "demaaais"), "comigo": ("cmg",), "aqui": ("aq",),
    "tudo": ("td",), "né": ("ne", "neh"), "gente": ("gnt", "gente"), "nada": ("nd",),
    "tá": ("ta",), "tô": ("to",), "pra": ("p", "pra", "pa"), "vamos": ("vamo",),
    "então": ("ent", "entao"), "beleza": ("blz",), "sério": ("serio", "sériooo"),
    "mano": ("mn", "manoo"), "alguém": ("alguem", "algm"),
    "ninguém": ("ninguem", "ngm"),
    "porra": ("poha", "porra"), "caralho": ("krl", "crl", "caralho"), "por que": ("pq",),
}
PREFIXES = (
    "mano", "cara", "gente", "slc", "pô", "tipo", "véi", "mds", "aff", "ué", "olha",
    "oxe", "bicho", "então", "vish", "sério", "na moral", "papo reto", "real", "bom", "enfim",
    "fala sério", "e outra", "ah", "tlgd", "vei", "poxa",
)
SWEAR_PREFIXES = ("pqp", "porra", "caralho", "puta merda")
SUFFIXES = (
    "kkkk", "kkkkkk", "kkkkkkkkk", "KKKKKK", "rs", "rsrs", "hahaha", "né", "tlgd", "affs", "mds",
    "pô", "mano", "viu", "enfim", "ksksks",
)
LAUGHS = ("😂", "🤣", "💀", "😅")
EMOJIS = ("👀", "😬", "🤔", "😭", "🙄")
# emojis that lean one way in real chat, but only lean: each also lands on the other side, 30 %
EMOJIS_BY_SIDE = {True: ("🤮", "😡", "🤬", "🤡"), False: ("❤️", "🙏", "👏", "🥰")}
LAUGH = re.compile(r"^(k+|K+|rs(rs)*|(ha)+|(ks)+)$")

WORD = re.compile(r"\w+(?:-\w+)*", re.UNICODE)


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def abbreviate(text: str, odds: float, rng: random.Random) -> str:
    text = re.sub(r"\bpor que\b", lambda m: "pq" if rng.random() < odds else m.group(0), text)
    def swap(m: re.Match[str]) -> str:
        word = m.group(0)
        forms = ABBREVIATIONS.get(word.lower())
        return rng.choice(forms) if forms and rng.random() < odds else word
    return WORD.sub(swap, text)


def typo(text: str, protected: set[str], rng: random.Random) -> str:
    """One slip of the finger in one longer word: two letters swapped, one dropped or doubled.

    A slip that lands on a protected word ("perto" -> "preto") is not made.
    """
    spans = [
        m.span() for m in WORD.finditer(text)
        if len(w := m.group(0)) >= 5 and w.isalpha() and strip_accents(w.lower()) not in protected
    ]
    if not spans:
        return text
    start, end = rng.choice(spans)
    word = text[start:end]
    i = rng.randrange(1, len(word) - 1)
    op = rng.randrange(3)
    if op == 0:
        word = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    elif op == 1:
        word = word[:i] + word[i + 1:]
    else:
        word = word[:i] + word[i] + word[i:]
    if strip_accents(word.lower()) in protected:
        return text
    return text[:start] + word + text[end:]


def capitalise(text: str) -> str:
    for i, c in enumerate(text):
        if c.isalpha():
            return text[:i] + c.upper() + text[i + 1:]
    return text


def chatify(
    text: str, hateful: bool, protected: set[str], rng: random.Random, framed: bool = True, laugh: bool = True
) -> str:
    """Restyle one sentence in a register drawn at random: tidy, casual or sloppy.

    ``framed=False`` (a headline pasted into chat) keeps it free of interjections; ``laugh=False``
    (a report, counter-speech, negated hate) free of laughter, which would read as laughing along.
    """
    register = rng.choices(("tidy", "casual", "sloppy"), weights=(25, 50, 25))[0]
    odds = {"tidy": 0.04, "casual": 0.3, "sloppy": 0.75}[register]
    text = abbreviate(text, odds, rng)
    if register == "sloppy":
        if rng.random() < 0.6:
            text = strip_accents(text)
        if rng.random() < 0.5:
            text = text.replace(",", "")
    if rng.random() < {"tidy": 0.03, "casual": 0.1, "sloppy": 0.3}[register]:
        text = typo(text, protected, rng)
    if framed and register != "tidy" and rng.random() < 0.15:
        text = f"{rng.choice(PREFIXES)}{rng.choice((', ', ' '))}{text}"
    elif framed and rng.random() < 0.03:
        text = f"{rng.choice(SWEAR_PREFIXES)}, {text}"
    ends_chatty = re.search(r"(k{3,}|\b(né|hein|sério|mano|viu|rs))\W*$", text, re.I)
    if framed and register != "tidy" and rng.random() < 0.16 and not ends_chatty:
        suffixes = [s for s in SUFFIXES if laugh or not LAUGH.match(s)]
        text = f"{text.rstrip('.')} {rng.choice(suffixes)}"
    if rng.random() < 0.06:
        roll = rng.random()
        if roll < 0.4:
            pool = EMOJIS + (LAUGHS if laugh else ())
        else:
            pool = EMOJIS_BY_SIDE[hateful if roll < 0.76 else not hateful]
        text = f"{text} {rng.choice(pool) * rng.choice((1, 1, 2, 3))}"
    if register == "tidy":
        text = capitalise(text)
        if text[-1].isalnum() and rng.random() < 0.6:
            text += "."
    else:
        text = text.rstrip(".") if rng.random() < 0.8 else text
        if rng.random() < 0.05:  # a question stays a question
            ends = ("??", "?!", "???") if text.endswith("?") else ("!!", "!!!", "...")
            text = text.rstrip("?!") + rng.choice(ends)
    if rng.random() < 0.035:
        text = text.upper()
    return text
