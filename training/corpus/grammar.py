"""Frames and their filling: agreement of articles, pronouns and endings with the chosen noun.

A frame is a ``str.format`` template. The noun it is about (``{G}`` a plural, ``{g}`` a singular,
``{c}`` a collective, ``{person}`` someone described by ``{d}``, ``{me}`` the speaker) is its
head, and the gendered words take the head's gender: ``{os} {G} são tod{a}s`` gives
"as mulheres são todas" and "os judeus são todos". ``{S}`` is a slur with its own gender
(``{Sesses}``), ``{P}`` a group-specific predicate, ``{F}`` a group-specific fact.
"""

from __future__ import annotations

import hashlib
import string
from dataclasses import dataclass

from training.corpus.groups import Group, Noun

# field -> (masculine, feminine)
GENDERED: dict[str, tuple[str, str]] = {
    "os": ("os", "as"), "dos": ("dos", "das"), "nos": ("nos", "nas"), "aos": ("aos", "às"),
    "pelos": ("pelos", "pelas"), "pros": ("pros", "pras"), "esses": ("esses", "essas"),
    "desses": ("desses", "dessas"), "nesses": ("nesses", "nessas"), "todos": ("todos", "todas"),
    "eles": ("eles", "elas"), "deles": ("deles", "delas"), "uns": ("uns", "umas"),
    "neles": ("neles", "nelas"),
    "alguns": ("alguns", "algumas"), "muitos": ("muitos", "muitas"), "varios": ("vários", "várias"),
    "nenhum": ("nenhum", "nenhuma"), "a": ("o", "a"), "o": ("o", "a"), "do": ("do", "da"),
    "no": ("no", "na"), "ao": ("ao", "à"), "pelo": ("pelo", "pela"), "pro": ("pro", "pra"),
    "esse": ("esse", "essa"), "desse": ("desse", "dessa"), "um": ("um", "uma"), "todo": ("todo", "toda"),
    "ele": ("ele", "ela"), "dele": ("dele", "dela"), "muito": ("muito", "muita"),
}
SLUR_FIELDS = {"Sos": "os", "Sesses": "esses", "Sa": "a", "Suns": "uns"}

# People a speaker talks about in everyday frames, each with the gender its words take.
PEOPLE: tuple[Noun, ...] = tuple(
    Noun(t, fem)
    for t, fem in (
        ("o vizinho do 302", False), ("minha vizinha", True), ("meu colega de trampo", False),
        ("minha colega de sala", True), ("meu chefe", False), ("minha chefe", True),
        ("meu professor de química", False), ("minha professora de inglês", True), ("meu cunhado", False),
        ("minha cunhada", True), ("meu melhor amigo", False), ("minha melhor amiga", True),
        ("o cara da padaria", False), ("a moça do caixa", True), ("meu primo", False), ("minha prima", True),
        ("meu duo do lol", False), ("minha dupla do valorant", True), ("o estagiário novo", False),
        ("a estagiária nova", True), ("meu sogro", False), ("minha sogra", True), ("meu dentista", False),
        ("a síndica do prédio", True), ("o mod novo do server", False), ("a mina do andar de cima", True),
    )
)


@dataclass(frozen=True)
class Frame:
    """A sentence frame: a stable id, the kind of statement, the template and the groups it fits."""

    id: str
    kind: str
    text: str
    only: frozenset[str] = frozenset()  # group keys or tags; empty: any group
    skip: frozenset[str] = frozenset()

    def fits(self, group: Group) -> bool:
        marks = group.tags | {group.key}
        return (not self.only or bool(self.only & marks)) and not self.skip & marks

    @property
    def fields(self) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(self.text) if name}


def short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:7]


def frames(side: str, kind: str, block: str) -> list[Frame]:
    """One frame per non-empty line; ``|| +tag -key`` after a line restricts the groups it fits.

    Ids hash the template, so reordering or adding lines never renames another frame.
    """
    out = []
    for raw in block.strip().splitlines():
        text, _, opts = raw.strip().partition("||")
        text = text.strip()
        if not text:
            continue
        marks = opts.split()
        only = frozenset(o[1:] for o in marks if o.startswith("+"))
        skip = frozenset(o[1:] for o in marks if o.startswith("-"))
        out.append(Frame(f"{side}.{kind}.{short_hash(text)}", kind, text, only, skip))
    return out


def gendered(fem: bool) -> dict[str, str]:
    return {name: forms[fem] for name, forms in GENDERED.items()}


def fill(template: str, head: Noun | None, values: dict[str, str], slur: Noun | None = None) -> str:
    """Fill a template; ``values`` gives the nouns and phrases, the head's gender the rest.

    A predicate or fact may hold gendered fields itself, so values are filled first.
    """
    words = gendered(head.fem) if head else {}
    if slur is not None:
        words.update({"S": slur.text}, **{k: GENDERED[v][slur.fem] for k, v in SLUR_FIELDS.items()})
    words.update({k: v.format(**words) if "{" in v else v for k, v in values.items()})
    return template.format(**words)


# Short codes for the kinds of hand-written sentences ("st| todo mundo sabe que ...").
KINDS: dict[str, str] = {
    "dx": "derogation_explicit", "di": "derogation_implicit", "st": "stereotype", "dh": "dehumanisation",
    "th": "threat", "ex": "exclusion", "hq": "hate_question", "ho": "hate_opinion", "hj": "hate_joke",
    "sl": "slur", "nf": "neutral_fact", "pr": "praise", "cs": "counter_speech", "rp": "report",
    "ng": "negated_hate", "ev": "everyday", "id": "identity_self", "cq": "curious_question", "nw": "news",
}


def written(block: str) -> list[tuple[str, str]]:
    """Hand-written whole sentences, one per line as ``code| text``: (kind, text) pairs."""
    out = []
    for raw in block.strip().splitlines():
        code, sep, text = raw.partition("|")
        if not sep or code.strip() not in KINDS:
            raise ValueError(f"bad hand-written line: {raw!r}")
        out.append((KINDS[code.strip()], text.strip()))
    return out
