// The package in a browser (Debian's headless Chromium): its ES module imported by a plain page
// with no bundler, and a consumer bundled by esbuild. Both give the CLI's JSON.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, cliJson, fixtures } from './fixtures.mjs';

const { launchChromium } = await import(path.join(ROOT, 'tools/record/chromium.mjs'));
const { serve } = await import(path.join(ROOT, 'web/serve.mjs'));
const esbuild = createRequire(path.join(ROOT, 'package.json'))('esbuild');

const PROJECT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
let server;
let base;
let browser;

before(async () => {
  fs.writeFileSync(path.join(PROJECT, 'esm.js'), `import * as wslens from './node_modules/wslens/web/index.js';
window.wslens = wslens;
document.title = 'ready';
`);
  fs.writeFileSync(path.join(PROJECT, 'esm.html'), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>esm</title>
<script type="module" src="esm.js"></script>`);
  // A consumer bundled the way an app would be; the .wasm is copied next to the bundle.
  fs.writeFileSync(path.join(PROJECT, 'bundle-entry.mjs'), `import { inspect, version } from 'wslens';
window.bundled = { inspect, version };
document.title = 'ready';
`);
  await esbuild.build({
    entryPoints: [path.join(PROJECT, 'bundle-entry.mjs')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: path.join(PROJECT, 'bundle/app.js'),
    absWorkingDir: PROJECT,
    logLevel: 'silent',
  });
  fs.copyFileSync(path.join(PROJECT, 'node_modules/wslens/web/wslens_bg.wasm'), path.join(PROJECT, 'bundle/wslens_bg.wasm'));
  fs.writeFileSync(path.join(PROJECT, 'bundle.html'), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>bundle</title>
<script type="module" src="bundle/app.js"></script>`);
  ({ server, url: base } = await serve(PROJECT, 0));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r()));
});

/** A page of the project that records console errors and every request. */
async function open(t, page) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const problems = [];
  const requests = [];
  tab.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  tab.on('pageerror', (e) => problems.push(e.message));
  context.on('request', (r) => requests.push(r.url()));
  // The server sends a strict policy (web/serve.mjs); the package must work under it.
  await tab.exposeFunction('wslensViolation', (v) => problems.push(`CSP: ${v}`));
  await tab.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => window.wslensViolation(`${e.violatedDirective} ${e.blockedURI}`)));
  t.after(async () => {
    await context.close();
    assert.deepEqual(problems, [], 'no console errors');
    assert.deepEqual(requests.filter((u) => !u.startsWith(base) && !u.startsWith('data:')), [], 'nothing leaves 127.0.0.1');
  });
  await tab.goto(base + page);
  await tab.waitForFunction(() => document.title === 'ready', null, { timeout: 10000 }).catch((e) => { throw new Error(`${page} did not load: ${problems.join('; ') || e.message}`); });
  return { tab, requests };
}

test('a plain page imports the ES module and gets the CLI\'s JSON for every fixture', async (t) => {
  const { tab } = await open(t, 'esm.html');
  for (const file of fixtures()) {
    const bytes = [...fs.readFileSync(file)];
    const report = await tab.evaluate(([b, name]) => window.wslens.inspect(new Uint8Array(b), { name }), [bytes, file]);
    assert.deepEqual(report, cliJson('check', '--json', file), file);
  }
  const version = await tab.evaluate(() => window.wslens.version);
  assert.equal(version, JSON.parse(fs.readFileSync(path.join(PROJECT, 'node_modules/wslens/package.json'))).version);
});

test('an esbuild bundle of a consumer runs', async (t) => {
  const { tab, requests } = await open(t, 'bundle.html');
  const file = path.join(ROOT, 'examples/chromium-wrong-accept.txt');
  // The bytes, as the CLI reads them: the example ends in a frame that a string would lose.
  const bytes = [...fs.readFileSync(file)];
  const report = await tab.evaluate(([b, name]) => window.bundled.inspect(new Uint8Array(b), { name }), [bytes, file]);
  assert.deepEqual(report, cliJson('check', '--json', file));
  assert.ok(requests.some((u) => u.endsWith('/bundle/wslens_bg.wasm')), 'the wasm is fetched next to the bundle');
});
