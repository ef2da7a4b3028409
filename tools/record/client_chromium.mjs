// Headless Chromium (Debian's /usr/bin/chromium via playwright-core): opens a WebSocket from a page
// served on 127.0.0.1 and prints `open` or `error: close code N`. Traffic stays on loopback.
import { launchChromium, servePage } from './chromium.mjs';

const url = process.argv[2];
const protocols = JSON.parse(process.argv[3] ?? '["chat","superchat"]');
const server = await servePage();
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const result = await page.evaluate(([u, p]) => new Promise((resolve) => {
    const ws = new WebSocket(u, p);
    ws.onopen = () => { ws.send('hello'); resolve('open'); setTimeout(() => ws.close(), 300); };
    ws.onclose = (e) => resolve(`error: close code ${e.code}`);
    setTimeout(() => resolve('error: timeout'), 4000);
  }), [url, protocols]);
  console.log(result);
} finally {
  await browser.close();
  server.close();
}
