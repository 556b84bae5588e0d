#!/usr/bin/env node
// Write-to-live latency of `load --watch`, and heap growth over 500 reloads of one plugin.
// Run by `npm run bench` (node --expose-gc, after a build), or alone:
//   npm run build && node --expose-gc bench/reload.bench.mjs
// Latency is from the moment writeFile returns to the moment the watcher reports the new
// behaviors live (checked by dispatching an event and reading the new value back).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PluginSystem } from '../dist/plugins/plugin-system.js';
import { PluginWatcher } from '../dist/plugins/watch.js';

const WARMUP = 30;
const RELOADS = Number(process.env.RELOADS ?? 500);
const TARGET_MS = 10;
const TARGET_HEAP_BYTES = 1024 * 1024;

const source = (n) => `import { definePlugin } from 'svgx-plugins';
export default definePlugin({
  metadata: { name: 'probe', version: '1.0.${n}', author: 'bench', description: 'reload probe' },
  register(registry) {
    registry.registerBehavior({ id: 'probe.value', type: 'custom', events: ['operational'], handler: () => ${n} });
  },
});
`;

const gc = globalThis.gc ?? (() => undefined);
if (!globalThis.gc) console.log('(run with --expose-gc for a meaningful heap figure)');

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** One run: a fresh folder, system and watcher; `trusted` picks the loader of the probe. */
async function run(trusted) {
  const dir = await mkdtemp(path.join(tmpdir(), 'svgx-reload-bench-'));
  const file = path.join(dir, 'probe.ts');
  await writeFile(file, source(0));
  const system = new PluginSystem({ pluginDir: dir, plugins: { probe: { trusted } } });
  const watcher = new PluginWatcher(system, { debounceMs: 20 });
  let waiting;
  watcher.on('change', (change) => {
    if (waiting && change.plugin === 'probe' && (change.type === 'reloaded' || change.type === 'failed')) {
      const resolve = waiting;
      waiting = undefined;
      resolve({ change, at: performance.now() });
    }
  });
  await watcher.start();
  const loader = system.getPlugin('probe')?.loader;

  async function reloadOnce(n) {
    const seen = new Promise((resolve) => (waiting = resolve));
    await writeFile(file, source(n));
    const written = performance.now();
    const { change, at } = await seen;
    if (change.type !== 'reloaded') throw new Error(`reload ${n} failed: ${change.error.message}`);
    const result = await system.engine.dispatch({ type: 'operational' });
    const value = result.results[0]?.value;
    if (value !== n) throw new Error(`reload ${n}: the live behavior answered ${value}`);
    return { total: at - written, inSystem: change.reloadMs };
  }

  let n = 1;
  for (let i = 0; i < WARMUP; i += 1) await reloadOnce(n++);
  await watcher.idle();
  gc();
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const totals = [];
  const inSystem = [];
  for (let i = 0; i < RELOADS; i += 1) {
    const r = await reloadOnce(n++);
    totals.push(r.total);
    inSystem.push(r.inSystem);
    // Not a fixed sleep in a test: it only lets chokidar's 50 ms per-file change throttle
    // lapse, since the benchmark saves far faster than a person does and would lose events.
    await new Promise((resolve) => setTimeout(resolve, 55));
  }
  await watcher.idle();
  await new Promise((resolve) => setTimeout(resolve, 60));
  gc();
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  await watcher.close();
  await system.close();
  await rm(dir, { recursive: true, force: true });

  totals.sort((a, b) => a - b);
  inSystem.sort((a, b) => a - b);
  const median = percentile(totals, 50);
  const growth = heapAfter - heapBefore;
  console.log(`\n${loader} loader: ${RELOADS} reloads measured (after ${WARMUP} warm-up)`);
  console.log(`  write -> new behaviors live:   median ${median.toFixed(2)} ms, p95 ${percentile(totals, 95).toFixed(2)} ms (target < ${TARGET_MS} ms)`);
  console.log(`  file event -> live (reloadPlugin): median ${percentile(inSystem, 50).toFixed(2)} ms, p95 ${percentile(inSystem, 95).toFixed(2)} ms`);
  console.log(`  heap growth over ${RELOADS} reloads: ${(growth / 1024).toFixed(0)} KiB (target < ${TARGET_HEAP_BYTES / 1024} KiB)`);
  const ok = median < TARGET_MS && growth < TARGET_HEAP_BYTES;
  console.log(`  ${ok ? 'within target' : 'OVER TARGET'}`);
  return ok;
}

// LOADERS=trusted or LOADERS=sandboxed runs one of the two.
const loaders = (process.env.LOADERS ?? 'trusted,sandboxed').split(',');
const trustedOk = loaders.includes('trusted') ? await run(true) : true;
const sandboxedOk = loaders.includes('sandboxed') ? await run(false) : true;
// The exit code follows the watcher's own figure (trusted loader); the sandbox's cost per
// reload (a fresh QuickJS instance) is reported beside it, not hidden.
if (!trustedOk) process.exitCode = 1;
if (!sandboxedOk) console.log('\n(the sandboxed figure includes building a fresh sandbox per reload)');
