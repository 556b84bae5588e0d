#!/usr/bin/env node
// What the sandbox costs. Run by `npm run bench` (node --expose-gc, after a build), or alone:
//   npm run build && node --expose-gc bench/sandbox.bench.mjs
// Prints: per-call overhead of a sandboxed behavior against a trusted one and a direct call;
// creation time and memory of 100 sandboxed plugins; reload latency; memory growth over 500
// reloads (a released sandbox must give its WebAssembly memory back). Figures, not pass/fail.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PluginSystem } from '../dist/plugins/plugin-system.js';
import { SandboxedLoader } from '../dist/sandbox/index.js';
import { TrustedLoader } from '../dist/plugins/trusted-loader.js';

const CALLS = Number(process.env.CALLS ?? 20000);
const PLUGINS = Number(process.env.PLUGINS ?? 100);
const RELOADS = Number(process.env.RELOADS ?? 500);
const gc = globalThis.gc ?? (() => undefined);
if (!globalThis.gc) console.log('(run with --expose-gc for meaningful memory figures)');

const handlerSource = `(event) => ({ ok: event.data.x > 0, id: event.elementId })`;
const source = (name, n = 0) => `import { definePlugin } from 'svgx-plugins';
export default definePlugin({
  metadata: { name: '${name}', version: '1.0.${n}', author: 'bench', description: 'sandbox probe' },
  register(registry) {
    registry.registerBehavior({ id: '${name}.main', type: 'custom', events: ['physics'], handler: ${handlerSource} });
  },
});
`;

const mib = (bytes) => (bytes / 1024 / 1024).toFixed(1);
const fmt = (x, digits = 2) => x.toFixed(digits);
function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
function memory() {
  gc();
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, external: m.external };
}
const event = (x) => ({ id: 'e', type: 'physics', priority: 'normal', timestamp: 0, elementId: 'r1', data: { x } });

