#!/usr/bin/env bash
# The test suite runs every storage and bot test on PostgreSQL too: it starts its own throwaway
# server (tests/pgserver.py) from Debian's postgresql binaries. Install them when missing.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then
    exit 0
fi
if [ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/initdb" ]; then
    exit 0
fi
exec "$(dirname "$0")/apt-install.sh" postgresql PostgreSQL "set PG_BINDIR to a directory with initdb and pg_ctl"
