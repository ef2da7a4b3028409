// Browser tests of the release viewer, in Debian's headless Chromium (no browser download).
//   WSLENS_DIST=dist WSLENS_BIN=target/release/wslens node --test web/tests/
// Every page is checked for console errors and for requests leaving 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { launchChromium } from '../../tools/record/chromium.mjs';
import { serve, VIEWER_CSP } from '../serve.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const FIXTURES = path.join(ROOT, 'crates/wslens-core/tests/fixtures');
const DIST = path.resolve(ROOT, process.env.WSLENS_DIST ?? 'dist');
const BIN = path.resolve(ROOT, process.env.WSLENS_BIN ?? 'target/release/wslens');
const ARTIFACTS = path.join(ROOT, 'target/browser-artifacts');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SAMPLE_ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';

let server;
let base;
let browser;

before(async () => {
  assert.ok(fs.existsSync(path.join(DIST, 'index.html')), `${DIST} has no build: run scripts/build-viewer.sh`);
  assert.ok(fs.existsSync(BIN), `${BIN} is missing: cargo build --release -p wslens-cli`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  ({ server, url: base } = await serve(DIST, 0));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r()));
});

/** The core's own report, through the CLI, to compare the page with. */
function cliReport(file) {
  const run = spawnSync(BIN, ['check', '--json', file], { encoding: 'utf8', maxBuffer: 1 << 30 });
  assert.ok(run.status === 0 || run.status === 1, `wslens check failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

function codesOf(report, exchange = 0) {
  return [...report.findings, ...report.exchanges[exchange].findings].map((f) => f.code).sort();
}

/** A fresh context and page that records console errors and every request. */
async function open(t, { url = base, viewport = { width: 1400, height: 1000 }, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  context.on('request', (r) => requests.push(r.url()));
  await watchPolicy(page, problems);
  t.after(async () => {
    await context.close();
    assert.deepEqual(problems, [], 'no console errors or CSP violations');
    const origin = new URL(base).origin;
    const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:'));
    assert.deepEqual(foreign, [], 'no request leaves the origin');
  });
  await page.goto(url);
  // The verdict comes first; the panes follow in the next render.
  await page.locator('.app[data-ready=true]').waitFor();
  return { context, page };
}

/** Records every Content-Security-Policy violation of the page (and of its frames). */
async function watchPolicy(page, problems) {
  await page.exposeFunction('wslensViolation', (v) => problems.push(`CSP violation: ${v}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.wslensViolation?.(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
}

async function paste(page, text) {
  await page.locator('[data-testid=transcript-input]').fill(text);
  // The analysis runs after a pause in typing; wait until the status no longer says so.
  await page.waitForFunction(() => !document.querySelector('[role=status]').textContent.includes('analysing'));
}

/** Pastes `text` as a clipboard event, as a user's paste arrives (a large one then skips the text box). */
async function pasteEvent(page, text) {
  await page.evaluate((pasted) => {
    const data = new DataTransfer();
    data.setData('text/plain', pasted);
    const box = document.querySelector('[data-testid=transcript-input]');
    box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

async function shownCodes(page) {
  return (await page.locator('[data-testid=finding]').evaluateAll((els) => els.map((e) => e.dataset.code))).sort();
}

async function axe(page) {
  // Evaluated through DevTools, not as a page script: the page's policy allows no inline one.
  await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

test('opens on the analysed RFC 6455 sample', async (t) => {
  const { page } = await open(t);
  await assert.doesNotReject(page.locator('[data-testid=verdict][data-verdict=ok]').waitFor());
  assert.equal(await page.locator('[data-testid=accept-expected]').textContent(), SAMPLE_ACCEPT);
  assert.equal(await page.locator('[data-testid=accept-received]').textContent(), SAMPLE_ACCEPT);
  const names = await page.locator('[data-testid=header-row]').evaluateAll((els) => els.map((e) => e.dataset.name));
  assert.deepEqual(names.slice(0, 3), ['Upgrade', 'Connection', 'Sec-WebSocket-Accept'], 'response rows come first, in wire order');
  assert.ok(names.includes('Sec-WebSocket-Key'));
  const marks = await page.evaluate(() => performance.getEntriesByName('wslens-verdict').length);
  assert.ok(marks >= 1, 'the first verdict is marked for the budgets script');
  await page.screenshot({ path: path.join(ARTIFACTS, 'rfc-sample.png'), fullPage: true });
});

// Each example of the menu, pasted as a user would: the verdict, the codes that name the
// failure, and the whole code list, which must equal the CLI's for the same file.
const EXAMPLES = [
  ['captured/valid/chromium-node-ws.txt', 'ok', []],
  ['captured/formats/h2-devtools-chromium-node-http2.txt', 'ok', ['CAP709']],
  ['captured/formats/firefox-copy-h2-node-http2.txt', 'ok', ['CAP709']],
  ['rules/H2806-h2-proxy-forwarded-upgrade.txt', 'failed', ['H2806']],
  ['rules/WS202-200-proxy-stripped.txt', 'failed', ['WS202']],
  ['captured/failing/WS210-chromium-nginx-stripping-hop1.txt', 'failed', []],
  ['captured/failing/WS202-chromium-spa-fallback.txt', 'failed', ['WS202']],
  ['captured/failing/WS226-chromium-wrong-accept.txt', 'failed', ['WS226']],
  ['captured/failing/WS225-chromium-duplicate-accept.txt', 'failed', ['WS225']],
  ['captured/failing/WS222-chromium-no-connection.txt', 'failed', ['WS222']],
  ['captured/failing/WS302-chromium-unoffered-protocol.txt', 'failed', ['WS302']],
  ['captured/interop/WS306-chromium-no-protocol.txt', 'ok', ['WS306']],
  ['captured/failing/PMD414-chromium-bad-deflate.txt', 'failed', ['PMD414']],
  ['captured/failing/WS206-curl-forbidden.txt', 'failed', ['WS206']],
  ['rules/WS120-version-8.txt', 'failed', ['WS120']],
  ['captured/failing/WS203-chromium-redirect.txt', 'failed', ['WS203']],
  ['captured/failing/WS231-node-ws-unauthorized.txt', 'failed', ['WS231']],
  ['captured/failing/WS227-python-http10.txt', 'failed', ['WS227']],
];

test('each example pasted gives its verdict and codes', async (t) => {
  const { page } = await open(t);
  for (const [file, verdict, codes] of EXAMPLES) {
    const full = path.join(FIXTURES, file);
    await paste(page, fs.readFileSync(full, 'utf8'));
    const cli = cliReport(full);
    assert.equal(cli.exchanges[0].verdict.handshake, verdict, `${file}: the fixture's verdict`);
    assert.equal(await page.locator('[data-testid=verdict]').getAttribute('data-verdict'), verdict, file);
    const shown = await shownCodes(page);
    for (const code of codes) assert.ok(shown.includes(code), `${file}: ${code} shown`);
    assert.deepEqual(shown, codesOf(cli), `${file}: the page shows the CLI's findings`);
    if (verdict === 'failed') {
      // An HTTP/2 request is answered on its stream, with :status and no status line.
      const answer = cli.exchanges[0].mechanism === 'extended-connect' ? ':status: ' : 'HTTP/1.1 ';
      assert.ok((await page.locator('[data-testid=expected-response]').textContent()).startsWith(answer), `${file}: expected answer`);
      assert.ok((await page.locator('.general').textContent()).includes(cli.exchanges[0].url), `${file}: the request URL`);
    }
  }
  await paste(page, fs.readFileSync(path.join(FIXTURES, 'captured/failing/WS226-chromium-wrong-accept.txt'), 'utf8'));
  await page.screenshot({ path: path.join(ARTIFACTS, 'wrong-accept.png'), fullPage: true });
});

test('a pasted "Copy as cURL" command is checked as the request it sends', async (t) => {
  const { page } = await open(t);
  const file = path.join(FIXTURES, 'rules/CAP708-copy-as-curl-bash.txt');
  await paste(page, fs.readFileSync(file, 'utf8'));
  const cli = cliReport(file);
  assert.equal(await page.locator('[data-testid=verdict]').getAttribute('data-verdict'), 'incomplete');
  assert.deepEqual(await shownCodes(page), codesOf(cli));
  assert.ok((await shownCodes(page)).includes('CAP708'));
  assert.equal(await page.locator('[data-testid=accept-expected]').textContent(), cli.exchanges[0].accept.expected);
  assert.ok((await page.locator('[data-testid=header-row][data-name=Host]').count()) === 1, 'Host comes from the URL');
});

test('the examples menu loads a named case', async (t) => {
  const { page } = await open(t);
  await page.locator('[data-testid=examples]').selectOption('wrong-accept');
  await page.locator('[data-testid=verdict][data-verdict=failed]').waitFor();
  assert.ok((await shownCodes(page)).includes('WS226'));
  assert.ok(await page.locator('[data-testid=accept-diagnosis]').count() >= 0);
});

test('clicking a finding highlights its span and selects its header row', async (t) => {
  const { page } = await open(t, { url: `${base}#e=wrong-accept` });
  const file = path.join(FIXTURES, 'captured/failing/WS226-chromium-wrong-accept.txt');
  const cli = cliReport(file);
  const finding = cli.exchanges[0].findings.find((f) => f.code === 'WS226');
  const bytes = Buffer.from(cli.source.text, 'utf8');
  const expected = bytes.subarray(finding.span.start, finding.span.end).toString('utf8');

  await page.locator('[data-testid=finding][data-code=WS226] button').click();
  const selected = await page.locator('[data-testid=selected-span]').allTextContents();
  assert.equal(selected.join(''), expected, 'the selected text is the finding span');
  const row = page.locator('[data-testid=header-row][data-name="Sec-WebSocket-Accept"]');
  assert.equal(await row.locator('button').getAttribute('aria-expanded'), 'true');
  assert.equal(await page.locator('[data-testid=accept-received]').textContent(), expected.trim());
  assert.notEqual(await page.locator('[data-testid=accept-expected]').textContent(), expected.trim());

  // Keyboard: Enter on another finding moves the selection.
  const other = page.locator('[data-testid=finding] button').last();
  await other.focus();
  await page.keyboard.press('Enter');
  assert.equal(await other.getAttribute('aria-pressed'), 'true');
  await page.screenshot({ path: path.join(ARTIFACTS, 'finding-selected.png'), fullPage: true });
});

test('on a narrow screen, clicking a finding scrolls its span into view', async (t) => {
  const { page } = await open(t, { url: `${base}#e=wrong-accept`, viewport: { width: 360, height: 640 } });
  await page.locator('[data-testid=finding][data-code=WS226] button').click();
  const mark = page.locator('#selected-span');
  await page.waitForFunction(() => {
    const r = document.getElementById('selected-span')?.getBoundingClientRect();
    // Fully visible, give or take the sub-pixel rounding of the scroll position.
    return r && r.top >= -1 && r.bottom <= window.innerHeight + 1;
  });
  assert.equal(await mark.count(), 1);
});

test('a header row expands to its explanation and findings', async (t) => {
  const { page } = await open(t, { url: `${base}#e=wrong-accept` });
  await page.locator('[data-testid=header-row][data-name="Sec-WebSocket-Accept"] button').click();
  const detail = page.locator('tr.detail');
  assert.match(await detail.textContent(), /GUID|SHA-1/);
  assert.match(await detail.textContent(), /WS226/);
  assert.ok(await detail.locator('a.rfc').count() >= 1, 'an RFC link');
  const selected = (await page.locator('[data-testid=selected-span]').allTextContents()).join('');
  assert.ok(selected.startsWith('Sec-WebSocket-Accept:'), selected);
});

test('the accept calculator computes typed and random keys', async (t) => {
  const { page } = await open(t);
  const key = page.locator('[data-testid=calc-key]');
  await key.fill('dGhlIHNhbXBsZSBub25jZQ==');
  assert.equal(await page.locator('[data-testid=calc-accept]').textContent(), SAMPLE_ACCEPT);
  await page.locator('[data-testid=calc-random]').click();
  const random = await key.inputValue();
  assert.notEqual(random, 'dGhlIHNhbXBsZSBub25jZQ==');
  assert.equal(Buffer.from(random, 'base64').length, 16);
  const accept = crypto.createHash('sha1').update(`${random}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  assert.equal(await page.locator('[data-testid=calc-accept]').textContent(), accept);
});

const SECRET_EXCHANGE = [
  'GET /chat?room=1&access_token=s3cr3t-query-token HTTP/1.1',
  'Host: app.example.com',
  'Upgrade: websocket',
  'Connection: Upgrade',
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
  'Sec-WebSocket-Version: 13',
  'Origin: https://app.example.com',
  'Cookie: session=SESSION-SECRET-42; theme=dark',
  'Authorization: Bearer AUTH-SECRET-TOKEN',
  'Sec-WebSocket-Protocol: chat, eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJlc2VjcmV0',
  '',
  'HTTP/1.1 101 Switching Protocols',
  'Upgrade: websocket',
  'Connection: Upgrade',
  `Sec-WebSocket-Accept: ${SAMPLE_ACCEPT}`,
  'Sec-WebSocket-Protocol: chat',
  'Set-Cookie: refreshed=SETCOOKIE-SECRET; Path=/; HttpOnly',
  '',
  '',
].join('\r\n');
const SECRETS = ['s3cr3t-query-token', 'SESSION-SECRET-42', 'AUTH-SECRET-TOKEN', 'c2lnbmF0dXJlc2VjcmV0', 'SETCOOKIE-SECRET'];

/** The transcript a share link carries: deflate-raw (`z=`, today's links) or plain (`t=`). */
function fragmentText(link) {
  const parts = new URL(link).hash.slice(1).split('&');
  const z = parts.find((p) => p.startsWith('z='));
  if (z) return zlib.inflateRawSync(Buffer.from(z.slice(2), 'base64url')).toString('utf8');
  const t = parts.find((p) => p.startsWith('t='));
  return Buffer.from(t.slice(2), 'base64url').toString('utf8');
}

test('a share link round-trips the transcript and selection, redacted by default', async (t) => {
  const { page, context } = await open(t);
  await paste(page, SECRET_EXCHANGE);
  const verdict = await page.locator('[data-testid=verdict]').getAttribute('data-verdict');
  const codes = await shownCodes(page);
  // The request's row (response rows come first): its line holds the token.
  await page.locator('[data-testid=header-row][data-name="Sec-WebSocket-Protocol"] button').last().click();
  await page.locator('[data-testid=share]').click();
  const link = await page.locator('[data-testid=share-link]').inputValue();
  const shared = fragmentText(link);
  for (const secret of SECRETS) assert.ok(!link.includes(secret) && !shared.includes(secret), `${secret} is redacted`);
  assert.ok(shared.includes('session=redacte') && shared.includes('Bearer reda'), 'structure is kept');

  const other = await context.newPage();
  const problems = [];
  other.on('pageerror', (e) => problems.push(e.message));
  await other.goto(link);
  await other.locator('.app[data-ready=true]').waitFor();
  assert.equal(await other.locator('[data-testid=verdict]').getAttribute('data-verdict'), verdict, 'same verdict after redaction');
  assert.deepEqual(await shownCodes(other), codes, 'same findings after redaction');
  const view = await other.locator('[data-testid=transcript-view]').textContent();
  for (const secret of SECRETS) assert.ok(!view.includes(secret));
  const selected = (await other.locator('[data-testid=selected-span]').allTextContents()).join('');
  // The selected line is the request's subprotocol line as the link carries it, its token
  // replaced by a numbered placeholder.
  const line = shared.split(/\r?\n/).find((l) => l.startsWith('Sec-WebSocket-Protocol: chat, redacted'));
  assert.ok(line && selected.startsWith(line), `the selection travels: ${selected}`);
  assert.deepEqual(problems, []);

  // With the toggle off, the link carries the text as it is.
  await page.locator('[data-testid=redact-toggle]').uncheck();
  await page.locator('[data-testid=share]').click();
  const plain = fragmentText(await page.locator('[data-testid=share-link]').inputValue());
  assert.ok(plain.includes('SESSION-SECRET-42'));
});

test('share links are compressed, links of the first format still open, and a long one offers the file', async (t) => {
  const { page, context } = await open(t);
  const text = fs.readFileSync(path.join(FIXTURES, 'captured/failing/WS226-chromium-wrong-accept.txt'), 'latin1');
  await paste(page, text);
  await page.locator('[data-testid=share]').click();
  const link = await page.locator('[data-testid=share-link]').inputValue();
  assert.match(new URL(link).hash, /(^#|&)z=/, 'deflate-raw');
  const plainLength = Buffer.from(fragmentText(link)).toString('base64url').length;
  assert.ok(link.length < plainLength, `compressed (${link.length} < ${plainLength})`);
  assert.equal(await page.locator('[data-testid=long-link]').count(), 0);
  // A link the first viewer made (t=, plain base64url) opens as before.
  const old = await context.newPage();
  const oldLink = `${base}#typed&t=${Buffer.from(text.replace(/\r\n/g, '\n')).toString('base64url')}`;
  await old.goto(oldLink);
  await old.locator('.app[data-ready=true] [data-testid=verdict][data-verdict=failed]').waitFor();
  // A compressed link opens with the same findings.
  await old.goto(link);
  await old.reload();
  await old.locator('.app[data-ready=true] [data-testid=verdict][data-verdict=failed]').waitFor();
  await old.waitForFunction(() => !document.querySelector('[data-testid=notice]'));
  assert.ok((await shownCodes(old)).includes('WS226'));
  // A transcript whose link passes 32 KB (random letters hardly compress, and without digits
  // they are not taken for tokens and redacted): the file instead.
  let big = '';
  for (let i = 0; big.length < 60_000; i++) big += `X-Noise-${i}: ${crypto.randomBytes(30).toString('base64').replace(/[^a-zA-Z]/g, 'q')}\n`;
  await paste(page, text.replace('\r\n\r\n', `\r\n${big}\r\n`));
  await page.locator('[data-testid=share]').click();
  await page.locator('[data-testid=long-link]').waitFor();
  assert.match(await page.locator('[data-testid=long-link]').textContent(), /KB long/);
  const download = page.waitForEvent('download');
  await page.locator('[data-testid=download-transcript]').click();
  const file = await download;
  assert.equal(file.suggestedFilename(), 'handshake.txt');
  const saved = fs.readFileSync(await file.path(), 'utf8');
  assert.ok(saved.includes('X-Noise-0'));
  // A transcript longer than any link opens (4 MiB once inflated, so that a crafted link
  // cannot blow up the page): no link at all, the file only, whole.
  const huge = text.replace('\r\n\r\n', `\r\nX-Big: ${'q'.repeat(4.5 * 1024 * 1024)}\r\n\r\n`);
  await pasteEvent(page, huge);
  await page.locator('[data-testid=too-big]').waitFor();
  await page.waitForFunction(() => !document.querySelector('[role=status]').textContent.includes('analysing'));
  await page.locator('[data-testid=share]').click();
  const notice = page.locator('[data-testid=long-link]').filter({ hasText: 'more than a link opens (4 MiB)' });
  await notice.waitFor();
  assert.equal(await page.locator('[data-testid=share-link]').count(), 0, 'no link');
  const hugeDownload = page.waitForEvent('download');
  await notice.locator('[data-testid=download-transcript]').click();
  const hugeFile = fs.readFileSync(await (await hugeDownload).path(), 'utf8');
  assert.ok(hugeFile.length > 4.5 * 1024 * 1024 && hugeFile.includes('X-Big: qqq'), 'the whole transcript');
});

test('embed mode shows a compact read-only view, usable at 360 px', async (t) => {
  const { page } = await open(t, { url: `${base}#embed&e=wrong-accept`, viewport: { width: 360, height: 740 } });
  assert.equal(await page.locator('[data-testid=transcript-input]').count(), 0, 'read-only');
  assert.equal(await page.locator('[data-testid=verdict]').getAttribute('data-verdict'), 'failed');
  assert.ok((await shownCodes(page)).includes('WS226'));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px too wide)`);
  assert.deepEqual(await axe(page), []);
  await page.screenshot({ path: path.join(ARTIFACTS, 'embed-360.png'), fullPage: true });
});

test('an embed answers its host page\'s postMessage, from its own origin or the one it names', async (t) => {
  // Two host pages on other origins (other ports): one named by parent=, one not.
  const hostDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wslens-host-'));
  t.after(() => fs.rmSync(hostDir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(hostDir, 'host.js'), `
const frame = document.querySelector('iframe');
window.answers = [];
window.addEventListener('message', (e) => {
  if (e.source !== frame.contentWindow) return;
  window.answers.push(e.data);
  if (e.data.type === 'wslens:ready') frame.contentWindow.postMessage({ type: 'wslens:load', text: window.transcript }, '*');
});
`);
  // The host pages' own policy lets them frame the viewer.
  const hostPolicy = { csp: `default-src 'self'; img-src data:; frame-src ${new URL(base).origin}` };
  const named = await serve(hostDir, 0, hostPolicy);
  const other = await serve(hostDir, 0, hostPolicy);
  t.after(() => Promise.all([named, other].map(({ server: s }) => new Promise((r) => s.close(r)))));
  const file = path.join(FIXTURES, 'captured/failing/WS222-chromium-no-connection.txt');
  const transcript = fs.readFileSync(file, 'utf8');
  for (const [host, parent, answered] of [[named, named.url, true], [other, named.url, false]]) {
    const origin = new URL(parent).origin;
    fs.writeFileSync(path.join(hostDir, 'host.html'), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>host</title>
<iframe src="${base}#embed&e=rfc6455&parent=${encodeURIComponent(origin)}" width="600" height="400"></iframe>
<script src="host.js"></script>`);
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await watchPolicy(page, problems);
    await page.addInitScript((text) => { window.transcript = text; }, transcript);
    await page.goto(`${host.url}host.html`);
    const frame = page.frameLocator('iframe');
    await frame.locator('.app[data-ready=true]').waitFor();
    if (answered) {
      await page.waitForFunction(() => window.answers.some((a) => a.type === 'wslens:report'));
      const reply = (await page.evaluate(() => window.answers)).find((a) => a.type === 'wslens:report');
      // The posted text is a string: the frame bytes after the 101 became U+FFFD in it, as
      // they do for the CLI reading the same text (the file's bytes would decode them).
      const posted = path.join(hostDir, 'posted.txt');
      fs.writeFileSync(posted, transcript);
      const cli = cliReport(posted);
      cli.source.name = null;
      assert.deepEqual(reply.report, cli, 'the report of the posted text, as the CLI prints it');
      await frame.locator('[data-testid=verdict][data-verdict=failed]').waitFor();
    } else {
      await page.waitForTimeout(800);
      const answers = await page.evaluate(() => window.answers.map((a) => a.type));
      assert.ok(!answers.includes('wslens:report'), 'a host on an origin the embed does not name gets no answer');
      assert.equal(await frame.locator('[data-testid=verdict]').getAttribute('data-verdict'), 'ok', 'and its text is not loaded');
    }
    await context.close();
    assert.deepEqual(problems, [], 'no console errors');
  }
});

test('the full view fits 360 px and 1920 px', async (t) => {
  for (const width of [360, 1920]) {
    const { page } = await open(t, { url: `${base}#e=bad-deflate`, viewport: { width, height: 900 } });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${width}px: no sideways scrolling (${overflow}px too wide)`);
    await page.screenshot({ path: path.join(ARTIFACTS, `full-${width}.png`), fullPage: width === 1920 });
  }
});

test('no serious or critical accessibility violations, light and dark', async (t) => {
  for (const colorScheme of ['light', 'dark']) {
    const { page } = await open(t, { url: `${base}#e=wrong-accept`, colorScheme });
    await page.locator('[data-testid=finding][data-code=WS226] button').click();
    await page.locator('[data-testid=share]').click();
    assert.deepEqual(await axe(page), [], colorScheme);
    await page.screenshot({ path: path.join(ARTIFACTS, `a11y-${colorScheme}.png`), fullPage: true });
  }
});

test('opened and dropped files in every capture format', async (t) => {
  const { page } = await open(t);
  const files = [
    ['captured/formats/curl-v-wrong-accept.curl.txt', 'curl'],
    ['captured/formats/har-playwright-node-ws.har.json', 'har'],
    ['captured/formats/har-firefox-wrong-accept.har.json', 'har'],
    ['captured/formats/pcap-lo-ethernet-chromium-node-ws.pcap', 'pcap'],
    ['captured/formats/pcapng-dumpcap-chromium-forbidden.pcapng', 'pcap'],
    ['captured/valid/chromium-node-ws.txt', 'raw'],
    ['rules/CAP708-copy-as-curl-cmd.txt', 'curl-command'],
  ];
  for (const [file, format] of files) {
    const full = path.join(FIXTURES, file);
    await page.locator('[data-testid=file-input]').setInputFiles(full);
    await page.waitForFunction((name) => document.querySelector('.transcript h2').textContent.includes(name), path.basename(file));
    const cli = cliReport(full);
    assert.equal(cli.source.format, format);
    assert.equal(await page.locator('[data-testid=verdict]').getAttribute('data-verdict'), cli.exchanges[0].verdict.handshake, file);
    assert.deepEqual(await shownCodes(page), codesOf(cli), `${file}: same findings as the CLI`);
  }
  // Drag and drop, with the bytes of a pcap.
  const pcap = fs.readFileSync(path.join(FIXTURES, 'captured/formats/pcap-any-sll2-python-wrong-accept.pcap'));
  await page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], 'dropped.pcap'));
    document.querySelector('.app').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, pcap.toString('base64'));
  await page.waitForFunction(() => document.querySelector('.transcript h2').textContent.includes('dropped.pcap'));
  assert.ok((await shownCodes(page)).includes('WS226'));
});

