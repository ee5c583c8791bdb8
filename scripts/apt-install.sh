#!/usr/bin/env bash
# apt-install.sh PACKAGE WHAT ALTERNATIVE: install a Debian package the tests need, as root or
# through sudo; otherwise say what to do instead (ALTERNATIVE) and fail.
set -euo pipefail
package="$1" what="$2" alternative="$3"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "error: $what is not installed and I cannot install it (not root, no sudo):" \
             "apt-get install $package, or $alternative" >&2
        exit 1
    fi
fi
echo "installing $what (Debian's $package package) for the tests..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$package" >/dev/null
