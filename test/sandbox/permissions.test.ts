import { afterEach, describe, expect, it } from 'vitest';
import { sandboxPlugin, harness, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('declared permissions: a capability exists inside the sandbox only when metadata.permissions lists it', () => {
  it('gives timers to a plugin that declares them: an async handler can wait on setTimeout and setImmediate', async () => {
    h = await harness({
      'ticker.js': sandboxPlugin({
        name: 'ticker',
        permissions: ['timers'],
        handler: `async (event) => { await new Promise((r) => setTimeout(r, 5)); await new Promise((r) => setImmediate(r)); return { waited: true, n: event.data.n ?? 0 }; }`,
      }),
    });
    await h.system.loadAll();
    expect(h.resultOf(await h.dispatch(3), 'ticker.main')).toMatchObject({ outcome: 'ok', value: { waited: true, n: 3 } });
    await h.expectHostServes();
  });

  it('runs interval callbacks under the handler time limit and stops them on unload', async () => {
    h = await harness({
      'pulse.js': sandboxPlugin({
        name: 'pulse',
        permissions: ['timers', 'log'],
        prelude: 'let ticks = 0;',
        register: `setInterval(() => { ticks += 1; if (ticks === 2) { while (true) {} } }, 10);
          registry.registerBehavior({ id: 'pulse.main', type: 'custom', events: ['physics'], handler: () => ticks });`,
      }),
    });
    await h.system.loadAll();
    await new Promise((r) => setTimeout(r, 400));
    const ticks = h.resultOf(await h.dispatch(), 'pulse.main')?.value as number;
    expect(ticks).toBeGreaterThanOrEqual(2);
    expect(h.system.getPluginLogs('pulse').some((l) => l.level === 'error' && l.message.includes('ran past'))).toBe(true);
    await h.system.unloadPlugin('pulse');
    await h.expectHostServes();
  });

  it('keeps storage per plugin across reloads', async () => {
    const source = (version: string) =>
      sandboxPlugin({
        name: 'counter',
        version,
        permissions: ['storage'],
        register: `registry.registerBehavior({ id: 'counter.main', type: 'custom', events: ['physics'], handler: () => {
          const next = (ctx.storage.get('count') ?? 0) + 1;
          ctx.storage.set('count', next);
          return { count: next, keys: ctx.storage.keys() };
        } });`,
      });
    h = await harness({ 'counter.js': source('1.0.0') });
    await h.system.loadAll();
    await h.dispatch();
    expect(h.resultOf(await h.dispatch(), 'counter.main')?.value).toEqual({ count: 2, keys: ['count'] });
    await h.dir.write('counter.js', source('1.0.1'));
    await h.system.reloadPlugin('counter');
    expect(h.resultOf(await h.dispatch(), 'counter.main')?.value).toEqual({ count: 3, keys: ['count'] });
    await h.expectHostServes();
  });

  it('writes ctx.log and console lines to the plugin log when log is declared', async () => {
    h = await harness({
      'chatty.js': sandboxPlugin({
        name: 'chatty',
        permissions: ['log'],
        register: `ctx.log.info('starting'); console.warn('careful', { a: 1 });
          registry.registerBehavior({ id: 'chatty.main', type: 'custom', events: ['physics'], handler: () => { ctx.log.error('handled'); return 1; } });`,
      }),
    });
    await h.system.loadAll();
    await h.dispatch();
    expect(h.system.getPluginLogs('chatty').map((l) => [l.level, l.message])).toEqual([
      ['info', 'starting'],
      ['warn', 'careful {"a":1}'],
      ['error', 'handled'],
    ]);
  });

  it('fails register of a plugin that uses an undeclared capability, naming what is missing', async () => {
    h = await harness({ 'sneaky.js': sandboxPlugin({ name: 'sneaky', register: `ctx.log.info('hi');` }) });
    await h.system.loadAll();
    const info = h.system.getPlugin('sneaky');
    expect(info?.status).toBe('error');
    expect(info?.lastError?.message).toMatch(/undefined|cannot read/i);
    await h.expectHostServes();
  });

  it('refuses an unknown permission as invalid metadata', async () => {
    h = await harness({ 'greedy.js': sandboxPlugin({ name: 'greedy', permissions: ['network'] }) });
    await h.system.loadAll();
    expect(h.system.getPlugin('greedy')).toMatchObject({ status: 'invalid' });
    expect(h.system.getPlugin('greedy')?.lastError?.message).toContain('permissions');
  });
});

describe('the trusted tier is an opt-in per plugin', () => {
  it('runs a plugin in the host realm only when plugins.<name>.trusted is true', async () => {
    const probe = (name: string) => sandboxPlugin({ name, handler: `() => typeof process` });
    h = await harness({ 'mine.js': probe('mine'), 'theirs.js': probe('theirs') }, { plugins: { mine: { trusted: true } } });
    await h.system.loadAll();
    expect(h.system.getPlugin('mine')?.loader).toBe('trusted');
    expect(h.system.getPlugin('theirs')?.loader).toBe('sandboxed');
    const d = await h.dispatch();
    expect(h.resultOf(d, 'mine.main')?.value).toBe('object');
    expect(h.resultOf(d, 'theirs.main')?.value).toBe('undefined');
  });
});

describe('a sandbox is freed with its plugin', () => {
  it('fails calls into an unloaded plugin as data, not as a throw into the host', async () => {
    h = await harness({ 'gone.js': sandboxPlugin({ name: 'gone' }) });
    await h.system.loadAll();
    const behavior = h.system.engine.registry.get('gone.main');
    await h.system.unloadPlugin('gone');
    expect(behavior).toBeDefined();
    if (!behavior) return;
    const result = await h.system.engine.invoke(behavior, { id: 'e', type: 'physics', priority: 'normal', timestamp: 0, data: {} });
    expect(result).toMatchObject({ outcome: 'error' });
    expect(result.error).toContain('unloaded');
  });
});

describe('re-entry', () => {
  it('serves a host listener that calls back into the same sandbox from inside a bridge call', async () => {
    h = await harness({
      'echo.js': sandboxPlugin({
        name: 'echo',
        permissions: ['log'],
        register: `registry.registerBehavior({ id: 'echo.main', type: 'custom', events: ['physics'], handler: (event) => { ctx.log.info('outer ' + (event.data.n ?? '-')); return 'outer'; } });
          registry.registerBehavior({ id: 'echo.inner', type: 'custom', events: ['system'], handler: (event) => 'inner ' + event.data.kind });`,
      }),
    });
    await h.system.loadAll();
    const inner: unknown[] = [];
    const system = h.system;
    system.on('log', (entry) => {
      if (!entry.message.startsWith('outer')) return;
      const behavior = system.engine.registry.get('echo.inner');
      if (behavior) inner.push(system.engine.invoke(behavior, { id: 'x', type: 'system', priority: 'normal', timestamp: 0, data: { kind: 'nested' } }));
    });
    const d = await h.dispatch(1);
    expect(h.resultOf(d, 'echo.main')).toMatchObject({ outcome: 'ok', value: 'outer' });
    expect(await Promise.all(inner)).toEqual([expect.objectContaining({ outcome: 'ok', value: 'inner nested' })]);
    await h.expectHostServes();
  });
});
