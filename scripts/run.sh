#!/usr/bin/env bash
# The main job: builds the wslens CLI and checks the bundled examples with it.
# (Once the viewer lands, this builds and serves the viewer instead.)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --locked -p wslens-cli
wslens=target/release/wslens
expect() {  # expect EXIT-CODE FILE: run the check and insist on its exit code
  local want=$1 file=$2 got=0
  echo "\$ wslens check $file"
  "$wslens" check "$file" || got=$?
  [ "$got" -eq "$want" ] || { echo "run: expected exit $want from $file, got $got" >&2; exit 1; }
}
expect 0 examples/rfc6455-sample.txt
expect 1 examples/chromium-wrong-accept.txt
expect 1 examples/nginx-stripping-proxy.txt
echo "run: the examples gave the expected verdicts"
