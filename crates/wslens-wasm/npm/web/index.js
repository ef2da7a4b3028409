// wslens for browsers and bundlers (ES module). The WebAssembly, wslens_bg.wasm, sits next
// to this file and is found through import.meta.url (a bundler that does not follow
// `new URL(..., import.meta.url)` needs it copied next to the bundle); the module's
// top-level await compiles it once, so every function is synchronous after `import`.
import init, { packageVersion, schemaVersion as schema } from './wslens.js';

await init({ module_or_path: new URL('./wslens_bg.wasm', import.meta.url) });

export { inspect, redact, acceptKey, acceptSteps, explainHeader, rules, headerDocs } from './wslens.js';
export const version = packageVersion();
export const schemaVersion = schema();
