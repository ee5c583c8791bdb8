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
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "error: PostgreSQL is not installed and I cannot install it (not root, no sudo):" \
             "apt-get install postgresql, or set PG_BINDIR to a directory with initdb and pg_ctl" >&2
        exit 1
    fi
fi
echo "installing PostgreSQL (Debian's postgresql package) for the tests..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
