#!/usr/bin/env node
// Figures for the plugin system (trusted loader): dispatch overhead per behavior call against
// a direct function call in the same run; load time of 100 generated plugins; reload latency
// (file write to new behaviors live), median and p95; heap growth over 500 reloads.
// Run with `npm run bench -- plugins` (builds first; uses dist/).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BehaviorEngine, PluginSystem, TrustedLoader } from '../dist/index.js';

const gc = globalThis.gc ?? (() => undefined);
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const fmt = (n, digits = 2) => n.toFixed(digits);

function pluginCode(name, version, behaviors = 2) {
  const lines = [];
  for (let i = 0; i < behaviors; i += 1) {
    lines.push(`    registry.registerBehavior({
      id: '${name}.b${i}',
      type: 'event_driven',
      events: ['user_interaction'],
      priority: '${['high', 'normal', 'low'][i % 3]}',
      handler: (event) => ({ plugin: '${name}', version: '${version}', x: Number(event.data['x'] ?? 0) * ${i + 1} }),
    });`);
  }
  return `import { definePlugin } from 'svgx-plugins';

interface Point { x: number; y: number }
const origin: Point = { x: 0, y: 0 };

export default definePlugin({
  metadata: { name: '${name}', version: '${version}', author: 'Bench', description: 'generated plugin ${name}' },
  register(registry) {
${lines.join('\n')}
  },
  dispose() { origin.x = 0; },
});
`;
}

async function dispatchOverhead() {
  const engine = new BehaviorEngine();
  const behaviors = 10;
  const handler = (event) => event.data.x + 1;
  for (let i = 0; i < behaviors; i += 1) engine.registry.register({ id: `b${i}`, type: 'custom', events: ['physics'], handler });
  const event = BehaviorEngine.createEvent({ type: 'physics', data: { x: 1 } });
  const rounds = 20_000;
  for (let i = 0; i < 2_000; i += 1) await engine.dispatch(event); // warm-up
  let t = performance.now();
  for (let i = 0; i < rounds; i += 1) await engine.dispatch(event);
  const engineNs = ((performance.now() - t) * 1e6) / (rounds * behaviors);
  // The reference: the same handlers called directly, awaited the same way, same run.
  const handlers = Array.from({ length: behaviors }, () => handler);
  t = performance.now();
  let sink = 0;
  for (let i = 0; i < rounds; i += 1) for (const h of handlers) sink += await h(event);
  const directNs = ((performance.now() - t) * 1e6) / (rounds * behaviors);
  t = performance.now();
  for (let i = 0; i < rounds; i += 1) for (const h of handlers) sink += h(event);
  const plainNs = ((performance.now() - t) * 1e6) / (rounds * behaviors);
  console.log(`dispatch: ${fmt(engineNs, 0)} ns per behavior call through the engine (timeout, stats, histogram, result)`);
  console.log(`          ${fmt(directNs, 0)} ns per direct awaited call, ${fmt(plainNs, 1)} ns per plain call (same run)`);
  console.log(`          overhead ${fmt(engineNs - directNs, 0)} ns a call; ratio ${fmt(engineNs / directNs, 1)}x awaited direct call${sink < 0 ? '' : ''}`);
}

async function loadHundred(dir) {
  for (let i = 0; i < 100; i += 1) await writeFile(path.join(dir, `gen-${String(i).padStart(3, '0')}.ts`), pluginCode(`gen-${String(i).padStart(3, '0')}`, '1.0.0'));
  const times = [];
  for (let run = 0; run < 3; run += 1) {
    const system = new PluginSystem({ pluginDir: dir, loader: new TrustedLoader() });
    const t = performance.now();
    const infos = await system.loadAll();
    times.push(performance.now() - t);
    if (infos.filter((p) => p.status === 'loaded').length !== 100) throw new Error('not every generated plugin loaded');
    await system.close();
  }
  times.sort((a, b) => a - b);
  console.log(`load 100 plugins: ${fmt(times[1], 0)} ms median of 3 (${fmt(times[1] / 100, 2)} ms a plugin; runs ${times.map((t) => fmt(t, 0)).join(', ')} ms)`);
}

async function reloads(dir) {
  await writeFile(path.join(dir, 'hot.ts'), pluginCode('hot', '1.0.0'));
  const system = new PluginSystem({ pluginDir: dir, loader: new TrustedLoader() });
  await system.loadPlugin('hot');
  const file = path.join(dir, 'hot.ts');
  const latencies = [];
  const once = async (i) => {
    const version = `1.0.${i + 1}`;
    const t = performance.now();
    await writeFile(file, pluginCode('hot', version));
    await system.reloadPlugin('hot', { startedAt: t });
    const { results } = await system.engine.dispatch({ type: 'user_interaction', data: { x: 1 } });
    const live = results.find((r) => r.behaviorId === 'hot.b0')?.value?.version;
    if (live !== version) throw new Error(`reload ${i} did not go live: ${live}`);
    return performance.now() - t;
  };
  for (let i = 0; i < 30; i += 1) await once(i); // warm-up
  for (let i = 30; i < 230; i += 1) latencies.push(await once(i));
  latencies.sort((a, b) => a - b);
  console.log(`reload (write -> new behaviors live): median ${fmt(quantile(latencies, 0.5))} ms, p95 ${fmt(quantile(latencies, 0.95))} ms over 200 (target: median < 10 ms)`);

  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 230; i < 730; i += 1) await once(i);
  gc();
  await new Promise((r) => setTimeout(r, 50));
  gc();
  const after = process.memoryUsage().heapUsed;
  const growth = (after - before) / 1024 / 1024;
  console.log(`heap growth over 500 reloads: ${fmt(growth)} MiB (target < 1 MiB)${globalThis.gc ? '' : ' [run with --expose-gc for a fair figure]'}`);
  await system.close();
}

const dir = await mkdtemp(path.join(tmpdir(), 'svgx-bench-'));
try {
  await dispatchOverhead();
  await loadHundred(path.join(dir));
  const hotDir = await mkdtemp(path.join(tmpdir(), 'svgx-bench-hot-'));
  try {
    await reloads(hotDir);
  } finally {
    await rm(hotDir, { recursive: true, force: true });
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
