"""Operations: how the bot process runs and survives outages.

``config`` (the process's settings), ``health`` (``/healthz`` and Prometheus metrics),
``shutdown`` (SIGTERM and SIGINT), ``backlog`` (messages waiting for the classifier or the
database), ``expiring`` (the one expiring cache).
"""
