#!/usr/bin/env bash
# Builds the release viewer into dist/ (or $1) offline, with the tools scripts/setup.sh
# installed: Trunk, wasm-bindgen-cli and npm's wasm-opt. The <wslens-handshake> element is
# copied in from the npm package (scripts/build-npm.sh builds it), as dist/element/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
dist=${1:-dist}
cargo fetch --locked >/dev/null
trunk build --release --offline --skip-version-check --dist "$dist"
scripts/build-npm.sh >/dev/null
rm -rf "$dist/element" && cp -r target/npm/package/element "$dist/element"
