#!/usr/bin/env bash
# The dashboard's browser tests drive a real headless Chromium (Debian's package) with Playwright;
# install it when missing. CHROMIUM may name another binary.
set -euo pipefail
if [ -n "${CHROMIUM:-}" ] && [ -x "$CHROMIUM" ]; then exit 0; fi
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then exit 0; fi
exec "$(dirname "$0")/apt-install.sh" chromium Chromium "set CHROMIUM to a Chromium binary"
