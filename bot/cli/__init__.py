"""``python -m bot``: the parser and dispatch (``main``), the bot process and its commands
(``run``), the standalone sharded bot (``app``)."""
