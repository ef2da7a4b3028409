// Serves a built viewer (dist/) on 127.0.0.1 only. Used by scripts/run.sh and by the browser
// tests, so both exercise the same thing a static host would serve.
//   node web/serve.mjs [dir] [port]      (port 0 picks a free one; the URL is printed)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json',
  '.png': 'image/png',
};

/**
 * The viewer's Content-Security-Policy, sent with every page (index.html carries the same as
 * a <meta>): its own scripts and wasm only, no inline script, nothing fetched elsewhere.
 * Framing stays allowed: the #embed view lives in other sites' iframes.
 */
export const VIEWER_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/**
 * Starts the server; resolves to { server, url }. `dir` is a folder, or a function that
 * names the folder at each request (a test that deploys a new build on the same origin).
 * `csp` is the policy sent with HTML pages (the viewer's by default; a test serving pages of
 * its own passes theirs, or null).
 */
export function serve(dir, port = 0, { csp = VIEWER_CSP } = {}) {
  const rootOf = typeof dir === 'function' ? () => path.resolve(dir()) : () => path.resolve(dir);
  const server = http.createServer((req, res) => {
    const root = rootOf();
    const pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    let file = path.join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    fs.stat(file, (err, stat) => {
      if (!err && stat.isDirectory()) file = path.join(file, 'index.html');
      fs.readFile(file, (readErr, body) => {
        if (readErr) {
          res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
          return;
        }
        const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
        const headers = { 'Content-Type': type, 'Cache-Control': 'no-cache' };
        if (csp && type.startsWith('text/html')) headers['Content-Security-Policy'] = csp;
        res.writeHead(200, headers).end(body);
      });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      resolve({ server, url: `http://127.0.0.1:${server.address().port}/` });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir = 'dist', port = '8080'] = process.argv.slice(2);
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    console.error(`${dir}/index.html does not exist: build the viewer first (scripts/run.sh does)`);
    process.exit(2);
  }
  const { url } = await serve(dir, Number(port));
  console.log(`wslens viewer: ${url}  (serving ${dir}/ on 127.0.0.1 only; Ctrl-C stops it)`);
}
