// Finishes a Trunk build of the viewer in DIST, for a strict Content-Security-Policy and an
// offline cache that follows the build:
//  - Trunk's inline module loader moves into loader.js (the policy allows no inline script);
//  - the build gets an id, the hash of every file it ships but index.html and sw.js, written
//    into index.html (<meta name="wslens-build">, which the page shows) and into sw.js (its
//    cache name), so a new deployment replaces the old cache.
//   node scripts/stamp-build.mjs DIST
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const dist = process.argv[2];
if (!dist) throw new Error('usage: node scripts/stamp-build.mjs DIST');
const at = (name) => path.join(dist, name);
let html = fs.readFileSync(at('index.html'), 'utf8');

const inline = html.match(/<script type="module">([\s\S]*?)<\/script>/);
if (inline) {
  fs.writeFileSync(at('loader.js'), `${inline[1].trim()}\n`);
  html = html.replace(inline[0], '<script type="module" src="./loader.js"></script>');
} else if (!html.includes('src="./loader.js"')) {
  throw new Error(`${dist}/index.html has no Trunk loader to move`);
}

const files = [];
const walk = (dir) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(file);
    else files.push(path.relative(dist, file));
  }
};
walk(dist);
const hash = crypto.createHash('sha256');
for (const name of files.filter((f) => f !== 'index.html' && f !== 'sw.js').sort()) {
  hash.update(name).update('\0').update(fs.readFileSync(at(name))).update('\0');
}
const id = hash.digest('hex').slice(0, 12);

html = html.replace(/\s*<meta name="wslens-build" content="[^"]*">/, '');
html = html.replace('<meta charset="utf-8">', `<meta charset="utf-8">\n  <meta name="wslens-build" content="${id}">`);
fs.writeFileSync(at('index.html'), html);
const sw = fs.readFileSync(at('sw.js'), 'utf8').replace(/const CACHE = "wslens-[^"]*";/, `const CACHE = "wslens-${id}";`);
if (!sw.includes(`wslens-${id}`)) throw new Error('sw.js has no `const CACHE = "wslens-…";` line to stamp');
fs.writeFileSync(at('sw.js'), sw);
console.log(`stamp-build: ${dist} is build ${id}`);
