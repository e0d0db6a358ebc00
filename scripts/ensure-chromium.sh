#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the dashboard's browser tests
# (e2e/). Idempotent: does nothing when it is already there. Installs only Debian's package
# with apt-get; never downloads a browser from anywhere else.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

echo "ensure-chromium: $CHROMIUM is missing; installing Debian's chromium package" >&2

if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-chromium: not root, cannot install. Run as root: apt-get update && apt-get install -y chromium" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: apt-get not found; install Chromium so that $CHROMIUM exists" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if ! apt-get update -qq >/dev/null; then
  echo "ensure-chromium: apt-get update failed; cannot install chromium" >&2
  exit 1
fi
if ! apt-get install -y -qq chromium >/dev/null; then
  echo "ensure-chromium: apt-get install chromium failed" >&2
  exit 1
fi

if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: chromium was installed but $CHROMIUM does not exist" >&2
  exit 1
fi
echo "ensure-chromium: installed $("$CHROMIUM" --version 2>/dev/null || echo chromium)" >&2
