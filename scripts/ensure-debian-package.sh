#!/usr/bin/env bash
# ensure-debian-package.sh PACKAGE BINARY: makes sure Debian's PACKAGE provides BINARY
# for the tests that need it (Chromium for the browser test in e2e/, poppler-utils'
# pdftoppm for the report PDF tests). Idempotent: does nothing when BINARY is there.
# Installs only Debian's package with apt-get; never downloads anything from elsewhere.
set -euo pipefail

PACKAGE=$1
BINARY=$2
say() { echo "ensure-debian-package ($PACKAGE): $*" >&2; }

if [ -x "$BINARY" ]; then
  exit 0
fi

say "$BINARY is missing; installing Debian's $PACKAGE package"

if [ "$(id -u)" -ne 0 ]; then
  say "not root, cannot install. Run as root: apt-get update && apt-get install -y $PACKAGE"
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  say "apt-get not found; install $PACKAGE so that $BINARY exists"
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if ! apt-get update -qq >/dev/null; then
  say "apt-get update failed; cannot install $PACKAGE"
  exit 1
fi
if ! apt-get install -y -qq "$PACKAGE" >/dev/null; then
  say "apt-get install $PACKAGE failed"
  exit 1
fi

if [ ! -x "$BINARY" ]; then
  say "$PACKAGE was installed but $BINARY does not exist"
  exit 1
fi
say "installed $BINARY"
