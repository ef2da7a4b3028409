// wslens for Node (ES module): the same instance as the CommonJS entry, loaded synchronously,
// so `import { inspect } from 'wslens'` needs no await and no flag.
import { createRequire } from 'node:module';

const api = createRequire(import.meta.url)('./index.cjs');

export const { inspect, redact, acceptKey, acceptSteps, explainHeader, rules, headerDocs, version, schemaVersion } = api;
