#!/usr/bin/env bash
# Builds the npm package `wslens` and packs it: target/npm/wslens-<version>.tgz.
# The JS API's wasm (crates/wslens-wasm) is built once per target with the wasm-bindgen CLI
# that scripts/setup.sh installed (Node: CommonJS, loaded synchronously; browsers and
# bundlers: an ES module that finds its .wasm by import.meta.url), the element's wasm
# (web/element) for browsers; npm's wasm-opt shrinks each. Never wasm-pack: it downloads.
#   scripts/build-npm.sh [--no-pcap]     --no-pcap: the API without the pcap reader
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
features=()
[ "${1:-}" = "--no-pcap" ] && features=(--no-default-features)

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
out=target/npm
stage=$out/package
wasm_dir=target/wasm32-unknown-unknown
rm -rf "$stage" && mkdir -p "$stage"

cargo build --locked --target wasm32-unknown-unknown --profile wasm-small -p wslens-wasm "${features[@]}"
cargo build --locked --target wasm32-unknown-unknown --profile wasm-small -p wslens-element

bindgen() {  # bindgen TARGET OUT-DIR NAME WASM: the glue; the wasm is the same for every target
  wasm-bindgen --target "$1" --no-typescript --out-dir "$2" --out-name "$3" "$4"
}
# One wasm serves every entry: the web glue (an ES module that fetches it by URL, from its
# own folder) and the nodejs glue (CommonJS, reading it synchronously) differ only in how
# they load it, so the nodejs glue is pointed at web/.
bindgen web "$stage/web" wslens "$wasm_dir/wasm-small/wslens_wasm.wasm"
bindgen nodejs "$stage/node" wslens "$wasm_dir/wasm-small/wslens_wasm.wasm"
rm "$stage/node/wslens_bg.wasm"
# shellcheck disable=SC2016  # the glue's own template literal
sed 's#`${__dirname}/wslens_bg.wasm`#`${__dirname}/../web/wslens_bg.wasm`#' "$stage/node/wslens.js" >"$stage/node/wslens.cjs"
rm "$stage/node/wslens.js"
grep -q '/../web/wslens_bg.wasm' "$stage/node/wslens.cjs" || { echo "build-npm: the nodejs glue's wasm path was not found" >&2; exit 1; }
bindgen web "$stage/element" wslens_element "$wasm_dir/wasm-small/wslens_element.wasm"
for wasm in "$stage/web/wslens_bg.wasm" "$stage/element/wslens_element_bg.wasm"; do
  wasm-opt -Oz --strip-debug --strip-producers -o "$wasm" "$wasm"
done

npm_src=crates/wslens-wasm/npm
cp "$npm_src/README.md" "$npm_src/index.d.ts" "$npm_src/report.d.ts" "$stage/"
cp "$npm_src"/node/* "$stage/node/"
cp "$npm_src"/web/* "$stage/web/"
cp "$npm_src"/element/* "$stage/element/"
node scripts/element-style.mjs "$stage/element/style.js"
sed "s/0.0.0-set-by-build/$version/" "$npm_src/package.json" >"$stage/package.json"

(cd "$out" && rm -f wslens-*.tgz && npm pack ./package --pack-destination . --silent >/dev/null)
echo "build-npm: $out/wslens-$version.tgz"
