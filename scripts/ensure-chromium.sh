#!/usr/bin/env bash
# The dashboard's browser tests drive a real headless Chromium (Debian's package) with Playwright;
# install it when missing. CHROMIUM may name another binary.
set -euo pipefail
if [ -n "${CHROMIUM:-}" ] && [ -x "$CHROMIUM" ]; then exit 0; fi
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "error: Chromium is not installed and I cannot install it (not root, no sudo):" \
             "apt-get install chromium, or set CHROMIUM to a Chromium binary" >&2
        exit 1
    fi
fi
echo "installing Chromium (Debian's chromium package) for the dashboard's browser tests..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
