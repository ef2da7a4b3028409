#!/usr/bin/env bash
# The size report: every artefact wslens ships, gzip -9, against its budget (docs/performance.md
# has the latest table). Builds what it measures: the viewer (dist/), the npm package, the
# JS API without the pcap reader, and the single file. Not a test: a report.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
scripts/setup.sh >/dev/null
scripts/build-viewer.sh dist >/dev/null
scripts/build-single.sh --no-build >/dev/null
# The API without the pcap reader, for its own budget.
out=target/sizes/no-pcap
rm -rf "$out" && mkdir -p "$out"
cargo build --locked --target wasm32-unknown-unknown --profile wasm-small -p wslens-wasm --no-default-features 2>/dev/null
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name wslens target/wasm32-unknown-unknown/wasm-small/wslens_wasm.wasm
wasm-opt -Oz --strip-debug --strip-producers -o "$out/wslens_bg.wasm" "$out/wslens_bg.wasm"
# Put the package's own build back (the line above replaced the pcap build's wasm).
scripts/build-npm.sh >/dev/null
node scripts/sizes.mjs
