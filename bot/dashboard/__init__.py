"""The web dashboard: ``python -m bot dashboard``.

Moderators log in with Discord, read the charts, work the review queue; admins change the
settings. It reads and writes through the bot's own ``Store`` (every change lands in the audit
trail, by the dashboard user), and runs without the gateway or the model:

- :mod:`bot.dashboard.settings`: ``DASHBOARD_*``, the OAuth2 client, the session secret
- :mod:`bot.dashboard.discord_api`: Discord's OAuth2 and REST endpoints (``DISCORD_API_BASE``)
- :mod:`bot.dashboard.access`: which guilds a user may open, and which channels they can read
- :mod:`bot.dashboard.shared`: what every handler shares, the app's lifespan state (``shared(request)``)
- :mod:`bot.dashboard.web`: sessions, CSRF, security headers, templates and their language
- :mod:`bot.dashboard.auth`: log in, log out, the language switch
- :mod:`bot.dashboard.pages`, :mod:`bot.dashboard.review`, :mod:`bot.dashboard.admin`: the pages
- :mod:`bot.dashboard.app`: the ASGI app, and ``serve``
"""
