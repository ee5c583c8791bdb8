"""The moderation core: what is decided, with no Discord, no web and no process around it.

``policy`` (scores + a guild's configuration -> actions), ``assess`` (one scored text through
the policy, asking the store only for what a decision needs), ``setting_kinds`` (what an admin
can change, parsed once), ``turns`` (one author's messages decided in order), ``permissions``
(who may read what, from permission bits), ``advice`` and ``feedback`` (what the reviews say).
"""
