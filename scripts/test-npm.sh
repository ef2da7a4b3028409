#!/usr/bin/env bash
# Tests the npm package as a user installs it: builds the tarball (scripts/build-npm.sh),
# installs it into an empty temporary project, type-checks a consumer with `tsc --strict`,
# and runs the node:test suites of crates/wslens-wasm/tests/npm there (Node ESM and CommonJS,
# the browser ES module, an esbuild bundle and the element, in Debian's headless Chromium).
#   scripts/test-npm.sh [--no-build]      --no-build: use the tarball already in target/npm
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
[ "${1:-}" = "--no-build" ] || scripts/build-npm.sh
tarball=$(ls target/npm/wslens-*.tgz)
cargo build --release --locked -p wslens-cli 2>/dev/null  # the CLI the suites compare with, current

project=$(mktemp -d "${TMPDIR:-/tmp}/wslens-npm.XXXXXX")
[ -n "${WSLENS_KEEP:-}" ] && echo "test-npm: keeping $project" || trap 'rm -rf "$project"' EXIT
cp -r crates/wslens-wasm/tests/npm "$project/test"
(
  cd "$project"
  printf '{ "name": "wslens-consumer", "private": true, "type": "commonjs" }\n' >package.json
  npm install --no-audit --no-fund --silent "$root/$tarball"
  echo "test-npm: tsc --strict on a consumer"
  tsc -p test/tsconfig.json
  WSLENS_ROOT=$root WSLENS_BIN=$root/target/release/wslens \
    node --test --test-concurrency=1 test/
)
