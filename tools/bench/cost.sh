#!/usr/bin/env bash
# The machine-independent cost of one `inspect` on the recorded 760-byte Chromium exchange:
# instructions (callgrind: a run of 101 calls minus a run of 1, over 100) and allocations
# (examples/cost.rs counts them). For docs/performance.md; needs valgrind (apt).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --locked -p wslens-core --example cost 2>/dev/null
bin=target/release/examples/cost
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
collected() { valgrind --tool=callgrind --callgrind-out-file="$out/$1" "$bin" "$1" 2>&1 | sed -n 's/.*Collected : //p'; }
one=$(collected 1)
many=$(collected 101)
echo "instructions per call: $(( (many - one) / 100 ))"
"$bin" 1000
