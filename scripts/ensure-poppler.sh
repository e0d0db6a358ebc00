#!/usr/bin/env bash
# Makes sure poppler-utils' pdftoppm is at /usr/bin/pdftoppm for the report PDF tests
# (backend/reports/*pdf*.test.ts render PDFs to PNG). Idempotent: does nothing when it is
# already there. Installs only Debian's package
# with apt-get; never downloads anything from elsewhere.
set -euo pipefail

PDFTOPPM=/usr/bin/pdftoppm

if [ -x "$PDFTOPPM" ]; then
  exit 0
fi

echo "ensure-poppler: $PDFTOPPM is missing; installing Debian's poppler-utils package" >&2

if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-poppler: not root, cannot install. Run as root: apt-get update && apt-get install -y poppler-utils" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-poppler: apt-get not found; install poppler-utils so that $PDFTOPPM exists" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if ! apt-get update -qq >/dev/null; then
  echo "ensure-poppler: apt-get update failed; cannot install poppler-utils" >&2
  exit 1
fi
if ! apt-get install -y -qq poppler-utils >/dev/null; then
  echo "ensure-poppler: apt-get install poppler-utils failed" >&2
  exit 1
fi

if [ ! -x "$PDFTOPPM" ]; then
  echo "ensure-poppler: poppler-utils was installed but $PDFTOPPM does not exist" >&2
  exit 1
fi
echo "ensure-poppler: installed $("$PDFTOPPM" -v 2>&1 | head -1)" >&2
