#!/usr/bin/env node
// Runs every bench/*.bench.mjs in its own process (so one benchmark's heap never skews
// another's), one after the other, and prints their figures. `npm run bench` builds first.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n== ${file}\n`);
  const run = spawnSync(process.execPath, ['--expose-gc', path.join(here, file)], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed += 1;
    process.stdout.write(`!! ${file} exited with ${run.status}\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
