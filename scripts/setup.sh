#!/usr/bin/env bash
# Installs what building and testing wslens needs on a fresh machine of this kind (Debian,
# Rust by rustup, Node with npm; registries only, no GitHub). Idempotent: a second run only
# checks versions. The first run pays about 20 minutes for Trunk and wasm-bindgen-cli
# (cargo install; see ../shared/TOOLCHAIN.md for why these exact commands).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
say() { printf 'setup: %s\n' "$*"; }
command -v cargo >/dev/null || { echo "setup: cargo not found; install Rust with rustup first" >&2; exit 1; }
command -v npm >/dev/null || { echo "setup: npm not found; install Node 20 with npm first" >&2; exit 1; }

installed=$(rustup component list --installed 2>/dev/null || true)
grep -q '^rustfmt' <<<"$installed" || rustup component add rustfmt
grep -q '^clippy' <<<"$installed" || rustup component add clippy
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock, or Trunk tries GitHub.
WASM_BINDGEN=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN (about 5 minutes)"
  # Not --locked: its lockfile pins a webpki-roots the reachable index lacks (TOOLCHAIN.md).
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN" --force
fi
if [ "$(trunk --version 2>/dev/null)" != "trunk 0.22.1" ]; then
  say "installing trunk 0.22.1 (about 15 minutes)"
  # 0.22.1 declares rust-version 1.96.1 but builds with 1.95.
  cargo install trunk --version 0.22.1 --locked --ignore-rust-version --force
fi

# npm: wasm-opt (binaryen 132; Debian's 108 cannot read this wasm), playwright-core, axe-core.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

# Python packages for the probe's tests (crates/wslens-cli/tests/probe.rs): Python websockets,
# the real server the fixtures were recorded against, and proxy.py, a real HTTP CONNECT proxy.
if ! python3 -c 'import sys, websockets, proxy; sys.exit(websockets.__version__ != "17.4")' 2>/dev/null; then
  say "pip install websockets 17.4 and proxy.py 2.4.10"
  pip_install() { python3 -m pip install --quiet --disable-pip-version-check "$@" 'websockets==17.4' 'proxy.py==2.4.10'; }
  # A Debian-managed Python refuses system-wide installs (PEP 668); then install for this user.
  pip_install 2>/dev/null || pip_install --user --break-system-packages
fi

# The browser for the viewer's tests: Debian's chromium (Playwright downloads nothing).
if ! command -v chromium >/dev/null; then
  say "installing chromium from apt"
  sudo_=""; [ "$(id -u)" -eq 0 ] || sudo_="sudo"
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq chromium
fi

# nginx for the probe's tests through a proxy (the tests start it on 127.0.0.1 with their own
# configuration; the package's own service is not used).
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  say "installing nginx from apt"
  sudo_=""; [ "$(id -u)" -eq 0 ] || sudo_="sudo"
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq nginx
fi