/** A `mb` MB pcap: the recorded Chromium handshake, then a bulk TCP stream (as the budgets). */
function bigPcap(file, mb) {
  const bench = path.join(ROOT, 'tools/bench');
  execFileSync('python3', ['-c', `import sys, pathlib; sys.path.insert(0, ${JSON.stringify(bench)}); import tshark_compare; tshark_compare.big_pcap(pathlib.Path(${JSON.stringify(file)}), ${mb})`]);
}

/** A `mb` MB HAR: the recorded Playwright HAR, with page entries added before its WebSocket. */
function bigHar(file, mb) {
  const har = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'captured/formats/har-playwright-node-ws.har.json'), 'utf8'));
  const page = har.log.entries.find((e) => e._resourceType !== 'websocket') ?? har.log.entries[0];
  const filler = { ...page, _resourceType: 'document', request: { ...page.request, url: 'http://127.0.0.1/page' },
    response: { ...page.response, content: { size: 65536, mimeType: 'text/html', text: 'x'.repeat(65536) } } };
  delete filler._webSocketMessages;
  const count = Math.ceil((mb << 20) / JSON.stringify(filler).length);
  har.log.entries = [...Array(count).fill(filler), ...har.log.entries];
  fs.writeFileSync(file, JSON.stringify(har));
}

