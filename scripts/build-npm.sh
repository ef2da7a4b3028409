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

cargo build --locked --target wasm32-unknown-unknown --profile wasm-release -p wslens-wasm "${features[@]}"
cargo build --locked --target wasm32-unknown-unknown --profile wasm-element -p wslens-element

bindgen() {  # bindgen TARGET OUT-DIR NAME WASM: the glue; the wasm is the same for every target
  wasm-bindgen --target "$1" --no-typescript --out-dir "$2" --out-name "$3" "$4"
}
# One wasm serves every entry: web (ES module, init by URL) and nodejs (CommonJS, read with
# readFileSync from its own folder) glue differ only in how they load it.
bindgen nodejs "$stage/wasm" wslens "$wasm_dir/wasm-release/wslens_wasm.wasm"
mv "$stage/wasm/wslens.js" "$stage/wasm/wslens.cjs"  # the package is "type": "module"
bindgen web "$stage/wasm" wslens "$wasm_dir/wasm-release/wslens_wasm.wasm"
bindgen web "$stage/element" wslens_element "$wasm_dir/wasm-element/wslens_element.wasm"
for wasm in "$stage/wasm/wslens_bg.wasm" "$stage/element/wslens_element_bg.wasm"; do
  wasm-opt -Oz --strip-debug --strip-producers -o "$wasm" "$wasm"
done

npm_src=crates/wslens-wasm/npm
cp "$npm_src/README.md" "$npm_src/index.d.ts" "$npm_src/report.d.ts" "$stage/"
cp -r "$npm_src/node" "$npm_src/web" "$stage/"
cp "$npm_src"/element/* "$stage/element/"
node scripts/element-style.mjs "$stage/element/style.js"
sed "s/0.0.0-set-by-build/$version/" "$npm_src/package.json" >"$stage/package.json"

(cd "$out" && rm -f wslens-*.tgz && npm pack ./package --pack-destination . --silent >/dev/null)
echo "build-npm: $out/wslens-$version.tgz"
