#!/usr/bin/env bash
# Builds the release viewer into dist/ (or $1) offline, with the tools scripts/setup.sh
# installed: Trunk, wasm-bindgen-cli and npm's wasm-opt. The <wslens-handshake> element is
# copied in from the npm package (scripts/build-npm.sh builds it), as dist/element/; then
# scripts/stamp-build.mjs moves Trunk's inline loader to a file and stamps the build's id.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
dist=${1:-dist}
cargo fetch --locked >/dev/null
trunk build --release --offline --skip-version-check --dist "$dist"
scripts/build-npm.sh >/dev/null
rm -rf "$dist/element" && cp -r target/npm/package/element "$dist/element"
# The loader out of line (CSP), and the build's id in the page and the offline cache.
node scripts/stamp-build.mjs "$dist" >/dev/null
