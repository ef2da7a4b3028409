// Measures the viewer's budgets on the release build and prints a Markdown table for the
// README. A report, not a test: timings vary with the machine's load.
//   node web/budgets.mjs [dist]          (scripts/budgets.sh builds first)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { launchChromium } from '../tools/record/chromium.mjs';
import { serve } from './serve.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = path.resolve(ROOT, process.argv[2] ?? 'dist');
const LOADS = 15;
const PASTES = 15;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const gzip = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;

const files = fs.readdirSync(dist);
const wasm = path.join(dist, files.find((f) => f.startsWith('wslens-viewer') && f.endsWith('_bg.wasm')));
const workerWasm = path.join(dist, 'wslens-worker_bg.wasm');
const glue = path.join(dist, files.find((f) => f.startsWith('wslens-viewer') && f.endsWith('.js')));

// A 100 KB paste: recorded exchanges, repeated.
const fixtures = path.join(ROOT, 'crates/wslens-core/tests/fixtures/captured');
const parts = ['valid/chromium-node-ws.txt', 'failing/WS226-chromium-wrong-accept.txt', 'failing/PMD414-chromium-bad-deflate.txt']
  .map((f) => fs.readFileSync(path.join(fixtures, f), 'utf8'));
let big = '';
for (let i = 0; big.length < 100_000; i++) big += `${parts[i % parts.length]}\n`;

const { server, url } = await serve(dist, 0);
const browser = await launchChromium();
try {
  const firstVerdict = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName('wslens-verdict').length > 0);
    firstVerdict.push(await page.evaluate(() => performance.getEntriesByName('wslens-verdict')[0].startTime));
    await context.close();
  }
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('[data-testid=verdict]').waitFor();
  const reanalyse = [];
  const core = [];
  for (let i = 0; i < PASTES; i++) {
    await page.evaluate(() => performance.clearMeasures());
    // Paste as the browser does (set the value, fire input); alternate two texts so every
    // paste changes the input. The debounced analysis follows.
    await page.evaluate((text) => {
      const box = document.querySelector('[data-testid=transcript-input]');
      box.value = text;
      box.dispatchEvent(new InputEvent('input', { bubbles: true }));
    }, i % 2 ? big : `${big}\n`);
    await page.waitForFunction(() => performance.getEntriesByName('wslens-analyse').length > 0);
    const [analyse, inspect] = await page.evaluate(() => ['wslens-analyse', 'wslens-inspect'].map((n) => performance.getEntriesByName(n).at(-1).duration));
    reanalyse.push(analyse);
    core.push(inspect);
  }
  const exchanges = await page.locator('[data-testid=exchange]').count();
  await context.close();

  // Memory: open a 100 MB capture (the recorded handshake and a bulk stream, made by the same
  // code as tools/bench/tshark_compare.py). The worker reads it and reports its wasm memory,
  // which only grows, so that is its peak; the page's own memory is read before and after.
  const pcapPath = path.join(os.tmpdir(), `wslens-budget-${process.pid}.pcap`);
  execFileSync('python3', ['-c', `import sys, pathlib; sys.path.insert(0, ${JSON.stringify(path.join(ROOT, 'tools/bench'))}); import tshark_compare; tshark_compare.big_pcap(pathlib.Path(${JSON.stringify(pcapPath)}), 100)`]);
  const pcapSize = fs.statSync(pcapPath).size;
  const memContext = await browser.newContext({ serviceWorkers: 'block' });
  await memContext.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => { window.wslensWasm = e.detail.wasm; }));
  const memPage = await memContext.newPage();
  await memPage.goto(url);
  await memPage.locator('.app[data-ready=true]').waitFor();
  const before = await memPage.evaluate(() => window.wslensWasm.memory.buffer.byteLength);
  await memPage.locator('[data-testid=file-input]').setInputFiles(pcapPath);
  await memPage.waitForFunction((name) => document.querySelector('.transcript h2').textContent.includes(name), path.basename(pcapPath), { timeout: 120000 });
  const after = await memPage.evaluate(() => window.wslensWasm.memory.buffer.byteLength);
  const worker = await memPage.evaluate(() => window.wslensWorkerMemory ?? 0);
  await memContext.close();
  fs.unlinkSync(pcapPath);

  const rows = [
    ['release `.wasm`, gzip -9', kb(gzip(wasm)), '≤ 300 KB', gzip(wasm) <= 300_000],
    ['JS glue, gzip -9', kb(gzip(glue)), '≤ 15 KB', gzip(glue) <= 15_000],
    ['the worker\'s `.wasm` (fetched only to read a capture or a file of 2 MB or more), gzip -9', kb(gzip(workerWasm)), '(no budget)', true],
    [`navigation → first verdict, median of ${LOADS} loads`, `${median(firstVerdict).toFixed(0)} ms`, '≤ 400 ms', median(firstVerdict) <= 400],
    [`re-analyse a ${kb(big.length)} paste (${exchanges} exchanges): \`inspect\` in wasm, median of ${PASTES}`, `${median(core).toFixed(1)} ms`, '≤ 16 ms', median(core) <= 16],
    [`the same, \`inspect\` + rendering the report (until the effects run), median of ${PASTES}`, `${median(reanalyse).toFixed(1)} ms`, '≤ 16 ms', median(reanalyse) <= 16],
    [`wasm memory for a ${(pcapSize / 2 ** 20).toFixed(1)} MiB pcap: the worker's peak, plus what the page's grew (${(before / 2 ** 20).toFixed(1)} → ${(after / 2 ** 20).toFixed(1)} MiB)`, `${((worker + after - before) / 2 ** 20).toFixed(1)} MiB = ${((worker + after - before) / pcapSize).toFixed(2)}× the file`, '≤ 3× the file', worker > 0 && worker + after - before <= 3 * pcapSize],
  ];
  console.log(`raw sizes: wasm ${kb(fs.statSync(wasm).size)}, js ${kb(fs.statSync(glue).size)}`);
  console.log('| budget | measured | target | met |\n|---|---|---|---|');
  for (const [what, got, target, ok] of rows) console.log(`| ${what} | ${got} | ${target} | ${ok ? 'yes' : '**no**'} |`);
} finally {
  await browser.close();
  server.close();
}
