// Prints the size report (scripts/sizes.sh builds first): each artefact's gzip -9 size and
// its budget, as a Markdown table.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const at = (...p) => path.join(ROOT, ...p);
const gzip = (files) => files.reduce((n, f) => n + zlib.gzipSync(fs.readFileSync(f), { level: 9 }).length, 0);
const one = (dir, pattern) => {
  const names = fs.readdirSync(at(dir)).filter((n) => pattern.test(n));
  if (names.length !== 1) throw new Error(`${dir} has ${names.length} files like ${pattern}`);
  return at(dir, names[0]);
};
const pkg = (...p) => at('target/npm/package', ...p);

const rows = [
  ['viewer: page wasm', [one('dist', /^wslens-viewer-.*_bg\.wasm$/)], 300],
  ['viewer: page JS glue', [one('dist', /^wslens-viewer-.*\.js$/)], 15],
  ['viewer: worker wasm (pcap, HAR)', [at('dist/wslens-worker_bg.wasm')], null],
  ['JS API: wasm with the pcap reader', [pkg('web/wslens_bg.wasm')], 250],
  ['JS API: wasm without the pcap reader', [at('target/sizes/no-pcap/wslens_bg.wasm')], 150],
  ['JS API: JS glue (browser)', [pkg('web/wslens.js'), pkg('web/index.js')], 10],
  ['JS API: JS glue (Node)', [pkg('node/wslens.cjs'), pkg('node/index.cjs'), pkg('node/index.js')], 10],
  ['element: JS + wasm', ['index.js', 'style.js', 'wslens_element.js', 'wslens_element_bg.wasm'].map((f) => pkg('element', f)), 220],
  ['single file (target/single/wslens.html)', [at('target/single/wslens.html')], null],
];

console.log('| artefact | gzip -9 | budget |');
console.log('|---|---|---|');
let over = 0;
for (const [name, files, budget] of rows) {
  const kb = gzip(files) / 1000;
  const verdict = budget === null ? '–' : kb <= budget ? `${budget} KB` : `${budget} KB: **over**`;
  if (budget !== null && kb > budget) over++;
  console.log(`| ${name} | ${kb.toFixed(1)} KB | ${verdict} |`);
}
const tarball = fs.readdirSync(at('target/npm')).find((f) => f.endsWith('.tgz'));
console.log(`\nnpm tarball ${tarball}: ${(fs.statSync(at('target/npm', tarball)).size / 1000).toFixed(0)} KB; ${over} artefact(s) over budget.`);
