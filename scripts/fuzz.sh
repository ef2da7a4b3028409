#!/usr/bin/env bash
# Runs every cargo-fuzz target in turn for SECONDS each (default 60), seeded from the test
# fixtures, and prints how many inputs each tried. A crash stops with the input under
# fuzz/artifacts/<target>/: add it to crates/wslens-core/tests/regressions/ (the test suite
# replays that folder). Needs nightly (rustup's, as on this machine) and cargo-fuzz
# (`cargo install cargo-fuzz --locked`, which this script does when it is missing).
# Inputs grow up to MAX_LEN bytes (default 65536); a smaller bound (4096, libFuzzer's own
# default) runs several times more inputs a second on inputs the size of one handshake, but
# libFuzzer cuts longer seeds to it: keep 16384 or more for `har` (its fixtures reach 9.8 KB).
#   [MAX_LEN=N] scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$HOME/.cargo/bin:$PATH"
seconds=${1:-60}
max_len=${MAX_LEN:-65536}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(raw curl curl_command har pcap error structured inspect_never_panics probe_response redact consistency)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
cd fuzz
# Safe Rust needs no address sanitizer (the core forbids unsafe code); debug assertions stay
# on, so an arithmetic overflow is a crash too.
flags=(-O -a --sanitizer none)
cargo +nightly fuzz build "${flags[@]}" >/dev/null 2>&1 || cargo +nightly fuzz build "${flags[@]}"
printf '%-22s %12s %10s %s\n' target runs seconds result
for target in "${targets[@]}"; do
  corpus=corpus/$target
  if [ ! -d "$corpus" ]; then
    mkdir -p "$corpus"
    # Seeds: every fixture, and (for the text readers) the examples.
    find "$root/crates/wslens-core/tests/fixtures" "$root/examples" -type f \
      \( -name '*.txt' -o -name '*.json' -o -name '*.pcap' -o -name '*.pcapng' \) -exec cp {} "$corpus/" \;
  fi
  log=$(mktemp)
  status=ok
  cargo +nightly fuzz run "${flags[@]}" "$target" "$corpus" -- -max_total_time="$seconds" -max_len="$max_len" \
    -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1 || status="CRASH (see fuzz/artifacts/$target/)"
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
  printf '%-22s %12s %10s %s\n' "$target" "${runs:-?}" "${took:-$seconds}" "$status"
  [ "$status" = ok ] || { tail -40 "$log"; exit 1; }
  rm -f "$log"
done
