// Writes the whole viewer as one self-contained HTML file, from a release build in dist/:
// the CSS and the page's script inline, both wasm files base64-encoded inside it, and the
// worker started from a blob. It opens from file:// with the network off. A
// Content-Security-Policy allows exactly those inline scripts (by hash) and nothing else.
//   node scripts/single.mjs DIST OUT.html
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const [dist, out] = process.argv.slice(2);
if (!dist || !out) throw new Error('usage: node scripts/single.mjs DIST OUT.html');
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const read = (name) => fs.readFileSync(path.join(dist, name));
const only = (pattern) => {
  const names = fs.readdirSync(dist).filter((n) => pattern.test(n));
  if (names.length !== 1) throw new Error(`${dist} has ${names.length} files like ${pattern}`);
  return names[0];
};

const glue = read(only(/^wslens-viewer-.*\.js$/)).toString();
const wasm = read(only(/^wslens-viewer-.*_bg\.wasm$/)).toString('base64');
const css = read(only(/^style-.*\.css$/)).toString();
const workerGlue = read('wslens-worker.js').toString();
const workerWasm = read('wslens-worker_bg.wasm').toString('base64');

const bytes = (base64) => `Uint8Array.from(atob("${base64}"), (c) => c.charCodeAt(0))`;
// The worker: its no-modules glue with its wasm inside, started from a blob URL that the
// page's worker calls use (window.wslensWorkerUrl). It never fetches anything.
const worker = `${workerGlue}
wasm_bindgen({ module_or_path: ${bytes(workerWasm)} });
`;
const script = `${glue}
window.wslensWorkerUrl = URL.createObjectURL(new Blob([${JSON.stringify(worker)}], { type: 'text/javascript' }));
await __wbg_init({ module_or_path: ${bytes(wasm)} });
`;

const hash = (text) => `'sha256-${crypto.createHash('sha256').update(text).digest('base64')}'`;
const csp = [
  "default-src 'none'",
  `script-src ${hash(script)} 'wasm-unsafe-eval'`,
  `style-src ${hash(css)}`,
  'worker-src blob:',
  "img-src data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const head = html
  .replace(/<script type="module"[^>]*>[\s\S]*?<\/script>/, '')
  .replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, '')
  .replace(/<link rel="(?:stylesheet|modulepreload|preload|manifest)"[^>]*>/g, '')
  .replace('<meta charset="utf-8">', `<meta charset="utf-8">\n  <meta http-equiv="Content-Security-Policy" content="${csp}">`)
  .replace('</head>', `<style>${css}</style>\n<script type="module">${script}</script>\n</head>`);
if (/<link[^>]+href="\.\//.test(head) || head.includes('TrunkApplicationStarted')) {
  throw new Error('the single file still refers to a file of dist/');
}
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, head);
console.log(`single: ${out} (${(head.length / 1024).toFixed(0)} KB)`);
