"""Text normalisation and the word lists the labels are computed from.

``swear`` and the benign side's ``insult`` mask come from these lists, not from hand marks, so a
sentence rewritten in chat register keeps the right flags.
"""

from __future__ import annotations

import re

from training.corpus.chat import strip_accents

# Obscene words, without accents. "pau" is left out: "pau de arara" is not swearing.
SWEARS = frozenset(
    {
        "porra",
        "poha",
        "caralho",
        "krl",
        "crl",
        "carai",
        "caraio",
        "merda",
        "merdas",
        "foda",
        "fodase",
        "foder",
        "fodido",
        "fodida",
        "fodam",
        "fode",
        "puta",
        "putas",
        "puto",
        "putaria",
        "pqp",
        "vsf",
        "vtnc",
        "tnc",
        "fdp",
        "cu",
        "bosta",
        "bostas",
        "buceta",
        "cacete",
        "arrombado",
        "arrombada",
        "arrombados",
        "cuzao",
    }
)
# Words that insult the person they are aimed at; on the benign side they only ever hit the hater.
INSULTS = frozenset(
    {
        "idiota",
        "idiotas",
        "imbecil",
        "imbecis",
        "babaca",
        "babacas",
        "otario",
        "otarios",
        "otaria",
        "escroto",
        "escrota",
        "cretino",
        "cretina",
        "palhaco",
        "trouxa",
        "energumeno",
        "arrombado",
    }
)

NON_WORD = re.compile(r"[^\w\s]|_", re.UNICODE)


def normalise(text: str) -> str:
    """Lower case, no accents, no punctuation or emoji, single spaces: the key texts are compared by."""
    return " ".join(NON_WORD.sub(" ", strip_accents(text.lower())).split())


def tokens(text: str) -> list[str]:
    return normalise(text).split()


def has_swear(text: str) -> bool:
    return any(t in SWEARS for t in tokens(text))


def has_insult(text: str) -> bool:
    return any(t in INSULTS for t in tokens(text))
