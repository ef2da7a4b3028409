// wslens for Node (CommonJS): the WebAssembly is read and compiled synchronously on load.
'use strict';
const api = require('./wslens.cjs');

module.exports = {
  inspect: api.inspect,
  redact: api.redact,
  acceptKey: api.acceptKey,
  acceptSteps: api.acceptSteps,
  explainHeader: api.explainHeader,
  rules: api.rules,
  headerDocs: api.headerDocs,
  version: api.packageVersion(),
  schemaVersion: api.schemaVersion(),
};
