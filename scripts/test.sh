#!/usr/bin/env bash
# Every test wslens has, from a fresh clone: set-up, formatting and lints (the fuzz targets'
# too), the core's module layers, Rust tests, the core's wasm32 build and docs, the main job
# (CLI on the examples, release viewer and npm package built, viewer served), the single-file
# build, the viewer's tests in headless Chromium, and the npm package's tests from its
# installed tarball. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
step() { printf '\n==> %s\n' "$*"; }
step "cargo fmt --check";               cargo fmt --all -- --check && cargo fmt --manifest-path fuzz/Cargo.toml --all -- --check
step "the core's layers, no import loop"; python3 tools/layers/check.py
step "cargo clippy -D warnings";        cargo clippy --workspace --all-targets --locked -- -D warnings
step "the fuzz targets compile (clippy)"; CARGO_TARGET_DIR=target cargo clippy --manifest-path fuzz/Cargo.toml --bins --locked -- -D warnings
step "clippy, wasm crates on wasm32";   cargo clippy -p wslens-viewer -p wslens-worker -p wslens-element -p wslens-wasm --target wasm32-unknown-unknown --locked -- -D warnings
step "cargo test";                      cargo test --workspace --locked
step "wasm32 build of wslens-core";     cargo build -p wslens-core --target wasm32-unknown-unknown --locked
step "docs of wslens-core, the probe and the JS API"; RUSTDOCFLAGS=-Dwarnings cargo doc -p wslens-core -p wslens-probe -p wslens-wasm --no-deps --locked
step "the main job (scripts/run.sh)";   scripts/run.sh --check
step "the single-file viewer";          scripts/build-single.sh --no-build
step "viewer in headless Chromium";     WSLENS_DIST=dist WSLENS_BIN=target/release/wslens node --test --test-concurrency=1 web/tests/
step "npm package, installed";          scripts/test-npm.sh --no-build
printf '\nall checks passed\n'
