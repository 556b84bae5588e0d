import { describe, expect, it } from 'vitest';
import { BehaviorEngine, TrustedLoader } from '../../src/index.js';
import { pluginSource, usePluginSystem } from '../helpers/plugin-dir.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const harness = usePluginSystem();
const setup = harness.setup;

describe('BehaviorEngine.afterRunningDispatches', () => {
  it('waits for the dispatches already running, not for those that start later', async () => {
    const engine = new BehaviorEngine();
    engine.registry.register({ id: 'slow', type: 'custom', events: ['physics'], handler: () => sleep(30) });
    const first = engine.dispatch({ type: 'physics' });
    let ran = false;
    engine.afterRunningDispatches(() => (ran = true));
    const later = engine.dispatch({ type: 'physics' });
    expect(ran).toBe(false);
    await first;
    expect(ran).toBe(true);
    await later;
  });

  it('runs at once when nothing is dispatching', () => {
    const engine = new BehaviorEngine();
    let ran = false;
    engine.afterRunningDispatches(() => (ran = true));
    expect(ran).toBe(true);
  });
});

describe('custom metrics are bounded', () => {
  it('ignores names over 64 characters and new names past 100 per plugin', () => {
    const engine = new BehaviorEngine();
    engine.recordMetric('p', 'x'.repeat(65), 1);
    for (let i = 0; i < 150; i += 1) engine.recordMetric('p', `m${i}`, i);
    const metrics = engine.getCustomMetrics('p');
    expect(Object.keys(metrics)).toHaveLength(100);
    expect(metrics['m0']).toBeDefined();
    expect(metrics['m120']).toBeUndefined();
    engine.recordMetric('p', 'm0', 5);
    expect(engine.getCustomMetrics('p')['m0']?.count).toBe(2);
  });
});

describe('PluginSystem lifecycle edges', () => {
  it('lets a dispatch that started before a reload finish on the old version, in the sandbox', async () => {
    const s = await setup({ 'target.ts': pluginSource({ name: 'target', version: '1.0.0' }) });
    await s.loadPlugin('target');
    // A host behavior that runs first and gives the reload time to swap and free the old version.
    let reload: Promise<unknown> | undefined;
    s.engine.registry.register({
      id: 'host.first',
      type: 'custom',
      events: ['user_interaction'],
      priority: 'critical',
      handler: async () => {
        await harness.dir().write('target.ts', pluginSource({ name: 'target', version: '2.0.0' }));
        reload = s.reloadPlugin('target');
        await reload;
      },
      timeoutMs: 5000,
    });
    const { results } = await s.engine.dispatch({ type: 'user_interaction' });
    expect(results.find((r) => r.behaviorId === 'target.main')).toMatchObject({ outcome: 'ok', value: { from: 'target', v: '1.0.0' } });
    s.engine.registry.delete('host.first');
    const after = await s.engine.dispatch({ type: 'user_interaction' });
    expect(after.results.find((r) => r.behaviorId === 'target.main')).toMatchObject({ outcome: 'ok', value: { v: '2.0.0' } });
  });

  it('disposes of what register started when validatePlugin ran it', async () => {
    const s = await setup(
      {
        'ticker.ts': pluginSource({
          name: 'ticker',
          prelude: `const g = globalThis as unknown as { __tickerTimer?: ReturnType<typeof setInterval>; __tickerDisposed?: number };`,
          register: `g.__tickerTimer = setInterval(() => undefined, 1000);
registry.registerBehavior({ id: 'ticker.x', type: 'custom', events: ['system'], handler: () => 1 });`,
          dispose: `clearInterval(g.__tickerTimer); g.__tickerDisposed = (g.__tickerDisposed ?? 0) + 1;`,
        }),
      },
      { loader: new TrustedLoader() },
    );
    const validation = await s.validatePlugin('ticker', { static: false });
    expect(validation.valid).toBe(true);
    expect((globalThis as { __tickerDisposed?: number }).__tickerDisposed).toBe(1);
  });

  it('takes out the plugins that depend on a plugin whose sandbox stopped', async () => {
    const s = await setup(
      {
        'base.ts': pluginSource({
          name: 'base',
          prelude: 'const hoard: number[][] = [];',
          register: `registry.registerBehavior({ id: 'base.bomb', type: 'custom', events: ['physics'], handler: () => { for (;;) hoard.push(new Array(100000).fill(1)); } });`,
        }),
        'child.ts': pluginSource({ name: 'child', dependencies: { base: '^1.0.0' } }),
        'bystander.ts': pluginSource({ name: 'bystander' }),
      },
      { limits: { memoryLimitMb: 16 } },
    );
    await s.loadAll();
    expect(s.getPlugin('child')?.status).toBe('loaded');
    await s.engine.dispatch({ type: 'physics' });
    await s.discoverPlugins(); // queued behind the clean-up
    expect(s.getPlugin('base')?.lastError?.code).toBe('PLUGIN_MEMORY');
    expect(s.getPlugin('child')).toMatchObject({ status: 'error', behaviors: [] });
    expect(s.getPlugin('child')?.lastError?.message).toContain('child -> base');
    const { results } = await s.engine.dispatch({ type: 'user_interaction' });
    expect(results.map((r) => r.behaviorId)).toEqual(['bystander.main']);
  });
});

describe('handler time limits', () => {
  it('lets a behavior lower its time limit but never raise it past the configured one', async () => {
    const s = await setup(
      {
        'greedy.ts': pluginSource({
          name: 'greedy',
          register: `registry.registerBehavior({ id: 'greedy.long', type: 'custom', events: ['system'], timeoutMs: 8000, handler: () => 1 });
registry.registerBehavior({ id: 'greedy.short', type: 'custom', events: ['system'], timeoutMs: 20, handler: () => 1 });`,
        }),
      },
      { loader: new TrustedLoader(), limits: { handlerTimeoutMs: 100 } },
    );
    await s.loadPlugin('greedy');
    expect(s.engine.registry.get('greedy.long')?.timeoutMs).toBe(100);
    expect(s.engine.registry.get('greedy.short')?.timeoutMs).toBe(20);
  });
});

describe('plugin latency', () => {
  it('reports percentiles over all a plugin’s behaviors, merged', async () => {
    const s = await setup(
      {
        'two-speeds.ts': pluginSource({
          name: 'two-speeds',
          register: `registry.registerBehavior({ id: 'two-speeds.fast', type: 'custom', events: ['physics'], handler: () => 1 });
registry.registerBehavior({ id: 'two-speeds.slow', type: 'custom', events: ['environmental'], handler: () => { const end = Date.now() + 5; while (Date.now() < end) {} return 2; } });`,
        }),
      },
      { loader: new TrustedLoader() },
    );
    await s.loadPlugin('two-speeds');
    for (let i = 0; i < 19; i += 1) await s.engine.dispatch({ type: 'physics' });
    await s.engine.dispatch({ type: 'environmental' });
    const perf = s.monitorPluginPerformance('two-speeds');
    expect(perf.latency.count).toBe(20);
    expect(perf.latency.p50Ms).toBeLessThan(1);
    expect(perf.latency.maxMs).toBeGreaterThanOrEqual(4);
  });
});
