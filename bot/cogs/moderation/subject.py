"""What is checked: a message (with what it forwards and its poll) or a thread's title."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import discord

from bot.policy import Action


def message_text(message: discord.Message) -> str:
    """Everything a member wrote in a message: its text, the messages it forwards, its poll."""
    parts = [message.content or ""]
    # a forward carries the original's text in a snapshot, with an empty content of its own
    parts += [snapshot.content or "" for snapshot in getattr(message, "message_snapshots", None) or ()]
    poll = getattr(message, "poll", None)
    if poll is not None:
        parts.append(str(poll.question or ""))
        parts += [answer.text or "" for answer in poll.answers]
    return "\n".join(part for part in parts if part.strip())


@dataclass(frozen=True)
class Subject:
    """One checked item, with what an alert and a hit row need to know about it."""

    kind: str  # "message" | "thread title"
    id: int  # the message id; a thread's id (its starter message shares it)
    guild: discord.Guild
    channel: discord.abc.GuildChannel | discord.Thread
    author_id: int
    author_mention: str
    jump_url: str
    created_at: datetime
    text: str
    edited: bool = False
    # the strongest action it allows: deleting a thread takes a whole conversation with it, so a
    # title is for moderators to judge (alerted, never deleted or timed out for)
    ceiling: Action = Action.TIMEOUT

    @classmethod
    def of_message(cls, message: discord.Message, *, edited: bool = False) -> Subject:
        return cls(
            kind="message",
            id=message.id,
            guild=message.guild,
            channel=message.channel,
            author_id=message.author.id,
            author_mention=message.author.mention,
            jump_url=message.jump_url,
            created_at=message.created_at,
            text=message_text(message),
            edited=edited,
        )

    @classmethod
    def of_thread(cls, thread: discord.Thread, *, edited: bool = False) -> Subject:
        return cls(
            kind="thread title",
            id=thread.id,
            guild=thread.guild,
            channel=thread,
            author_id=thread.owner_id or 0,
            author_mention=f"<@{thread.owner_id}>" if thread.owner_id else "unknown",
            jump_url=thread.jump_url,
            created_at=thread.created_at or discord.utils.utcnow(),
            text=thread.name,
            edited=edited,
            ceiling=Action.ALERT,
        )
