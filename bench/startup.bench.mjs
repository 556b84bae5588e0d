#!/usr/bin/env node
// Start-up cost of `svgx-plugins --help` and `--version` against a bare `node -e 0`.
// Target: at most 1.35x. Run by `npm run bench`, or alone: npm run build && node bench/startup.bench.mjs
// Runs are interleaved (node, --version, --help, node, ...) so a busy machine slows all three alike.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.RUNS ?? 30);
const TARGET = 1.35;
const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'svgx-plugins.js');
const cases = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'svgx-plugins --version', args: [bin, '--version'] },
  { name: 'svgx-plugins --help', args: [bin, '--help'] },
];
// An environment without NODE_OPTIONS (a test runner's loader would be timed too).
const env = { ...process.env };
delete env.NODE_OPTIONS;

function timeOnce(args) {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const elapsed = performance.now() - started;
  if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return elapsed;
}

const samples = cases.map(() => []);
for (const c of cases) timeOnce(c.args); // warm the file cache
for (let r = 0; r < RUNS; r += 1) for (const [i, c] of cases.entries()) samples[i].push(timeOnce(c.args));
// The minimum is the figure least disturbed by other work on the machine (the cost itself is
// fixed); the median is printed beside it to show how noisy the run was.
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const min = (xs) => Math.min(...xs);
const baseMin = min(samples[0]);
const baseMedian = median(samples[0]);
let worst = 0;
console.log(`${RUNS} runs each, interleaved          min (ratio)        median (ratio)`);
for (const [i, c] of cases.entries()) {
  const lo = min(samples[i]);
  const mid = median(samples[i]);
  if (i > 0) worst = Math.max(worst, lo / baseMin);
  console.log(`  ${c.name.padEnd(24)} ${lo.toFixed(1).padStart(7)} ms (${(lo / baseMin).toFixed(2)}x)  ${mid.toFixed(1).padStart(7)} ms (${(mid / baseMedian).toFixed(2)}x)`);
}
console.log(worst <= TARGET ? `within target: ${worst.toFixed(2)}x <= ${TARGET}x (min)` : `OVER TARGET: ${worst.toFixed(2)}x > ${TARGET}x (min)`);