async function withDir(files, work) {
  const dir = await mkdtemp(path.join(tmpdir(), 'svgx-sandbox-bench-'));
  try {
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// 1. Per-call overhead --------------------------------------------------------------------------
async function perCall() {
  return withDir({ 'probe.ts': source('probe') }, async (dir) => {
    const timeCalls = async (call) => {
      for (let i = 0; i < 1000; i += 1) await call(i);
      const started = performance.now();
      for (let i = 0; i < CALLS; i += 1) await call(i);
      return ((performance.now() - started) / CALLS) * 1000;
    };
    // eslint-disable-next-line no-new-func -- the same handler, compiled in the host for the direct figure
    const direct = new Function(`return ${handlerSource}`)();
    const directUs = await timeCalls((i) => direct(event(i)));
    const figures = { directUs };
    for (const [kind, loader] of [
      ['trusted', new TrustedLoader()],
      ['sandboxed', new SandboxedLoader()],
    ]) {
      const system = new PluginSystem({ pluginDir: dir, loader });
      await system.loadAll();
      const behavior = system.engine.registry.get('probe.main');
      const check = await system.engine.invoke(behavior, event(1));
      if (check.outcome !== 'ok' || check.value.ok !== true) throw new Error(`${kind}: ${JSON.stringify(check)}`);
      figures[`${kind}InvokeUs`] = await timeCalls((i) => system.engine.invoke(behavior, event(i)));
      figures[`${kind}HandlerUs`] = await timeCalls((i) => behavior.handler(event(i), undefined));
      await system.close();
    }
    return figures;
  });
}

// 2. Creation of 100 plugins ---------------------------------------------------------------------
async function create100(kind) {
  const files = {};
  for (let i = 0; i < PLUGINS; i += 1) files[`p${i}.ts`] = source(`p${i}`);
  return withDir(files, async (dir) => {
    const before = memory();
    const system = new PluginSystem({ pluginDir: dir, loader: kind === 'sandboxed' ? new SandboxedLoader() : new TrustedLoader() });
    const started = performance.now();
    const infos = await system.loadAll();
    const elapsed = performance.now() - started;
    const failed = infos.filter((p) => p.status !== 'loaded');
    if (failed.length > 0) throw new Error(`${failed.length} failed: ${failed[0].lastError?.message}`);
    const loadMs = infos.map((p) => p.metrics.loadMs).sort((a, b) => a - b);
    const after = memory();
    await system.close();
    const closed = memory();
    return {
      totalMs: elapsed,
      loadP50Ms: percentile(loadMs, 50),
      rssPerPluginMiB: (after.rss - before.rss) / PLUGINS / 1024 / 1024,
      heapPerPluginMiB: (after.heap - before.heap) / PLUGINS / 1024 / 1024,
      rssAfterCloseMiB: (closed.rss - before.rss) / 1024 / 1024,
    };
  });
}

// 3 and 4. Reload latency and memory growth over 500 reloads ---------------------------------------
async function reloads(kind) {
  return withDir({ 'probe.ts': source('probe', 0) }, async (dir) => {
    const system = new PluginSystem({ pluginDir: dir, loader: kind === 'sandboxed' ? new SandboxedLoader() : new TrustedLoader() });
    await system.loadAll();
    let n = 1;
    const reloadOnce = async () => {
      await writeFile(path.join(dir, 'probe.ts'), source('probe', n));
      const started = performance.now();
      const info = await system.reloadPlugin('probe');
      const ms = performance.now() - started;
      if (info.version !== `1.0.${n}` || info.lastError) throw new Error(`reload ${n}: ${info.lastError?.message ?? info.version}`);
      const r = await system.engine.dispatch({ type: 'physics', data: { x: 1 } });
      if (r.results[0]?.value?.ok !== true) throw new Error(`reload ${n}: ${JSON.stringify(r.results[0])}`);
      n += 1;
      return ms;
    };
    for (let i = 0; i < 30; i += 1) await reloadOnce();
    const before = memory();
    const times = [];
    const samples = [];
    for (let i = 0; i < RELOADS; i += 1) {
      times.push(await reloadOnce());
      if ((i + 1) % 100 === 0) samples.push(mib(memory().rss));
    }
    const after = memory();
    await system.close();
    times.sort((a, b) => a - b);
    return {
      p50Ms: percentile(times, 50),
      p95Ms: percentile(times, 95),
      rssGrowthMiB: (after.rss - before.rss) / 1024 / 1024,
      heapGrowthMiB: (after.heap - before.heap) / 1024 / 1024,
      externalGrowthMiB: (after.external - before.external) / 1024 / 1024,
      rssEvery100: samples,
    };
  });
}

// 5. Whether a released instance's WebAssembly memory is collected (not just reused).
async function collected() {
  const { newQuickJSInstance } = await import('../dist/sandbox/quickjs.js');
  let finalized = 0;
  const registry = new FinalizationRegistry(() => {
    finalized += 1;
  });
  for (let i = 0; i < PLUGINS; i += 1) {
    const instance = await newQuickJSInstance(64);
    const runtime = instance.newRuntime();
    const context = runtime.newContext();
    context.evalCode('globalThis.hoard = new Array(100000).fill(1)').dispose();
    registry.register(instance.getWasmMemory(), i);
    context.dispose();
    runtime.dispose();
  }
  for (let i = 0; i < 10 && finalized < PLUGINS - 1; i += 1) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return finalized;
}

// The alternative measured and not chosen: one runtime per plugin inside one shared instance.
async function sharedInstanceRuntimes() {
  const { getQuickJS } = await import('quickjs-emscripten');
  const qjs = await getQuickJS();
  const before = memory();
  const started = performance.now();
  const contexts = [];
  for (let i = 0; i < PLUGINS; i += 1) {
    const rt = qjs.newRuntime();
    const ctx = rt.newContext();
    ctx.evalCode('var a = 1').dispose();
    contexts.push(ctx);
  }
  const ms = (performance.now() - started) / PLUGINS;
  const after = memory();
  for (const ctx of contexts) {
    const rt = ctx.runtime;
    ctx.dispose();
    rt.dispose();
  }
  return { msPerRuntime: ms, rssPerRuntimeMiB: (after.rss - before.rss) / PLUGINS / 1024 / 1024 };
}

console.log(`node ${process.version}, ${CALLS} calls, ${PLUGINS} plugins, ${RELOADS} reloads`);
const calls = await perCall();
console.log('\nper call (µs)            direct   trusted   sandboxed');
console.log(`  handler itself        ${fmt(calls.directUs).padStart(6)}  ${fmt(calls.trustedHandlerUs).padStart(8)}  ${fmt(calls.sandboxedHandlerUs).padStart(10)}`);
console.log(`  engine.invoke             -   ${fmt(calls.trustedInvokeUs).padStart(8)}  ${fmt(calls.sandboxedInvokeUs).padStart(10)}`);
console.log(
  `  ratios: sandboxed/trusted invoke ${fmt(calls.sandboxedInvokeUs / calls.trustedInvokeUs, 1)}x, sandboxed handler/direct ${fmt(calls.sandboxedHandlerUs / calls.directUs, 0)}x, overhead ${fmt(calls.sandboxedInvokeUs - calls.trustedInvokeUs)} µs a call`,
);

for (const kind of ['trusted', 'sandboxed']) {
  const c = await create100(kind);
  console.log(
    `\n${PLUGINS} ${kind} plugins: ${fmt(c.totalMs, 0)} ms in all, load p50 ${fmt(c.loadP50Ms, 1)} ms each, ` +
      `+${fmt(c.rssPerPluginMiB)} MiB RSS and +${fmt(c.heapPerPluginMiB, 3)} MiB JS heap per plugin; ` +
      `RSS +${fmt(c.rssAfterCloseMiB, 1)} MiB over the start after closing them all`,
  );
}

const shared = await sharedInstanceRuntimes();
console.log(`\n(alternative) a runtime in one shared QuickJS instance: ${fmt(shared.msPerRuntime)} ms and +${fmt(shared.rssPerRuntimeMiB)} MiB RSS each`);

if (globalThis.gc) console.log(`\nreleased instances whose WebAssembly memory was collected: ${await collected()} of ${PLUGINS}`);

const signed = (x, digits) => `${x >= 0 ? '+' : ''}${fmt(x, digits)}`;
for (const kind of ['sandboxed', 'trusted']) {
  const r = await reloads(kind);
  console.log(`\nreload of a ${kind} plugin (build, evaluate, register, swap): p50 ${fmt(r.p50Ms, 1)} ms, p95 ${fmt(r.p95Ms, 1)} ms`);
  console.log(
    `${RELOADS} ${kind} reloads: RSS ${signed(r.rssGrowthMiB, 1)} MiB, JS heap ${signed(r.heapGrowthMiB, 2)} MiB, ` +
      `external ${signed(r.externalGrowthMiB, 2)} MiB (RSS MiB every 100: ${r.rssEvery100.join(', ')})`,
  );
}
