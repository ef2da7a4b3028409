// The <wslens-handshake> element, from the installed package, in Debian's headless Chromium:
// the docs page (examples/docs-page) served with the package's files only, and small pages for
// lazy loading, many elements, and a page without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { inspect } from 'wslens';
import { ROOT } from './fixtures.mjs';

const { launchChromium } = await import(path.join(ROOT, 'tools/record/chromium.mjs'));
const { serve } = await import(path.join(ROOT, 'web/serve.mjs'));
const AXE = createRequire(path.join(ROOT, 'package.json')).resolve('axe-core/axe.min.js');
const PROJECT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SITE = path.join(PROJECT, 'site');
const FIXTURES = path.join(ROOT, 'crates/wslens-core/tests/fixtures');
const SAMPLE = fs.readFileSync(path.join(FIXTURES, 'valid/rfc6455-sample.txt'), 'utf8');

let server;
let base;
let browser;

before(async () => {
  fs.cpSync(path.join(ROOT, 'examples/docs-page'), SITE, { recursive: true });
  fs.rmSync(path.join(SITE, 'wslens'), { force: true, recursive: true });
  fs.symlinkSync(path.join(PROJECT, 'node_modules/wslens'), path.join(SITE, 'wslens'));
  const element = (attributes, body = '') => `<wslens-handshake ${attributes}>${body}</wslens-handshake>`;
  const page = (body) => `<!doctype html><html lang="en"><meta charset="utf-8"><link rel="icon" href="data:,"><title>element</title>
<script type="module" src="wslens/element/index.js"></script><body>${body}</body></html>`;
  fs.copyFileSync(AXE, path.join(SITE, 'axe.min.js'));  // the page's CSP allows only its own scripts
  fs.writeFileSync(path.join(SITE, 'parts.css'), 'wslens-handshake::part(verdict) { outline: 3px solid rgb(0, 128, 0); }\n');
  fs.writeFileSync(path.join(SITE, 'spacer.css'), '.spacer { height: 4000px; }\n');
  fs.writeFileSync(path.join(SITE, 'lazy.html'), page(`<h1>Lazy</h1><link rel="stylesheet" href="spacer.css"><div class="spacer">spacer</div>${element('id="far" example="wrong-accept"')}${element('id="farther" example="rfc6455"')}`));
  const twenty = Array.from({ length: 20 }, (_, i) => element(`id="e${i}" mode="${i % 2 ? 'compact' : 'full'}" example="${['rfc6455', 'wrong-accept', 'proxy-200', 'bad-deflate', 'no-connection'][i % 5]}"`)).join('\n');
  fs.writeFileSync(path.join(SITE, 'twenty.html'), page(`<h1>Twenty</h1>${twenty}`));
  ({ server, url: base } = await serve(PROJECT, 0));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r()));
});

/** Opens a page of the site; records console errors, CSP violations and every request. */
async function open(t, file, { colorScheme = 'light', javaScriptEnabled = true, viewport = { width: 1200, height: 900 } } = {}) {
  const context = await browser.newContext({ colorScheme, javaScriptEnabled, viewport });
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  context.on('request', (r) => requests.push(r.url()));
  await page.exposeFunction('wslensViolation', (v) => problems.push(`CSP: ${v}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.wslensViolation(`${e.violatedDirective} ${e.blockedURI}`));
    window.reports = [];
    document.addEventListener('wslens-report', (e) => window.reports.push({ id: e.target.id, verdict: e.detail.exchanges[0]?.verdict.handshake }));
  });
  t.after(async () => {
    await context.close();
    assert.deepEqual(problems, [], 'no console error, page error or CSP violation');
    const foreign = requests.filter((u) => !u.startsWith(base) && !u.startsWith('data:'));
    assert.deepEqual(foreign, [], 'no request leaves 127.0.0.1');
  });
  await page.goto(`${base}site/${file}`);
  return { page, requests, context };
}

/** Waits until the element shows a verdict; returns it. */
async function verdictOf(page, id) {
  const verdict = page.locator(`#${id} [data-testid=verdict]`);
  await verdict.waitFor();
  return verdict.getAttribute('data-verdict');
}

/** Scrolls through the page so that every element comes near the viewport. */
async function scrollThrough(page) {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 400) {
      window.scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 30));
    }
  });
}

