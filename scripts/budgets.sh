#!/usr/bin/env bash
# Measures the viewer's size and speed budgets on a fresh release build and prints the
# README's table. Not part of the tests: timings depend on the machine's load.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build-viewer.sh dist
node web/budgets.mjs dist
