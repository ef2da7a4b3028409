// The package from CommonJS: `require('wslens')` loads synchronously, without flags.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');

test('require gives the same functions, ready at once', () => {
  const wslens = require('wslens');
  const report = wslens.inspect('HTTP/1.1 101 Switching Protocols\r\n\r\n');
  assert.equal(report.exchanges.length, 1);
  assert.equal(report.exchanges[0].response.startLine.status, 101);
  assert.equal(report.exchanges[0].request, null);
  assert.equal(wslens.acceptKey('dGhlIHNhbXBsZSBub25jZQ=='), 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  assert.equal(typeof wslens.version, 'string');
  assert.deepEqual(Object.keys(wslens).sort(), ['acceptKey', 'acceptSteps', 'explainHeader', 'headerDocs', 'inspect', 'redact', 'rules', 'schemaVersion', 'version']);
  assert.throws(() => wslens.inspect(1), TypeError);
});

test('ESM and CommonJS share one instance', async () => {
  const esm = await import('wslens');
  assert.equal(esm.inspect, require('wslens').inspect);
});
