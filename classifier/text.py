"""Text normalisation shared by training and serving.

Training and the live bot must see text the same way, so both call :func:`normalize`
with the :class:`TextConfig` stored in the model directory.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass

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


@dataclass(frozen=True)
class TextConfig:
    """How raw text is rewritten before tokenisation; saved with every model."""

    user_token: str = "@user"  # OLID-BR writes "USER", ToLD-Br "@user"
    url_token: str = "URL"
    max_repeat: int = 3

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

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, object] | None) -> TextConfig:
        """From ``sentinela.json``; ``ValueError`` on a value of the wrong type or range."""
        if data is not None and not isinstance(data, dict):
            raise ValueError(f"text settings must be an object, got {type(data).__name__}")
        known = {k: v for k, v in (data or {}).items() if k in cls.__dataclass_fields__}
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


def normalize(text: str, config: TextConfig | None = None) -> str:
    """Rewrite ``text`` the way the model saw its training data.

    Mentions become the dataset's user token, URLs a URL token, custom emoji their name;
    control characters, zalgo marks and long character floods are trimmed; whitespace collapses.
    """
    cfg = config or TextConfig()
    text = unicodedata.normalize("NFC", text)
    text = _DISCORD_EMOJI.sub(r" \1 ", text)
    text = _DISCORD_USER.sub(cfg.user_token, text)
    text = _DISCORD_CHANNEL.sub("#canal", text)
    text = _URL.sub(cfg.url_token, text)
    text = _HANDLE.sub(cfg.user_token, text)
    text = _strip_controls_and_zalgo(text)
    if cfg.max_repeat > 0:
        text = _REPEAT.sub(lambda m: m.group(1) * cfg.max_repeat, text)
    return _SPACE.sub(" ", text).strip()