test('a 100 MB pcap and a 50 MB HAR are read in the worker: progress shows, the page keeps drawing', async (t) => {
  const { page } = await open(t);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wslens-big-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const pcap = path.join(dir, 'big-100mb.pcap');
  const har = path.join(dir, 'big-50mb.har');
  bigPcap(pcap, 100);
  bigHar(har, 50);
  for (const file of [pcap, har]) {
    const size = fs.statSync(file).size;
    // Watch every frame while the file loads: the longest gap, and whether progress showed.
    await page.evaluate(() => {
      const watch = { longest: 0, progress: false, last: performance.now(), on: true };
      const tick = (now) => {
        watch.longest = Math.max(watch.longest, now - watch.last);
        watch.last = now;
        watch.progress ||= document.querySelector('[data-testid=progress]') !== null;
        if (watch.on) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      window.wslensWatch = watch;
      window.wslensWorkerMemory = undefined;
    });
    const started = Date.now();
    await page.locator('[data-testid=file-input]').setInputFiles(file);
    await page.waitForFunction((name) => document.querySelector('.transcript h2').textContent.includes(name), path.basename(file), { timeout: 180000 });
    const watch = await page.evaluate(() => { window.wslensWatch.on = false; return window.wslensWatch; });
    const workerMemory = await page.evaluate(() => window.wslensWorkerMemory);
    t.diagnostic(`${path.basename(file)} (${(size / 2 ** 20).toFixed(1)} MiB): ${Date.now() - started} ms, longest frame gap ${watch.longest.toFixed(0)} ms, worker memory ${(workerMemory / size).toFixed(2)}x the file`);
    assert.ok(watch.progress, `${file}: progress was shown`);
    assert.ok(workerMemory > 0, `${file}: the worker read it`);
    assert.ok(workerMemory <= 3 * size, `${file}: worker memory ${workerMemory} within 3x the file`);
    assert.ok(watch.longest < 500, `${file}: the page kept drawing (longest gap ${watch.longest} ms)`);
    const cli = cliReport(file);
    assert.equal(await page.locator('[data-testid=verdict]').getAttribute('data-verdict'), cli.exchanges[0].verdict.handshake, file);
    assert.deepEqual(await shownCodes(page), codesOf(cli), `${file}: same findings as the CLI`);
  }
});

test('a large binary file dropped by mistake gets a message, not a frozen page', async (t) => {
  const { page } = await open(t);
  const started = Date.now();
  await page.evaluate(() => {
    const bytes = new Uint8Array(3 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
    const data = new DataTransfer();
    data.items.add(new File([bytes], 'random.bin'));
    document.querySelector('.app').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction(() => document.querySelector('.transcript h2').textContent.includes('random.bin'));
  assert.ok((await shownCodes(page)).includes('HTTP000'));
  assert.match(await page.locator('.transcript h2').textContent(), /first \d+ KB of \d+ KB shown/);
  assert.match(await page.locator('[data-testid=too-big]').textContent(), /too large to edit/);
  assert.equal(await page.locator('[data-testid=transcript-input]').inputValue(), '');
  // Still responsive: an example loads right after.
  await page.locator('[data-testid=examples]').selectOption('wrong-accept');
  await page.locator('[data-testid=verdict][data-verdict=failed]').waitFor();
  t.diagnostic(`drop to next verdict: ${Date.now() - started} ms`);
});

// Hostile pastes of 1 MB, the shapes that were quadratic before (docs/robustness.md): each is
// analysed while the page keeps drawing, and gives the CLI's verdict and codes.
test('a 1 MB hostile paste is analysed without freezing the page', async (t) => {
  const { page } = await open(t);
  const request = (header) => `GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${header}\r\n\r\nHTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n`;
  const shapes = {
    'one subprotocol repeated': request(`Sec-WebSocket-Protocol: ${'a,'.repeat(500000)}a`),
    'distinct subprotocols': request(`Sec-WebSocket-Protocol: ${Array.from({ length: 150000 }, (_, i) => `p${i}`).join(',')}`),
    'a deflate parameter repeated': request(`Sec-WebSocket-Extensions: permessage-deflate${'; x=1'.repeat(200000)}`),
    'many header lines': request('X-H: v\r\n'.repeat(125000).trimEnd()),
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wslens-hostile-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(shapes)) {
    assert.ok(text.length >= 1e6, `${name}: ${text.length} bytes`);
    // Start from an example, which clears the notice of the previous large paste.
    await page.locator('[data-testid=examples]').selectOption('wrong-accept');
    await page.locator('[data-testid=verdict][data-verdict=failed]').waitFor();
    assert.equal(await page.locator('[data-testid=too-big]').count(), 0);
    await page.evaluate(() => {
      const watch = { longest: 0, last: performance.now(), on: true };
      const tick = (now) => {
        watch.longest = Math.max(watch.longest, now - watch.last);
        watch.last = now;
        if (watch.on) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      window.wslensWatch = watch;
    });
    await page.waitForTimeout(100);
    const started = Date.now();
    await pasteEvent(page, text);
    await page.locator('[data-testid=too-big]').waitFor();
    await page.waitForFunction(() => !document.querySelector('[role=status]').textContent.includes('analysing'));
    await page.waitForTimeout(100);
    const watch = await page.evaluate(() => { window.wslensWatch.on = false; return window.wslensWatch; });
    t.diagnostic(`${name} (${(text.length / 1e6).toFixed(2)} MB): ${Date.now() - started} ms to the verdict, longest frame gap ${watch.longest.toFixed(0)} ms`);
    assert.ok(watch.longest < 200, `${name}: the page kept drawing (longest gap ${watch.longest.toFixed(0)} ms)`);
    const file = path.join(dir, `${name.replaceAll(' ', '-')}.txt`);
    fs.writeFileSync(file, text);
    const cli = cliReport(file);
    assert.equal(await page.locator('[data-testid=verdict]').getAttribute('data-verdict'), cli.exchanges[0].verdict.handshake, name);
    assert.deepEqual(await shownCodes(page), codesOf(cli), `${name}: same findings as the CLI`);
  }
});

test('the proxy that answered is named, with the fix in its own configuration', async (t) => {
  const { page } = await open(t);
  for (const [file, id, fix] of [
    ['software/cloudflare-200-upgrade-lost.txt', 'cloudflare', /WebSockets switched on/],
    ['captured/failing/WS210-chromium-nginx-stripping-hop1.txt', 'nginx', /proxy_http_version 1\.1/],
  ]) {
    await paste(page, fs.readFileSync(path.join(FIXTURES, file), 'utf8'));
    const pane = page.locator('[data-testid=software]');
    assert.equal(await pane.getAttribute('data-software'), id, file);
    assert.match(await page.locator('[data-testid=software-fix]').textContent(), fix, file);
    assert.equal(await pane.locator('a').getAttribute('href'), cliReport(path.join(FIXTURES, file)).exchanges[0].software.docs);
  }
});

test('frames after a 101 show decoded, with the raw bytes one click away', async (t) => {
  const { page } = await open(t);
  const file = path.join(FIXTURES, 'captured/failing/WS226-chromium-wrong-accept.txt');
  await page.locator('[data-testid=file-input]').setInputFiles(file);
  await page.waitForFunction(() => document.querySelector('.transcript h2').textContent.includes('WS226-chromium-wrong-accept'));
  const frames = page.locator('[data-testid=decoded-frame]');
  assert.equal(await frames.count(), 1);
  assert.match(await frames.first().textContent(), /↓ server · text · FIN · 2 bytes · hi/);
  assert.ok(!(await page.locator('[data-testid=transcript-view]').textContent()).includes('\uFFFD'), 'no mojibake by default');
  await page.locator('[data-testid=toggle-raw-frames]').click();
  assert.ok((await page.locator('[data-testid=transcript-view]').textContent()).includes('\uFFFD'), 'the raw bytes, as the text holds them');
  assert.equal(await frames.count(), 0);
  await page.locator('[data-testid=toggle-raw-frames]').click();
  assert.equal(await frames.count(), 1);
});

test('a pasted client error message is explained, with the CLI\'s findings', async (t) => {
  const { page } = await open(t);
  const file = path.join(FIXTURES, 'rules/ERR901-chrome-console-403.txt');
  await paste(page, fs.readFileSync(file, 'utf8'));
  const cli = cliReport(file);
  assert.equal(cli.source.format, 'error');
  assert.deepEqual(await shownCodes(page), cli.findings.map((f) => f.code).sort());
  const finding = page.locator('[data-testid=finding][data-code=ERR901]');
  assert.match(await finding.textContent(), /answered 403 instead of 101/);
});

test('several exchanges: the list switches the shown one', async (t) => {
  const { page } = await open(t);
  const a = fs.readFileSync(path.join(FIXTURES, 'valid/rfc6455-sample.txt'), 'utf8');
  const b = fs.readFileSync(path.join(FIXTURES, 'rules/WS202-200-proxy-stripped.txt'), 'utf8');
  await paste(page, `${a}\n${b}`);
  assert.equal(await page.locator('[data-testid=exchange]').count(), 2);
  await page.locator('[data-testid=exchange]').nth(1).click();
  assert.equal(await page.locator('[data-testid=verdict]').getAttribute('data-verdict'), 'failed');
  await page.locator('[data-testid=exchange]').nth(0).click();
  assert.equal(await page.locator('[data-testid=verdict]').getAttribute('data-verdict'), 'ok');
});

test('past 1,000 exchanges the list says how many more were checked and counted', async (t) => {
  const { page } = await open(t);
  // 312 KB: pasted as a clipboard event, it is analysed without entering the text box.
  const text = fs.readFileSync(path.join(FIXTURES, 'rules/CAP711-load-test-past-a-thousand.txt'), 'utf8');
  await pasteEvent(page, text);
  await page.locator('[data-testid=not-detailed]').waitFor();
  assert.match(await page.locator('section.exchanges h2').textContent(), /^1001 exchanges: 1000 ok, 1 failed, 0 incomplete/);
  assert.equal(await page.locator('[data-testid=not-detailed]').textContent(), '1 exchange after these checked and counted, not detailed (CAP711)');
  assert.ok((await shownCodes(page)).includes('CAP711'));
  // Clicked while the first exchange is shown, CAP711 shows the exchange it points at, past
  // the detailed ones.
  await page.locator('[data-testid=finding][data-code=CAP711] button').click();
  await page.locator('[data-testid=selected-span]').first().waitFor({ timeout: 5000 });
  const selected = (await page.locator('[data-testid=selected-span]').allTextContents()).join('');
  assert.ok(selected.startsWith('GET /chat HTTP/1.1'), `the selection is drawn: ${selected}`);
  assert.match(await page.locator('section.transcript h2').textContent(), /exchange 1 of 1001/);
});

test('a crafted share link that inflates past 4 MiB is refused with a message', async (t) => {
  // 16 KB of link, 8 MB of status lines once inflated.
  const bomb = zlib.deflateRawSync(Buffer.from('HTTP/1.1 200 OK\n'.repeat(512 * 1024)), { level: 9 });
  assert.ok(bomb.length < 16 * 1024, `${bomb.length} bytes`);
  const { page } = await open(t, { url: `${base}#z=${bomb.toString('base64url')}` });
  await page.locator('[data-testid=notice]').waitFor();
  assert.match(await page.locator('[data-testid=notice]').textContent(), /could not be opened \(it is larger than 4 MiB once inflated\)/);
  await page.locator('.app[data-ready=true]').waitFor();
  // The page still works.
  await paste(page, fs.readFileSync(path.join(FIXTURES, 'valid/rfc6455-sample.txt'), 'utf8'));
  assert.equal(await page.locator('[data-testid=verdict]').getAttribute('data-verdict'), 'ok');
});

test('bad input gets a clear message, not a blank page', async (t) => {
  const { page } = await open(t, { url: `${base}#t=%%%` });
  assert.match(await page.locator('[data-testid=notice]').textContent(), /damaged/);
  await paste(page, 'hello, this is not HTTP');
  assert.ok((await shownCodes(page)).includes('HTTP000'));
  assert.equal(await page.locator('[data-testid=verdict]').getAttribute('data-verdict'), 'incomplete');
});

test('works offline after the first visit, from the cache of its own build', async (t) => {
  const { page, context } = await open(t, { url: `${base}#e=wrong-accept` });
  const cache = await page.evaluate(() => `wslens-${document.querySelector('meta[name=wslens-build]').content}`);
  assert.match(cache, /^wslens-[0-9a-f]{12}$/);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.evaluate(async (name) => {
    // Wait until the install step has cached the page and its assets.
    for (let i = 0; i < 200 && (await (await caches.open(name)).keys()).length < 4; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
  }, cache);
  assert.ok(await page.evaluate((name) => caches.has(name), cache), `the worker filled ${cache}`);
  await context.setOffline(true);
  await page.reload();
  await page.locator('.app[data-ready=true] [data-testid=verdict][data-verdict=failed]').waitFor();
  assert.ok((await shownCodes(page)).includes('WS226'));
  await context.setOffline(false);
});

test('a new build replaces the old one: the reload shows it, and it works offline', async (t) => {
  // Build B: build A with a changed stylesheet (a new hashed name), stamped again.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wslens-builds-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const buildB = path.join(root, 'b');
  fs.cpSync(DIST, buildB, { recursive: true });
  const oldCss = fs.readdirSync(buildB).find((f) => /^style-.*\.css$/.test(f));
  const newCss = 'style-b0b0b0b0b0b0b0b0.css';
  fs.writeFileSync(path.join(buildB, newCss), `${fs.readFileSync(path.join(buildB, oldCss), 'utf8')}\n/* build b */\n`);
  fs.rmSync(path.join(buildB, oldCss));
  const html = fs.readFileSync(path.join(buildB, 'index.html'), 'utf8').replace(oldCss, newCss).replace(/ integrity="[^"]*"(?=\/>)/, '');
  fs.writeFileSync(path.join(buildB, 'index.html'), html);
  execFileSync('node', [path.join(ROOT, 'scripts/stamp-build.mjs'), buildB]);
  // One origin whose files switch from A to B.
  let current = DIST;
  const { server: switching, url } = await serve(() => current, 0);
  t.after(() => new Promise((r) => switching.close(r)));
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await watchPolicy(page, problems);
  t.after(async () => {
    await context.close();
    assert.deepEqual(problems, [], 'no console errors or CSP violations');
  });
  const buildOf = async () => page.evaluate(() => document.querySelector('meta[name=wslens-build]').content);
  const waitForCache = (name) => page.evaluate(async (n) => {
    // A new worker caches the whole build (the wasm is most of it): on a loaded machine that
    // has taken over 10 s.
    for (let i = 0; i < 600 && !(await caches.has(n) && (await (await caches.open(n)).keys()).length >= 4); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    return caches.has(n);
  }, name);
  await page.goto(url);
  await page.locator('.app[data-ready=true]').waitFor();
  const a = await buildOf();
  assert.ok(await waitForCache(`wslens-${a}`));
  // A's worker must control the page before the switch: the browser looks for a new worker
  // on a navigation that an active worker handles, and a reload while A was still activating
  // never found B (seen once, in a full CI run).
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  current = buildB;
  await page.reload();
  await page.locator('.app[data-ready=true]').waitFor();
  const b = await buildOf();
  assert.notEqual(b, a, 'the reload shows build B');
  assert.match(await page.locator('[data-testid=version]').textContent(), new RegExp(`build ${b}`));
  assert.ok(await waitForCache(`wslens-${b}`), 'build B has its own cache');
  // Build A's cache is gone once B's worker activates.
  await page.waitForFunction((name) => caches.has(name).then((has) => !has), `wslens-${a}`);
  await context.setOffline(true);
  await page.reload();
  await page.locator('.app[data-ready=true] [data-testid=verdict]').waitFor();
  assert.equal(await buildOf(), b, 'offline, B still opens');
  assert.ok(await page.evaluate(() => [...document.styleSheets].some((s) => s.href?.endsWith('style-b0b0b0b0b0b0b0b0.css'))));
  await context.setOffline(false);
});

test('the page has a strict Content-Security-Policy, in its <meta> and from the server', async (t) => {
  const response = await fetch(base);
  assert.equal(response.headers.get('content-security-policy'), VIEWER_CSP);
  const html = await response.text();
  assert.ok(html.includes(`content="${VIEWER_CSP}"`), 'index.html carries the same policy');
  assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/.test(html), 'no inline script');
  for (const directive of ["script-src 'self' 'wasm-unsafe-eval'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'"]) {
    assert.ok(VIEWER_CSP.includes(directive), directive);
  }
  // The browser enforces it: an injected inline script is refused. (Every other page of this
  // suite fails on any violation, see `open`.)
  const context = await browser.newContext();
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(base);
  await page.locator('.app[data-ready=true]').waitFor();
  const blocked = await page.evaluate(() => new Promise((resolve) => {
    document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true });
    const s = document.createElement('script');
    s.textContent = 'window.injected = true';
    document.body.append(s);
    setTimeout(() => resolve(null), 1000);
  }));
  assert.equal(blocked, 'script-src-elem', 'an injected inline script is refused');
  assert.equal(await page.evaluate(() => window.injected), undefined);
});

