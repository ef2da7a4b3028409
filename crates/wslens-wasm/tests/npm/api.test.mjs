// The package as a Node program uses it: `import ... from 'wslens'`, installed from the tarball.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import * as wslens from 'wslens';
import { inspect, redact, acceptKey, acceptSteps, explainHeader, rules, headerDocs, version, schemaVersion } from 'wslens';
import { cliJson, fixtures } from './fixtures.mjs';

const SAMPLE_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
const SAMPLE_ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';

test('inspect gives the JSON of `wslens check --json` on every fixture', () => {
  const files = fixtures();
  assert.ok(files.length > 200, `only ${files.length} fixtures`);
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    assert.deepEqual(inspect(bytes, { name: file }), cliJson('check', '--json', file), file);
  }
});

test('past 1,000 exchanges a report counts the rest, unless allExchanges is set', () => {
  const text = fs.readFileSync(fixtures().find((f) => f.includes('CAP711-')), 'utf8');
  const counted = inspect(text);
  assert.equal(counted.exchanges.length, 1000);
  assert.deepEqual([counted.summary.exchanges, counted.summary.notDetailed, counted.summary.failed], [1001, 1, 1]);
  assert.deepEqual(counted.findings.map((f) => f.code), ['CAP711']);
  const all = inspect(text, { allExchanges: true });
  assert.equal(all.exchanges.length, 1001);
  assert.equal(all.summary.notDetailed, 0);
  assert.equal(all.exchanges[1000].verdict.handshake, 'failed');
  assert.throws(() => inspect(text, { allExchanges: 'yes' }), TypeError);
});

test('a string input is read as its UTF-8 bytes', () => {
  for (const file of fixtures().filter((f) => f.endsWith('.txt')).slice(0, 60)) {
    const bytes = fs.readFileSync(file);
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    if (!Buffer.from(text).equals(bytes)) continue; // not UTF-8: bytes and text differ
    assert.deepEqual(inspect(text, { name: file }), inspect(bytes, { name: file }), file);
  }
});

test('options: a forced format, line endings lost, a name', () => {
  const text = 'GET /chat HTTP/1.1\nHost: a\n\n';
  const codes = (report) => report.exchanges.flatMap((e) => e.findings.map((f) => f.code));
  assert.ok(codes(inspect(text)).includes('HTTP001'));
  assert.ok(!codes(inspect(text, { lineEndingsLost: true })).includes('HTTP001'));
  assert.equal(inspect(text, { format: 'raw' }).source.format, 'raw');
  assert.equal(inspect('{"log": {"entries": []}}', { format: 'har' }).source.format, 'har');
  assert.equal(inspect(text, { name: 'x.txt' }).source.name, 'x.txt');
  assert.equal(inspect(text).source.name, null);
  assert.equal(inspect(text, {}).schemaVersion, schemaVersion);
  assert.equal(inspect(new Uint8Array(Buffer.from(text)).buffer).exchanges.length, 1, 'an ArrayBuffer');
});

test('never throws for any string or bytes', () => {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 300; i++) {
    const bytes = Uint8Array.from({ length: Math.floor(random() * 600) }, () => Math.floor(random() * 256));
    assert.equal(typeof inspect(bytes).summary.exchanges, 'number');
    const text = String.fromCharCode(...bytes.slice(0, 200)) + '\ud800 lone surrogate \udfff';
    assert.equal(typeof inspect(text).source.text, 'string');
    assert.equal(typeof redact(text), 'string');
  }
  for (const format of ['auto', 'raw', 'curl', 'curl-command', 'har', 'pcap']) {
    assert.equal(inspect('', { format }).summary.unusable, true, format);
  }
});