test('the docs page shows every element with the report the API gives for its content', async (t) => {
  const { page } = await open(t, 'index.html');
  await scrollThrough(page);
  const expected = {
    sample: 'ok', 'wrong-accept': 'failed', proxy: 'failed', har: 'failed', deflate: 'failed', sandbox: 'ok',
  };
  for (const [id, verdict] of Object.entries(expected)) assert.equal(await verdictOf(page, id), verdict, id);
  // Each element's report is the API's for the same content.
  const shown = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('wslens-handshake')].map((e) => [e.id, e.report])));
  const pre = (id) => page.locator(`#${id} > pre`).textContent();
  assert.deepEqual(shown.sample, inspect(await pre('sample'), { lineEndingsLost: true }));
  assert.deepEqual(shown.deflate, inspect(await pre('deflate'), { lineEndingsLost: true }));
  assert.deepEqual(shown['wrong-accept'], inspect(fs.readFileSync(path.join(FIXTURES, 'captured/failing/WS226-chromium-wrong-accept.txt'))));
  assert.deepEqual(shown.har, inspect(fs.readFileSync(path.join(SITE, 'captures/firefox-forbidden.har'))));
  const codes = (id) => page.locator(`#${id} [data-testid=finding]`).evaluateAll((els) => els.map((e) => e.dataset.code));
  assert.ok((await codes('wrong-accept')).includes('WS226'));
  assert.ok((await codes('proxy')).includes('WS202'));
  assert.ok((await codes('har')).includes('WS206'));
  assert.ok((await codes('deflate')).includes('PMD414'));
  assert.ok(!(await codes('sample')).includes('HTTP001'), 'line endings HTML rewrote are not blamed');
  // compact shows no header tables; full does.
  assert.equal(await page.locator('#proxy [data-testid=header-row]').count(), 0);
  assert.ok((await page.locator('#sample [data-testid=header-row]').count()) > 5);
  assert.equal(await page.locator('#sample [data-testid=accept-received]').textContent(), 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  await page.screenshot({ path: path.join(ROOT, 'target/browser-artifacts/docs-page.png'), fullPage: true });
});

test('a finding selects its span, and a header row opens its explanation', async (t) => {
  const { page } = await open(t, 'index.html');
  await page.locator('#wrong-accept').scrollIntoViewIfNeeded();
  await verdictOf(page, 'wrong-accept');
  const before = await page.evaluate(() => window.scrollY);
  await page.locator('#wrong-accept [data-testid=finding][data-code=WS226] button').click();
  const selected = (await page.locator('#wrong-accept [data-testid=selected-span]').allTextContents()).join('');
  assert.equal(selected, 'wLpH8ZHaEagHHMaaIKafLb5Xues=');
  assert.equal(await page.evaluate(() => window.scrollY), before, 'the card scrolls its own transcript, never the page');
  await page.locator('#sample').scrollIntoViewIfNeeded();
  await verdictOf(page, 'sample');
  await page.locator('#sample [data-testid=header-row][data-name="Sec-WebSocket-Accept"] button').click();
  const detail = await page.locator('#sample .detail').textContent();
  assert.match(detail, /SHA-1/);
  // The viewer link carries the transcript in its #fragment.
  const href = await page.locator('#sample [data-testid=open-in-viewer]').getAttribute('href');
  const fragment = new URL(href, base).hash;
  const text = Buffer.from(new URLSearchParams(fragment.slice(1)).get('t'), 'base64url').toString();
  assert.equal(text, await page.locator('#sample > pre').textContent());
});

test('the editable sandbox follows the reader, and reports each change', async (t) => {
  const { page } = await open(t, 'index.html');
  await page.locator('#sandbox').scrollIntoViewIfNeeded();
  assert.equal(await verdictOf(page, 'sandbox'), 'ok');
  const box = page.locator('#sandbox [data-testid=transcript-input]');
  const text = await box.inputValue();
  await box.fill(text.replace(/Connection: Upgrade\n(?=Sec-WebSocket-Accept)/, ''));
  await page.locator('#sandbox [data-testid=verdict][data-verdict=failed]').waitFor();
  assert.ok((await page.locator('#sandbox [data-testid=finding]').evaluateAll((els) => els.map((e) => e.dataset.code))).includes('WS222'));
  await page.waitForFunction(() => document.getElementById('last-verdict').textContent.startsWith('failed'));
  const reports = await page.evaluate(() => window.reports.filter((r) => r.id === 'sandbox').map((r) => r.verdict));
  assert.deepEqual(reports, ['ok', 'failed']);
});

