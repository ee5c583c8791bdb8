"""Who can read which channel: one rule for the cog and the dashboard, from permission bits."""

from __future__ import annotations

import discord

from bot.core.permissions import Overwrite, Place, readable_channels

GUILD, MEMBER, MOD_ROLE = 1, 50, 7
READ = discord.Permissions(read_messages=True).value
MANAGE_THREADS = discord.Permissions(manage_threads=True).value
MODERATOR = discord.Permissions(read_messages=True, manage_messages=True)


def readable(base: discord.Permissions, places: list[Place], roles=(MOD_ROLE,)) -> frozenset[int] | None:
    return readable_channels(base, GUILD, MEMBER, roles, places)


def test_overwrites_hide_and_show_channels_in_discords_order():
    hidden = Place(10, (Overwrite(GUILD, 0, 0, READ),))  # @everyone denied
    shown_to_role = Place(11, (Overwrite(GUILD, 0, 0, READ), Overwrite(MOD_ROLE, 0, READ, 0)))
    hidden_from_member = Place(12, (Overwrite(MOD_ROLE, 0, READ, 0), Overwrite(MEMBER, 1, 0, READ)))
    open_channel = Place(13)
    assert readable(MODERATOR, [hidden, shown_to_role, hidden_from_member, open_channel]) == {11, 13}


def test_everyones_role_among_the_members_roles_counts_once():
    # the gateway lists @everyone (the guild's id) among a member's roles; the REST API does not
    everyone_allows_role_denies = Place(10, (Overwrite(GUILD, 0, READ, 0), Overwrite(MOD_ROLE, 0, 0, READ)))
    assert readable(MODERATOR, [everyone_allows_role_denies], roles=(GUILD, MOD_ROLE)) == frozenset()
    assert readable(MODERATOR, [everyone_allows_role_denies], roles=(MOD_ROLE,)) == frozenset()


def test_a_thread_is_read_through_its_channel_and_a_private_one_by_who_manages_threads():
    channel = Place(10)
    hidden = Place(11, (Overwrite(GUILD, 0, 0, READ),))
    public, private = Place(20, thread_of=10), Place(21, thread_of=10, private=True)
    in_hidden, orphan = Place(22, thread_of=11), Place(23, thread_of=0)
    places = [channel, hidden, public, private, in_hidden, orphan]
    assert readable(MODERATOR, places) == {10, 20}
    manager = discord.Permissions(MODERATOR.value | MANAGE_THREADS)
    assert readable(manager, places) == {10, 20, 21}


def test_an_administrator_reads_everything():
    hidden = Place(10, (Overwrite(GUILD, 0, 0, READ),))
    assert readable(discord.Permissions(administrator=True), [hidden]) is None
