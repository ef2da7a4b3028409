// What the package tests share: the repository's fixtures and the CLI's answers for them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = process.env.WSLENS_ROOT;
export const BIN = process.env.WSLENS_BIN;
if (!ROOT || !BIN) throw new Error('run through scripts/test-npm.sh (WSLENS_ROOT and WSLENS_BIN)');

/** Every fixture the core's own tests read, sorted: text, HAR, pcap and pcapng. */
export function fixtures() {
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.(txt|json|pcap|pcapng)$/.test(entry.name) && entry.name !== 'outcomes.json') out.push(file);
    }
  };
  walk(path.join(ROOT, 'crates/wslens-core/tests/fixtures'));
  return out.sort();
}

/** `wslens ARGS...` on its standard output, parsed as JSON. */
export function cliJson(...args) {
  const run = spawnSync(BIN, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  // 0 ok, 1 failed, 2 unusable input: each prints its report.
  if (![0, 1, 2].includes(run.status) || !run.stdout) throw new Error(`wslens ${args.join(' ')}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}
