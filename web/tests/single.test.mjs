// The single-file viewer (scripts/build-single.sh), opened from file:// in Debian's headless
// Chromium with the network off and every request that is not the file itself refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium } from '../../tools/record/chromium.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const SINGLE = path.resolve(ROOT, process.env.WSLENS_SINGLE ?? 'target/single/wslens.html');
const FIXTURES = path.join(ROOT, 'crates/wslens-core/tests/fixtures');
let browser;

before(async () => {
  assert.ok(fs.existsSync(SINGLE), `${SINGLE} is missing: run scripts/build-single.sh`);
  browser = await launchChromium();
});
after(() => browser?.close());

test('the single file works from file:// with the network off', async (t) => {
  const context = await browser.newContext();
  await context.setOffline(true);
  const refused = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url === `file://${SINGLE}`) return route.continue();
    refused.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.exposeFunction('wslensViolation', (v) => problems.push(`CSP: ${v}`));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => window.wslensViolation(`${e.violatedDirective} ${e.blockedURI}`)));
  await page.goto(`file://${SINGLE}`);
  await page.locator('.app[data-ready=true]').waitFor();
  assert.equal(await page.locator('[data-testid=verdict]').getAttribute('data-verdict'), 'ok', 'the RFC sample');

  // Paste.
  const wrong = fs.readFileSync(path.join(FIXTURES, 'captured/failing/WS226-chromium-wrong-accept.txt'), 'latin1');
  await page.locator('[data-testid=transcript-input]').fill(wrong);
  await page.locator('[data-testid=verdict][data-verdict=failed]').waitFor();
  assert.ok((await page.locator('[data-testid=finding]').evaluateAll((els) => els.map((e) => e.dataset.code))).includes('WS226'));

  // Open a pcap: the worker (a blob inside the file) reads it.
  await page.locator('[data-testid=file-input]').setInputFiles(path.join(FIXTURES, 'rules/CAP707-nginx-stripping-both-hops.pcap'));
  await page.locator('[data-testid=transcript-view]').filter({ hasText: 'Upgrade' }).waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid=transcript-view]')?.closest('section')?.querySelector('h2')?.textContent.includes('pcap'));
  assert.ok((await page.locator('[data-testid=finding]').evaluateAll((els) => els.map((e) => e.dataset.code))).includes('CAP704'), 'rebuilt from the capture');
  await page.locator('[data-testid=exchange]').nth(1).click();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=finding]')].some((f) => f.dataset.code === 'CAP707'));

  // And a HAR, read in the page.
  await page.locator('[data-testid=file-input]').setInputFiles(path.join(FIXTURES, 'captured/formats/har-firefox-wrong-accept.har.json'));
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=finding]')].some((f) => f.dataset.code === 'CAP701'));

  await context.close();
  assert.deepEqual(problems, [], 'no console errors or CSP violations');
  assert.deepEqual(refused, [], 'the file asks for nothing else');
});
