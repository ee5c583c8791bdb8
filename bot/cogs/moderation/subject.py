"""What is checked: a message (with what it forwards and its poll) or a thread's title."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime

import discord

from bot.core.policy import Action


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


@dataclass(frozen=True, slots=True)
class Subject:
    """One checked item, with what an alert and a hit row need to know about it.

    It is also all a retry needs: the backlog keeps subjects, never the Discord message (with its
    author, embeds and the message it replies to, tens of KiB), so waiting costs about its text.
    What follows from the ids (link, mention, time) is computed, not kept.
    """

    kind: str  # "message" | "thread title"
    id: int  # the message id; a thread's id (its starter message shares it)
    guild: discord.Guild
    channel: discord.abc.GuildChannel | discord.Thread
    author_id: int  # 0: unknown (a thread whose owner Discord did not say)
    text: str
    edited: bool = False
    author_role_ids: tuple[int, ...] = ()  # for exemptions, as they were when it was sent
    # the strongest action it allows: deleting a thread takes a whole conversation with it, so a
    # title is for moderators to judge (alerted, never deleted or timed out for)
    ceiling: Action = Action.TIMEOUT
    # the author's name as Discord gave it with the event (a member's nickname, else their display
    # name): recorded with the hit, so the dashboard names them without asking Discord
    author_name: str | None = None

    @classmethod
    def of_message(
        cls, message: discord.Message, *, edited: bool = False, text: str | None = None
    ) -> Subject:
        """``text``: the message's ``message_text``, where the caller built it already."""
        return cls(
            kind="message",
            id=message.id,
            guild=message.guild,
            channel=message.channel,
            author_id=message.author.id,
            text=message_text(message) if text is None else text,
            edited=edited,
            author_role_ids=tuple(r.id for r in getattr(message.author, "roles", ())),
            author_name=message.author.display_name,
        )

    @classmethod
    def of_thread(cls, thread: discord.Thread, *, edited: bool = False) -> Subject:
        return cls(
            kind="thread title",
            id=thread.id,
            guild=thread.guild,
            channel=thread,
            author_id=thread.owner_id or 0,
            text=thread.name,
            edited=edited,
            author_role_ids=tuple(r.id for r in getattr(thread.owner, "roles", ())),
            ceiling=Action.ALERT,
            author_name=thread.owner.display_name if thread.owner is not None else None,
        )

    @property
    def author_mention(self) -> str:
        return f"<@{self.author_id}>" if self.author_id else "unknown"

    @property
    def jump_url(self) -> str:
        # Discord's own links: a thread by its id in the guild, a message inside its channel
        if self.kind == "thread title":
            return f"https://discord.com/channels/{self.guild.id}/{self.id}"
        return f"https://discord.com/channels/{self.guild.id}/{self.channel.id}/{self.id}"

    @property
    def created_at(self) -> datetime:
        return discord.utils.snowflake_time(self.id)  # a snowflake carries its creation time

    def footprint(self) -> int:
        """Bytes it holds of its own (the guild and channel are Discord's cache, shared), with a
        backlog entry's bookkeeping: what ``BACKLOG_MAX_BYTES`` counts."""
        ints = 36 * (3 + len(self.author_role_ids))  # snowflakes are 36-byte ints
        own = sys.getsizeof(self) + sys.getsizeof(self.text) + sys.getsizeof(self.author_role_ids)
        own += sys.getsizeof(self.author_name) if self.author_name is not None else 0
        return ENTRY_OVERHEAD + own + ints


# a backlog entry around a subject and its two slots in the queue's ordered dict
ENTRY_OVERHEAD = 320
