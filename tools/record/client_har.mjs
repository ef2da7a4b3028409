// Records a Playwright HAR (recordHar) of headless Chromium opening one WebSocket from a page
// served on 127.0.0.1. Usage: node client_har.mjs WS_URL HAR_PATH [PROTOCOLS_JSON]
// Prints `open` or `error: close code N`, like the other clients.
import { launchChromium, servePage } from './chromium.mjs';

const [url, harPath] = process.argv.slice(2);
const protocols = JSON.parse(process.argv[4] ?? '["chat","superchat"]');
const server = await servePage();
const browser = await launchChromium();
try {
  const context = await browser.newContext({ recordHar: { path: harPath } });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const result = await page.evaluate(([u, p]) => new Promise((resolve) => {
    const ws = new WebSocket(u, p);
    ws.onopen = () => { ws.send('hello'); resolve('open'); setTimeout(() => ws.close(1000, 'bye'), 300); };
    ws.onclose = (e) => resolve(`error: close code ${e.code}`);
    setTimeout(() => resolve('error: timeout'), 4000);
  }), [url, protocols]);
  await page.waitForTimeout(500);
  await context.close();
  console.log(result);
} finally {
  await browser.close();
  server.close();
}
