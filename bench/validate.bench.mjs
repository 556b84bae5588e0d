#!/usr/bin/env node
// validate against `tsc --noEmit` (TypeScript 6, node_modules/typescript) on the same generated
// plugins with the same compiler options (validate's defaults, written out as a tsconfig for tsc),
// paired in one run: 100 and 500 plugins of about 130
// lines. For each size and round, in turn: tsc, cold validate (empty cache, type-check and every
// rule), warm validate (nothing changed), and cold validate with the bundled TypeScript 6 checker
// only (--type-checker typescript), to show what the native TypeScript 7 type-check buys.
// Wall time of the whole command (process start to exit) and peak RSS of its process tree
// (validate's node process plus its tsgo child, sampled from /proc). Medians of ROUNDS rounds.
//   node bench/validate.bench.mjs            (after npm run build; or npm run bench -- validate)
//   SIZES=100 ROUNDS=5 node bench/validate.bench.mjs
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './validate-corpus.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const out = path.join(here, '.out');
const SIZES = (process.env.SIZES ?? '100,500').split(',').map(Number);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const bin = path.join(root, 'bin', 'svgx-plugins.js');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const sdkTypes = path.join(root, 'dist', 'lint', 'sdk-types.d.ts');

/** RSS in KiB of a process and all its descendants, from /proc (Linux); 0 elsewhere. */
function treeRss(pid) {
  let total = 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const child of children ? children.split(/\s+/) : []) total += treeRss(Number(child));
    }
  } catch {
    // the process ended between two reads
  }
  return total;
}

function measure(args, cwd) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, treeRss(child.pid))), 5);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      const ms = performance.now() - started;
      if (code !== 0 && code !== 1) reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve({ ms, rssMiB: peak / 1024, code });
    });
  });
}

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

const rows = [];
for (const size of SIZES) {
  const dir = path.join(out, `validate-${size}`);
  const { tsconfigPath } = await generateCorpus(dir, size, sdkTypes);
  const cache = path.join(out, `validate-cache-${size}`);
  const runs = { tsc: [], cold: [], warm: [], coldTs6: [] };
  for (let round = 0; round < ROUNDS; round += 1) {
    runs.tsc.push(await measure([tsc, '--noEmit', '-p', tsconfigPath], root));
    rmSync(cache, { recursive: true, force: true });
    const cold = await measure([bin, 'validate', dir, '--format', 'json', '--cache-location', cache], root);
    if (cold.code !== 0) throw new Error(`validate found problems in the generated corpus (exit ${cold.code})`);
    runs.cold.push(cold);
    runs.warm.push(await measure([bin, 'validate', dir, '--format', 'json', '--cache-location', cache], root));
    runs.coldTs6.push(await measure([bin, 'validate', dir, '--format', 'json', '--no-cache', '--type-checker', 'typescript'], root));
  }
  const m = Object.fromEntries(Object.entries(runs).map(([k, list]) => [k, { ms: median(list.map((r) => r.ms)), rssMiB: median(list.map((r) => r.rssMiB)) }]));
  rows.push({ size, ...m });
}

const f = (n) => n.toFixed(0).padStart(6);
const r = (a, b) => `${(a / b).toFixed(2)}x`.padStart(6);
console.log(`validate vs tsc --noEmit (TypeScript ${JSON.parse(readFileSync(path.join(root, 'node_modules/typescript/package.json'), 'utf8')).version}), Node ${process.version}, median of ${ROUNDS} rounds`);
console.log('plugins | tsc ms  RSS MiB | cold ms  ratio  RSS MiB ratio | warm ms ratio | cold, TS6 checker only: ms  ratio  RSS MiB');
for (const row of rows) {
  console.log(
    `${String(row.size).padStart(7)} | ${f(row.tsc.ms)} ${f(row.tsc.rssMiB)} | ${f(row.cold.ms)} ${r(row.cold.ms, row.tsc.ms)} ${f(row.cold.rssMiB)} ${r(row.cold.rssMiB, row.tsc.rssMiB)} | ${f(row.warm.ms)} ${r(row.warm.ms, row.tsc.ms)} | ${f(row.coldTs6.ms)} ${r(row.coldTs6.ms, row.tsc.ms)} ${f(row.coldTs6.rssMiB)}`,
  );
}
console.log('targets: cold <= 1.2x tsc at 100 and <= 1.0x at 500; warm <= 0.15x; peak RSS <= 1.2x tsc');