test('a wrong argument type is a TypeError that names the argument', () => {
  const cases = [
    [() => inspect(42), /inspect: input must be a string or a Uint8Array, got number/],
    [() => inspect(), /inspect: input must be a string or a Uint8Array, got undefined/],
    [() => inspect(['GET']), /input .* got an array/],
    [() => inspect('x', 'raw'), /inspect: options must be an object/],
    [() => inspect('x', { format: 'nope' }), /options.format must be one of auto, raw, curl, curl-command, har, pcap/],
    [() => inspect('x', { lineEndingsLost: 'yes' }), /options.lineEndingsLost must be a boolean/],
    [() => inspect('x', { name: 3 }), /options.name must be a string/],
    [() => redact(null), /redact: input must be/],
    [() => acceptKey(16), /acceptKey: key must be a string, got number/],
    [() => acceptSteps({}), /acceptSteps: key must be a string, got object/],
    [() => explainHeader(null), /explainHeader: name must be a string, got null/],
  ];
  for (const [call, message] of cases) assert.throws(call, (e) => e instanceof TypeError && message.test(e.message));
});

test('the accept, step by step', () => {
  assert.equal(acceptKey(SAMPLE_KEY), SAMPLE_ACCEPT);
  assert.equal(acceptKey(`  ${SAMPLE_KEY} `), SAMPLE_ACCEPT, 'surrounding whitespace is ignored');
  assert.deepEqual(acceptSteps(SAMPLE_KEY), {
    key: SAMPLE_KEY,
    concatenated: `${SAMPLE_KEY}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`,
    sha1Hex: 'b37a4f2cc0624f1690f64606cf385945b2bec4ea',
    accept: SAMPLE_ACCEPT,
    decodedLen: 16,
  });
  assert.equal(acceptSteps('not base64!').decodedLen, null);
});

test('explainHeader, headerDocs and rules are the CLI\'s knowledge', () => {
  assert.equal(explainHeader('sec-websocket-key').name, 'Sec-WebSocket-Key');
  assert.equal(explainHeader('X-Not-A-Header'), null);
  assert.deepEqual(rules(), cliJson('rules', '--json'));
  const docs = headerDocs();
  assert.ok(docs.length > 20);
  for (const doc of docs) assert.deepEqual(explainHeader(doc.name.toUpperCase()), doc);
});

test('redact hides the secrets and keeps the verdicts and codes', () => {
  const text = [
    'GET /chat?access_token=abc123secret HTTP/1.1', 'Host: example.com', 'Upgrade: websocket',
    'Connection: Upgrade', `Sec-WebSocket-Key: ${SAMPLE_KEY}`, 'Sec-WebSocket-Version: 13',
    'Cookie: session=s3cr3tvalue; theme=dark', 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig', '',
    'HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${SAMPLE_ACCEPT}`, '', '',
  ].join('\r\n');
  const hidden = redact(text);
  for (const secret of ['abc123secret', 's3cr3tvalue', 'eyJhbGciOiJIUzI1NiJ9']) assert.ok(!hidden.includes(secret), secret);
  const summary = (r) => r.exchanges.map((e) => [e.verdict, e.findings.map((f) => f.code)]);
  assert.deepEqual(summary(inspect(hidden)), summary(inspect(text)));
  assert.ok(hidden.includes('Host: example.com'), 'hosts stay by default');
  assert.ok(!redact(text, { hosts: true }).includes('example.com'), 'hosts: true hides them');
  const refusal = 'GET /chat HTTP/1.1\r\nHost: h\r\n\r\nHTTP/1.1 403 Forbidden\r\nContent-Length: 12\r\n\r\nnot for you\n';
  assert.ok(!redact(refusal).includes('not for you'), 'a refusal\'s body goes by default');
  assert.ok(redact(refusal, { bodies: false }).includes('not for you'));
  assert.throws(() => redact(refusal, { hosts: 'yes' }), (e) => e instanceof TypeError && /options.hosts must be a boolean/.test(e.message));
});

test('version and schemaVersion', () => {
  const pkg = createRequire(import.meta.url)('wslens/package.json');
  assert.equal(version, pkg.version);
  assert.match(version, /^\d+\.\d+\.\d+/);
  assert.equal(schemaVersion, inspect('').schemaVersion);
  assert.deepEqual(Object.keys(wslens).sort(), ['acceptKey', 'acceptSteps', 'explainHeader', 'headerDocs', 'inspect', 'redact', 'rules', 'schemaVersion', 'version']);
});
