"""Buttons attached to one ephemeral reply: they expire, and say so."""

from __future__ import annotations

import logging

import discord

log = logging.getLogger(__name__)
# Discord lets a bot edit its reply for 15 minutes after the command: the buttons are disabled
# just before, while the reply can still be edited to show it
EXPIRY_S = 14 * 60


class ExpiringView(discord.ui.View):
    """A view whose buttons are greyed out on the reply when it times out."""

    def __init__(self) -> None:
        super().__init__(timeout=EXPIRY_S)
        self.origin: discord.Interaction | None = None  # the command this view answers

    async def on_timeout(self) -> None:
        for item in self.children:
            item.disabled = True  # type: ignore[attr-defined]
        if self.origin is None:
            return
        try:
            await self.origin.edit_original_response(view=self)
        except discord.HTTPException as e:  # the reply was dismissed, or Discord is down
            log.debug("could not disable expired buttons: %s", e)
