#!/usr/bin/env bash
# Installs what building and testing wslens needs on a fresh machine of this kind
# (Debian, Rust by rustup). Idempotent: takes well under a second when all is present.
set -euo pipefail
export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo >/dev/null || { echo "setup: cargo not found; install Rust with rustup first" >&2; exit 1; }
installed=$(rustup component list --installed 2>/dev/null || true)
grep -q '^rustfmt' <<<"$installed" || rustup component add rustfmt
grep -q '^clippy' <<<"$installed" || rustup component add clippy
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