test('themes: auto follows the page, the attribute wins, custom properties reach in', async (t) => {
  for (const colorScheme of ['light', 'dark']) {
    const { page } = await open(t, 'index.html', { colorScheme });
    await scrollThrough(page);
    await verdictOf(page, 'deflate');
    const background = (id) => page.locator(`#${id}`).evaluate((e) => getComputedStyle(e.shadowRoot.querySelector('.root')).backgroundColor);
    assert.equal(await background('sample'), colorScheme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(22, 24, 28)', `auto, ${colorScheme}`);
    assert.equal(await background('deflate'), 'rgb(22, 24, 28)', 'theme="dark"');
    assert.deepEqual(await axe(page), [], `axe, ${colorScheme}`);
    await page.locator('#sample').evaluate((e) => e.style.setProperty('--wslens-bg', 'rgb(1, 2, 3)'));
    assert.equal(await background('sample'), 'rgb(1, 2, 3)');
  }
});

test('the page\'s styles do not reach inside, and nothing inside changes the page', async (t) => {
  const { page } = await open(t, 'index.html');
  const pageLook = () => page.evaluate(() => {
    const look = (e) => { const s = getComputedStyle(e); return [s.color, s.backgroundColor, s.fontFamily, s.fontSize]; };
    return { body: look(document.body), p: look(document.querySelector('p.lede')), code: look(document.querySelector('code')), sheets: document.styleSheets.length, adopted: document.adoptedStyleSheets.length };
  });
  const beforeLoad = await pageLook();
  await scrollThrough(page);
  await verdictOf(page, 'sample');
  assert.deepEqual(await pageLook(), beforeLoad);
  const inside = await page.locator('#sample').evaluate((e) => {
    const s = (sel) => getComputedStyle(e.shadowRoot.querySelector(sel));
    return { pre: s('pre.source').color, preBg: s('pre.source').backgroundColor, p: s('p.verdict').fontFamily, button: s('button').fontFamily };
  });
  assert.notEqual(inside.pre, 'rgb(255, 216, 102)', 'the site\'s pre colour stays out');
  assert.notEqual(inside.preBg, 'rgb(35, 57, 93)');
  assert.ok(!/Georgia/.test(inside.p + inside.button), 'the site\'s serif font stays out');
});

test('parts can be styled from the page', async (t) => {
  const { page } = await open(t, 'index.html');
  await verdictOf(page, 'sample');
  await page.addStyleTag({ url: `${base}site/parts.css` });
  const outline = await page.locator('#sample').evaluate((e) => getComputedStyle(e.shadowRoot.querySelector('[part=verdict]')).outlineColor);
  assert.equal(outline, 'rgb(0, 128, 0)');
});

test('the wasm loads once, when the first element comes near the viewport', async (t) => {
  const { page, requests } = await open(t, 'lazy.html');
  await page.waitForTimeout(600);
  const wasm = () => requests.filter((u) => u.endsWith('.wasm'));
  assert.deepEqual(wasm(), [], 'nothing is fetched while the elements are far away');
  assert.ok(await page.locator('#far > pre').count() === 0 && (await page.locator('#far').evaluate((e) => e.shadowRoot)) === null);
  await page.locator('#far').scrollIntoViewIfNeeded();
  assert.equal(await verdictOf(page, 'far'), 'failed');
  await page.locator('#farther').scrollIntoViewIfNeeded();
  assert.equal(await verdictOf(page, 'farther'), 'ok');
  assert.equal(wasm().length, 1, 'one fetch for the page');
});

test('twenty elements render with no long task over 200 ms', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 20000 } });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${base}site/twenty.html`);
  for (let i = 0; i < 20; i++) await verdictOf(page, `e${i}`);
  const longest = Math.max(0, ...(await page.evaluate(() => window.longTasks)));
  assert.ok(longest < 200, `longest task ${longest} ms`);
});

test('keyboard: the findings and header rows are reachable with Tab', async (t) => {
  const { page } = await open(t, 'index.html');
  await verdictOf(page, 'sample');
  const focused = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    focused.push(await page.evaluate(() => {
      const host = document.activeElement;
      const inner = host?.shadowRoot?.activeElement;
      return inner ? `${host.id}:${inner.className || inner.tagName}` : host?.tagName;
    }));
  }
  assert.ok(focused.some((f) => f?.startsWith('sample:finding-head')), focused.join(' '));
  assert.ok(focused.some((f) => f?.startsWith('sample:name')), 'a header row');
});

test('without JavaScript, the transcript shows as written', async (t) => {
  const { page } = await open(t, 'index.html', { javaScriptEnabled: false });
  const text = await page.locator('#sample > pre').innerText();
  assert.match(text, /GET \/chat HTTP\/1.1/);
  assert.match(text, /Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK\+xOo=/);
});

test('the element is in the package next to its types, and a report event bubbles', async (t) => {
  const files = fs.readdirSync(path.join(PROJECT, 'node_modules/wslens/element')).sort();
  assert.deepEqual(files, ['index.d.ts', 'index.js', 'style.js', 'wslens_element.js', 'wslens_element_bg.wasm']);
  const { page } = await open(t, 'index.html');
  await verdictOf(page, 'sample');
  const ids = await page.evaluate(() => window.reports.map((r) => r.id));
  assert.ok(ids.includes('sample'));
  void SAMPLE;
});

/** Serious and critical axe-core violations, inside the shadow roots too. */
async function axe(page) {
  await page.addScriptTag({ url: `${base}site/axe.min.js` });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}
