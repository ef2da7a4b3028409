#!/usr/bin/env bash
# The main job: installs what it needs, builds the viewer and the npm package (release),
# checks the CLI on the bundled examples, then serves the viewer on 127.0.0.1 and prints its
# URL (Ctrl-C stops it).
#   scripts/run.sh            serve on 127.0.0.1:${PORT:-8080}
#   scripts/run.sh --check    build, serve on a free port, fetch the page once, stop (for CI)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

cargo build --release --locked -p wslens-cli
wslens=target/release/wslens
expect() {  # expect EXIT-CODE FILE: run the check and insist on its exit code
  local want=$1 file=$2 got=0
  "$wslens" check "$file" >/dev/null || got=$?
  [ "$got" -eq "$want" ] || { echo "run: expected exit $want from $file, got $got" >&2; exit 1; }
}
expect 0 examples/rfc6455-sample.txt
expect 1 examples/chromium-wrong-accept.txt
expect 1 examples/nginx-stripping-proxy.txt
echo "run: the CLI gave the expected verdicts on examples/"

scripts/build-viewer.sh dist

if [ "${1:-}" = "--check" ]; then
  node web/serve.mjs dist 0 >target/serve.log 2>&1 &
  pid=$!
  trap 'kill "$pid" 2>/dev/null || true' EXIT
  for _ in $(seq 50); do grep -q http target/serve.log 2>/dev/null && break; sleep 0.1; done
  url=$(grep -o 'http://127.0.0.1:[0-9]*/' target/serve.log)
  page=$(curl -sf "$url")
  grep -q 'wslens-viewer' <<<"$page" || { echo "run: $url did not serve the viewer" >&2; exit 1; }
  wasm=$(grep -o 'wslens-viewer[^"]*_bg.wasm' <<<"$page" | head -1)
  curl -sf -o /dev/null "$url$wasm" || { echo "run: $url$wasm is missing" >&2; exit 1; }
  for worker in wslens-worker_loader.js wslens-worker.js wslens-worker_bg.wasm; do
    curl -sf -o /dev/null "$url$worker" || { echo "run: $url$worker (the worker) is missing" >&2; exit 1; }
  done
  for element in index.js style.js wslens_element.js wslens_element_bg.wasm; do
    curl -sf -o /dev/null "${url}element/$element" || { echo "run: ${url}element/$element (the element) is missing" >&2; exit 1; }
  done
  echo "run: the viewer was served at $url"
  exit 0
fi
exec node web/serve.mjs dist "${PORT:-8080}"
