import { afterEach, describe, expect, it } from 'vitest';
import { sandboxPlugin, harness, TEST_LIMITS, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('time budgets: a runaway plugin is stopped at its limit and the host serves the next event', () => {
  it('stops an infinite loop in top-level code and marks the plugin error', async () => {
    h = await harness({ 'looper.js': sandboxPlugin({ name: 'looper', prelude: 'while (true) {}' }) });
    await h.system.loadAll();
    const info = h.system.getPlugin('looper');
    expect(info?.status).toBe('error');
    expect(info?.lastError).toMatchObject({ code: 'PLUGIN_TIMEOUT' });
    expect(info?.lastError?.message).toContain('top-level code ran past its 300 ms limit');
    await h.expectHostServes();
  });

  it('stops an infinite loop in register and marks the plugin error', async () => {
    h = await harness({ 'looper.js': sandboxPlugin({ name: 'looper', register: 'for (;;) {}' }) });
    await h.system.loadAll();
    const info = h.system.getPlugin('looper');
    expect(info?.status).toBe('error');
    expect(info?.lastError).toMatchObject({ code: 'PLUGIN_TIMEOUT', stage: 'register' });
    await h.expectHostServes();
  });

  it('stops an async register that loops after its first await', async () => {
    h = await harness({
      'looper.js': sandboxPlugin({ name: 'looper', register: 'return (async () => { await null; while (true) {} })();' }),
    });
    await h.system.loadAll();
    expect(h.system.getPlugin('looper')).toMatchObject({ status: 'error', lastError: { code: 'PLUGIN_TIMEOUT' } });
    await h.expectHostServes();
  });

  it('stops a sync handler that loops forever, records a timeout, and keeps the plugin usable', async () => {
    h = await harness({
      'looper.js': sandboxPlugin({ name: 'looper', handler: '(event) => { if (event.data.n === undefined) { while (true) {} } return event.data.n * 2; }' }),
    });
    await h.system.loadAll();
    const started = performance.now();
    const d = await h.dispatch();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(h.resultOf(d, 'looper.main')).toMatchObject({ outcome: 'timeout' });
    expect(h.resultOf(d, 'witness.main')).toMatchObject({ outcome: 'ok' });
    expect(h.system.engine.getStats('looper.main')).toMatchObject({ timeouts: 1, consecutiveTimeouts: 1 });
    // The same sandbox answers the next call: an interrupt leaves QuickJS in a clean state.
    expect(h.resultOf(await h.dispatch(21), 'looper.main')).toMatchObject({ outcome: 'ok', value: 42 });
    await h.expectHostServes();
  });

  it('stops an async handler that loops after an await, and one that never settles', async () => {
    h = await harness({
      'spinner.js': sandboxPlugin({ name: 'spinner', handler: 'async () => { await Promise.resolve(); while (true) {} }' }),
      'stuck.js': sandboxPlugin({ name: 'stuck', handler: '() => new Promise(() => {})' }),
    });
    await h.system.loadAll();
    const d = await h.dispatch();
    expect(h.resultOf(d, 'spinner.main')).toMatchObject({ outcome: 'timeout' });
    expect(h.resultOf(d, 'stuck.main')).toMatchObject({ outcome: 'timeout' });
    await h.expectHostServes();
  });

  it('charges the promise jobs a sync handler left looping to that call: a timeout, not a stall of the next event', async () => {
    h = await harness({
      'sly.js': sandboxPlugin({
        name: 'sly',
        handler: `(event) => { if (event.data.n === undefined) Promise.resolve().then(() => { while (true) {} }); return event.data.n ?? 'quick'; }`,
      }),
    });
    await h.system.loadAll();
    const d = await h.dispatch();
    expect(h.resultOf(d, 'sly.main')).toMatchObject({ outcome: 'timeout' });
    expect(h.resultOf(d, 'sly.main')?.error).toMatch(/100 ms/);
    // Nothing is left over for the next call to pay for.
    const started = performance.now();
    expect(h.resultOf(await h.dispatch(4), 'sly.main')).toMatchObject({ outcome: 'ok', value: 4 });
    expect(performance.now() - started).toBeLessThan(95); // under the 100 ms limit a leftover job would take
    await h.expectHostServes();
  });

  it('quarantines a behavior whose leftover promise jobs keep overrunning, and the host keeps serving', async () => {
    h = await harness(
      {
        'chain.js': sandboxPlugin({
          name: 'chain',
          handler: `() => { Promise.resolve().then(function f() { Promise.resolve().then(f); }); return 'quick'; }`,
        }),
      },
      { sandbox: { quarantineAfter: 3 } },
    );
    await h.system.loadAll();
    for (let i = 0; i < 3; i++) expect(h.resultOf(await h.dispatch(), 'chain.main')).toMatchObject({ outcome: 'timeout' });
    expect(h.system.getPlugin('chain')?.quarantined?.map((q) => q.behaviorId)).toEqual(['chain.main']);
    const started = performance.now();
    const d = await h.dispatch(1);
    expect(h.resultOf(d, 'chain.main')).toMatchObject({ outcome: 'skipped', error: expect.stringMatching(/^quarantined: /) as unknown });
    expect(performance.now() - started).toBeLessThan(95); // under the 100 ms limit a leftover job would take
    await h.expectHostServes();
  });

  it('stops promise jobs a sync register() left looping at the register limit, and marks the plugin error', async () => {
    h = await harness({
      'regloop.js': sandboxPlugin({
        name: 'regloop',
        register: `Promise.resolve().then(function f() { Promise.resolve().then(f); }); registry.registerBehavior({ id: 'regloop.main', type: 'custom', events: ['physics'], handler: () => 1 });`,
      }),
    });
    await h.system.loadAll();
    const info = h.system.getPlugin('regloop');
    expect(info?.status).toBe('error');
    expect(info?.lastError?.message).toMatch(/promise jobs queued by register\(\) ran past its 300 ms limit/);
    await h.expectHostServes();
  });

  it('refuses a plugin whose bundle is over 4 MiB of code before compiling it', async () => {
    h = await harness({ 'huge.js': `const blob = ${JSON.stringify('x'.repeat(5 * 1024 * 1024))};\n${sandboxPlugin({ name: 'huge', handler: '() => blob.length' })}` });
    await h.system.loadAll();
    expect(h.system.getPlugin('huge')).toMatchObject({ status: 'error', lastError: { code: 'PLUGIN_LOAD_FAILED' } });
    expect(h.system.getPlugin('huge')?.lastError?.message).toMatch(/bundles to 5\.0 MiB of code, over the 4 MiB a sandboxed plugin may have/);
    await h.expectHostServes();
  });

  it('refuses the array methods no interrupt reaches an absurd length, so they cannot hold the host', async () => {
    h = await harness({
      'native.js': sandboxPlugin({
        name: 'native',
        handler: `(event) => {
          if (event.data.n === 1) return Array.prototype.includes.call({ length: 2 ** 31 }, 1);
          if (event.data.n === 2) return new Array(2 ** 27).sort();
          return [3, 1, 2].sort().join(',') + [1, 2].includes(2) + Array.prototype.indexOf.call({ length: 2, 1: 'x' }, 'x');
        }`,
      }),
    });
    await h.system.loadAll();
    for (const n of [1, 2]) {
      const started = performance.now();
      const result = h.resultOf(await h.dispatch(n), 'native.main');
      expect(performance.now() - started).toBeLessThan(1000);
      expect(result).toMatchObject({ outcome: 'error', error: expect.stringMatching(/RangeError: Array\.prototype\.(includes|sort): a length of \d+ is over the 2097152 this sandbox allows/) as unknown });
    }
    expect(h.resultOf(await h.dispatch(3), 'native.main')).toMatchObject({ outcome: 'ok', value: '1,2,3true1' });
  });

  it('stops a handler that asks for a longer timeoutMs than its plugin may have at the plugin\'s limit', async () => {
    h = await harness({ 'greedy.js': sandboxPlugin({ name: 'greedy', timeoutMs: 5000, handler: '() => { while (true) {} }' }) });
    await h.system.loadAll();
    const started = performance.now();
    const d = await h.dispatch();
    // The handler limit of the test system is 100 ms: the sandbox stops the loop there, not at 5 s.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(h.resultOf(d, 'greedy.main')).toMatchObject({ outcome: 'timeout' });
    expect(h.resultOf(d, 'witness.main')).toMatchObject({ outcome: 'ok' });
    await h.expectHostServes();
  });

  it('quarantines a behavior after sandbox.quarantineAfter timeouts in a row, with the reason in the plugin info', async () => {
    h = await harness(
      { 'looper.js': sandboxPlugin({ name: 'looper', timeoutMs: 30, handler: '() => { while (true) {} }' }) },
      { sandbox: { quarantineAfter: 3 } },
    );
    await h.system.loadAll();
    for (let i = 0; i < 3; i++) expect(h.resultOf(await h.dispatch(), 'looper.main')?.outcome).toBe('timeout');
    const skipped = h.resultOf(await h.dispatch(), 'looper.main');
    expect(skipped).toMatchObject({ outcome: 'skipped' });
    expect(skipped?.error).toContain('quarantined: 3 timeouts in a row');
    const info = h.system.getPlugin('looper');
    expect(info?.quarantined).toEqual([expect.objectContaining({ behaviorId: 'looper.main', reason: '3 timeouts in a row (limit 30 ms)' })]);
    await h.expectHostServes();
    // A reload registers the behavior again: it gets a fresh start.
    await h.dir.write('looper.js', sandboxPlugin({ name: 'looper', version: '1.0.1', handler: '() => "fixed"' }));
    await h.system.reloadPlugin('looper');
    expect(h.system.getPlugin('looper')?.quarantined).toEqual([]);
    expect(h.resultOf(await h.dispatch(), 'looper.main')).toMatchObject({ outcome: 'ok', value: 'fixed' });
  });
});

describe('memory budget: a plugin that allocates without bound is stopped and marked error', () => {
  it('stops a memory bomb in a handler, removes its behaviors, and keeps the others running', async () => {
    h = await harness({
      'bomb.js': sandboxPlugin({ name: 'bomb', prelude: 'const hoard = [];', handler: '() => { for (;;) hoard.push(new Array(100000).fill(1)); }' }),
    });
    await h.system.loadAll();
    const d = await h.dispatch();
    expect(h.resultOf(d, 'bomb.main')?.outcome).toBe('error');
    expect(h.resultOf(d, 'bomb.main')?.error).toContain('exceeded its 16 MiB memory limit');
    const info = h.system.getPlugin('bomb');
    expect(info?.status).toBe('error');
    expect(info?.lastError).toMatchObject({ code: 'PLUGIN_MEMORY', stage: 'run' });
    expect(info?.behaviors).toEqual([]);
    await h.expectHostServes();
  });

  it('stops a memory bomb in top-level code and marks the plugin error', async () => {
    h = await harness({
      'greedy.js': sandboxPlugin({ name: 'greedy', prelude: 'const hoard = []; for (;;) hoard.push({ block: new Array(10000).fill(hoard.length) });' }),
    });
    await h.system.loadAll();
    expect(h.system.getPlugin('greedy')).toMatchObject({ status: 'error', lastError: { code: 'PLUGIN_MEMORY' } });
    expect(h.system.getPlugin('greedy')?.lastError?.message).toContain('exceeded its 16 MiB memory limit');
    await h.expectHostServes();
  });

  it('stops a plugin that fills its heap with small objects, at top level or in a handler, as a memory fault', async () => {
    h = await harness({
      'crumbs.js': sandboxPlugin({ name: 'crumbs', prelude: 'globalThis.k = []; for (;;) globalThis.k.push({ a: [1, 2, 3] });' }),
      'nibbler.js': sandboxPlugin({ name: 'nibbler', handler: '() => { globalThis.k = globalThis.k || []; for (;;) globalThis.k.push({ a: [1, 2, 3] }); }' }),
    }, { limits: { ...TEST_LIMITS, topLevelTimeoutMs: 5000, handlerTimeoutMs: 5000 } });
    await h.system.loadAll();
    expect(h.system.getPlugin('crumbs')).toMatchObject({ status: 'error', lastError: { code: 'PLUGIN_MEMORY' } });
    expect(h.resultOf(await h.dispatch(), 'nibbler.main')).toMatchObject({ outcome: 'error', error: expect.stringContaining('exceeded its 16 MiB memory limit') as unknown });
    expect(h.system.getPlugin('nibbler')).toMatchObject({ status: 'error', lastError: { code: 'PLUGIN_MEMORY' } });
    await h.expectHostServes();
  });

  it('stops a plugin that catches the out-of-memory error and keeps its full heap, instead of failing every call', async () => {
    h = await harness({
      'hoarder.js': sandboxPlugin({
        name: 'hoarder',
        handler: `() => { globalThis.k = globalThis.k || []; try { for (;;) globalThis.k.push({ a: [1, 2, 3] }); } catch (e) {} return 'survived'; }`,
      }),
    }, { limits: { ...TEST_LIMITS, handlerTimeoutMs: 5000 } });
    await h.system.loadAll();
    for (let i = 0; i < 3 && h.system.getPlugin('hoarder')?.status === 'loaded'; i++) await h.dispatch();
    expect(h.system.getPlugin('hoarder')).toMatchObject({ status: 'error', lastError: { code: 'PLUGIN_MEMORY' } });
    expect(h.system.getPluginBehaviors('hoarder')).toEqual([]);
    await h.expectHostServes();
  });
});

describe('faults: a plugin cannot crash the host', () => {
  it('contains unhandled rejections at top level, in register and in a handler', async () => {
    const hostRejections: unknown[] = [];
    const onRejection = (reason: unknown): void => {
      hostRejections.push(reason);
    };
    process.on('unhandledRejection', onRejection);
    try {
      h = await harness({
        'rejecter.js': sandboxPlugin({
          name: 'rejecter',
          prelude: 'Promise.reject(new Error("top level"));',
          register: `Promise.reject(new Error("in register"));
            registry.registerBehavior({ id: 'rejecter.main', type: 'custom', events: ['physics'], handler: () => { Promise.reject(new Error('in handler')); return 'still here'; } });`,
        }),
      });
      await h.system.loadAll();
      expect(h.system.getPlugin('rejecter')?.status).toBe('loaded');
      expect(h.resultOf(await h.dispatch(), 'rejecter.main')).toMatchObject({ outcome: 'ok', value: 'still here' });
      await new Promise((r) => setTimeout(r, 20));
      expect(hostRejections).toEqual([]);
      await h.expectHostServes();
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('turns a stack overflow into an error of that call, and the sandbox keeps serving', async () => {
    h = await harness({
      'deep.js': sandboxPlugin({
        name: 'deep',
        prelude: 'function down(n) { return down(n + 1) + 1; }',
        handler: '(event) => event.data.n === undefined ? down(0) : "recovered"',
      }),
    });
    await h.system.loadAll();
    const result = h.resultOf(await h.dispatch(), 'deep.main');
    expect(result?.outcome).toBe('error');
    expect(result?.error).toMatch(/stack overflow/i);
    expect(h.resultOf(await h.dispatch(1), 'deep.main')).toMatchObject({ outcome: 'ok', value: 'recovered' });
    await h.expectHostServes();
  });

  it('contains a stack overflow in top-level code and in register', async () => {
    h = await harness({
      'deep-top.js': sandboxPlugin({ name: 'deep-top', prelude: 'const f = (n) => f(n + 1) + 1; f(0);' }),
      'deep-register.js': sandboxPlugin({ name: 'deep-register', register: 'const f = (n) => f(n + 1) + 1; f(0);' }),
    });
    await h.system.loadAll();
    expect(h.system.getPlugin('deep-top')?.status).toBe('error');
    expect(h.system.getPlugin('deep-top')?.lastError?.message).toMatch(/stack overflow/i);
    expect(h.system.getPlugin('deep-register')?.status).toBe('error');
    await h.expectHostServes();
  });
});
