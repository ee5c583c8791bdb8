"""A PNG of an embed and its buttons as Discord's dark theme shows them, without Discord.

For the README's screenshots and for looking at what the bot would post from a replay
(``python -m bot replay FILE --review-png out.png``): it draws the very ``discord.Embed`` and
buttons the cog builds, with mentions written as names. Markdown is reduced to plain text
(bold markers, code ticks and link targets dropped).
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

import discord

WIDTH_PX, DPI = 900, 100
BACKGROUND, CARD, TEXT, MUTED, LINK = "#313338", "#2b2d31", "#dbdee1", "#b5bac1", "#00a8fc"
BUTTON_COLOURS = {
    discord.ButtonStyle.danger: "#da373c",
    discord.ButtonStyle.secondary: "#4e5058",
    discord.ButtonStyle.primary: "#5865f2",
    discord.ButtonStyle.success: "#248046",
}
LINE_PX, CHARS_PER_LINE = 22, 92  # 13-point text at this width


def plain(text: str, names: Mapping[int, str], when: Callable[[datetime], str]) -> str:
    """Discord markup as a reader sees it: names for mentions, dates for timestamps, no markers."""
    # str(): a nickname read from an export can be a number ("1337")
    text = re.sub(r"<@&?(\d+)>", lambda m: "@" + str(names.get(int(m[1]), m[1])), text)
    text = re.sub(r"<#(\d+)>", lambda m: "#" + str(names.get(int(m[1]), m[1])), text)
    text = re.sub(r"<t:(\d+)(?::\w)?>", lambda m: when(datetime.fromtimestamp(int(m[1]), UTC)), text)
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    return text.replace("**", "").replace("`", "").replace("\\", "")


def embed_png(
    embed: discord.Embed,
    buttons: Sequence[discord.ui.Button] = (),
    *,
    names: Mapping[int, str] | None = None,
    when: Callable[[datetime], str] = lambda d: d.strftime("%d/%m/%Y %H:%M"),
) -> bytes:
    """The embed (title, description, fields three to a row when inline) and a row of buttons."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch

    names = names or {}
    d = embed.to_dict()

    def wrap(text: str, width: int = CHARS_PER_LINE) -> list[str]:
        out: list[str] = []
        for line in plain(text, names, when).splitlines() or [""]:
            out += textwrap.wrap(line, width) or [""]
        return out

    # lay out first (rows of (x, text, style)), then size the figure to fit
    rows: list[list[tuple[float, str, str]]] = []
    if d.get("title"):
        rows += [[(0, line, "title")] for line in wrap(d["title"], 70)] + [[]]
    if d.get("description"):
        rows += [[(0, line, "text")] for line in wrap(d["description"])] + [[]]
    fields = d.get("fields", [])
    i = 0
    while i < len(fields):
        group = [fields[i]]
        while (
            fields[i].get("inline") and len(group) < 3 and i + 1 < len(fields) and fields[i + 1].get("inline")
        ):
            i += 1
            group.append(fields[i])
        i += 1
        width = CHARS_PER_LINE // len(group) - 2

        def value_style(value: str) -> str:
            return "link" if re.fullmatch(r"\[[^\]]+\]\([^)]+\)", value.strip()) else "text"

        columns = [
            [("name", f["name"])] + [(value_style(f["value"]), v) for v in wrap(f["value"], width)]
            for f in group
        ]
        for k in range(max(len(c) for c in columns)):
            row = []
            for j, column in enumerate(columns):
                if k < len(column):
                    style, text = column[k]
                    row.append((j / len(group), plain(text, names, when) if style == "name" else text, style))
            rows.append(row)
        rows.append([])
    if d.get("timestamp"):
        rows.append([(0, when(datetime.fromisoformat(d["timestamp"])), "muted")])
    if d.get("footer", {}).get("text"):
        rows += [[(0, line, "muted")] for line in wrap(d["footer"]["text"])]

    card_h = (len(rows) + 1) * LINE_PX
    buttons_h = 56 * (len({b.row or 0 for b in buttons}) if buttons else 0)
    height = card_h + buttons_h + 40
    fig = Figure(figsize=(WIDTH_PX / DPI, height / DPI), dpi=DPI, facecolor=BACKGROUND)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, WIDTH_PX)
    ax.set_ylim(height, 0)
    ax.axis("off")
    left, top = 20, 20
    colour = f"#{d.get('color', 0x5865F2):06x}"
    ax.add_patch(
        FancyBboxPatch(
            (left, top),
            WIDTH_PX - 2 * left,
            card_h,
            boxstyle="round,pad=0,rounding_size=6",
            facecolor=CARD,
            edgecolor="none",
        )
    )
    ax.add_patch(
        FancyBboxPatch((left, top), 5, card_h, boxstyle="square,pad=0", facecolor=colour, edgecolor="none")
    )
    styles = {
        "title": dict(color="white", fontsize=15, fontweight="bold"),
        "name": dict(color="white", fontsize=12, fontweight="bold"),
        "text": dict(color=TEXT, fontsize=12),
        "link": dict(color=LINK, fontsize=12),
        "muted": dict(color=MUTED, fontsize=10),
    }
    inner = WIDTH_PX - 2 * left - 40
    y = top + LINE_PX
    for row in rows:
        for x, text, style in row:
            # parse_math off: members write "$5 e $10", which mathtext would try to typeset (and fail)
            ax.text(left + 20 + x * inner, y, text, va="center", ha="left", parse_math=False, **styles[style])
        y += LINE_PX
    y = top + card_h + 14
    by_row: dict[int, list[discord.ui.Button]] = {}
    for b in buttons:
        by_row.setdefault(b.row or 0, []).append(b)
    for _row, group in sorted(by_row.items()):
        x = left
        for b in group:
            w = 24 + 8.5 * len(b.label or "")
            ax.add_patch(
                FancyBboxPatch(
                    (x, y),
                    w,
                    36,
                    boxstyle="round,pad=0,rounding_size=4",
                    facecolor=BUTTON_COLOURS.get(b.style, "#4e5058"),
                    edgecolor="none",
                    alpha=0.5 if b.disabled else 1.0,
                )
            )
            ax.text(
                x + w / 2,
                y + 18,
                b.label or "",
                color="white",
                fontsize=12,
                ha="center",
                va="center",
                parse_math=False,
                alpha=0.6 if b.disabled else 1.0,
            )
            x += w + 10
        y += 48
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, facecolor=BACKGROUND)
    return buf.getvalue()
