#!/usr/bin/env bash
# Builds the release viewer into dist/ (or $1) offline, with the tools scripts/setup.sh
# installed: Trunk, wasm-bindgen-cli and npm's wasm-opt.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
dist=${1:-dist}
cargo fetch --locked >/dev/null
trunk build --release --offline --skip-version-check --dist "$dist"
