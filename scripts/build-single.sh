#!/usr/bin/env bash
# Builds the viewer (release) and writes it as one self-contained HTML file,
# target/single/wslens.html, that works when opened from file:// with the network off.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${1:-}" = "--no-build" ] || scripts/build-viewer.sh dist
node scripts/single.mjs dist target/single/wslens.html
