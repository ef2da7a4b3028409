// wslens for browsers and bundlers (ES module). The WebAssembly (../wasm/wslens_bg.wasm) is
// found through import.meta.url; the module's top-level await compiles it once, so every
// function is synchronous after `import`.
import init, { packageVersion, schemaVersion as schema } from '../wasm/wslens.js';

await init({ module_or_path: new URL('../wasm/wslens_bg.wasm', import.meta.url) });

export { inspect, redact, acceptKey, acceptSteps, explainHeader, rules, headerDocs } from '../wasm/wslens.js';
export const version = packageVersion();
export const schemaVersion = schema();
