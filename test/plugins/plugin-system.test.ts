import { describe, expect, it } from 'vitest';
import { SvgxError, type PluginSystem, type SvgxEvent } from '../../src/index.js';
import { pluginSource, usePluginSystem } from '../helpers/plugin-dir.js';

const harness = usePluginSystem();
const setup = harness.setup;

const ids = (s: PluginSystem) => s.engine.registry.list().map((b) => b.id);

describe('PluginSystem: the seed suite, translated', () => {
  it('discovers nothing in an empty plugin folder', async () => {
    const s = await setup({});
    expect(await s.discoverPlugins()).toEqual([]);
    expect(await s.loadAll()).toEqual([]);
  });

  it('puts a plugin without register in error, with a message that names what is missing', async () => {
    const s = await setup({
      'no-register.ts': `export const PLUGIN_METADATA = { name: 'no-register', version: '1.0.0', author: 'A', description: 'D' };`,
    });
    const info = await s.loadPlugin('no-register');
    expect(info.status).toBe('error');
    expect(info.lastError?.message).toContain('no register function');
    expect(info.behaviors).toEqual([]);
  });

  it('registers the behavior of a valid plugin, which the registry then returns', async () => {
    const s = await setup({ 'valid-plugin.ts': pluginSource({ name: 'valid-plugin' }) });
    const info = await s.loadPlugin('valid-plugin');
    expect(info.status).toBe('loaded');
    expect(info.behaviors).toEqual(['valid-plugin.main']);
    expect(s.engine.registry.get('valid-plugin.main')?.owner).toBe('valid-plugin');
    expect(s.getPluginBehaviors('valid-plugin').map((b) => b.id)).toEqual(['valid-plugin.main']);
    expect(info.loadedAt).toBeInstanceOf(Date);
  });

  it('validates a clean plugin as valid', async () => {
    const s = await setup({ 'clean.ts': pluginSource({ name: 'clean' }) });
    const validation = await s.validatePlugin('clean');
    expect(validation.problems).toEqual([]);
    expect(validation.valid).toBe(true);
    expect(ids(s)).toEqual([]); // validation registers nothing
  });

  it('makes metrics readable', async () => {
    const s = await setup({ 'measured.ts': pluginSource({ name: 'measured' }) });
    await s.loadPlugin('measured');
    await s.engine.dispatch({ type: 'user_interaction' });
    const perf = s.monitorPluginPerformance('measured');
    expect(perf.load.loadMs).toBeGreaterThan(0);
    expect(perf.load.registerMs).toBeGreaterThanOrEqual(0);
    expect(perf.behaviors[0]).toMatchObject({ behaviorId: 'measured.main', calls: 1, errors: 0, timeouts: 0 });
    expect(perf.totals.calls).toBe(1);
  });

  it('removes the behaviors on unload', async () => {
    const s = await setup({ 'gone.ts': pluginSource({ name: 'gone' }) });
    await s.loadPlugin('gone');
    const info = await s.unloadPlugin('gone');
    expect(info.status).toBe('unloaded');
    expect(ids(s)).toEqual([]);
  });
});

describe('PluginSystem: loading', () => {
  it('loads both contract forms, .ts/.mts/.js/.mjs files and folder plugins with relative imports', async () => {
    const s = await setup({
      'define-ts.ts': pluginSource({ name: 'define-ts' }),
      'define-mts.mts': pluginSource({ name: 'define-mts' }),
      'seed-js.js': `export const PLUGIN_METADATA = { name: 'seed-js', version: '0.1.0', author: 'A', description: 'D' };
export function register(registry) {
  registry.registerBehavior({ id: 'seed-js.x', type: 'state_machine', events: ['operational'], handler: () => 'seed' });
  return ['seed-js.x'];
}`,
      'seed-mjs.mjs': `export const PLUGIN_METADATA = { name: 'seed-mjs', version: '0.1.0', author: 'A', description: 'D' };
export function register(registry) { registry.registerBehavior({ id: 'seed-mjs.x', type: 'custom', events: ['system'], handler: () => 1 }); }`,
      'folder-plugin/index.ts': `import { definePlugin } from 'svgx-plugins';
import { double } from './math.js';
export default definePlugin({
  metadata: { name: 'folder-plugin', version: '1.0.0', author: 'A', description: 'D' },
  register(registry) {
    registry.registerBehavior({ id: 'folder-plugin.double', type: 'custom', events: ['physics'], handler: (e) => double(Number(e.data['n'])) });
  },
});`,
      'folder-plugin/math.ts': `export const double = (n: number): number => n * 2;`,
    });
    const infos = await s.loadAll();
    expect(infos.map((i) => [i.name, i.status])).toEqual([
      ['define-mts', 'loaded'],
      ['define-ts', 'loaded'],
      ['folder-plugin', 'loaded'],
      ['seed-js', 'loaded'],
      ['seed-mjs', 'loaded'],
    ]);
    const { results } = await s.engine.dispatch({ type: 'physics', data: { n: 21 } });
    expect(results).toMatchObject([{ behaviorId: 'folder-plugin.double', outcome: 'ok', value: 42 }]);
  });

  it('loads dependencies first and a plugin’s dependencies with it', async () => {
    const s = await setup({
      'base.ts': pluginSource({ name: 'base', version: '1.3.0' }),
      'middle.ts': pluginSource({ name: 'middle', dependencies: { base: '^1.0.0' } }),
      'top.ts': pluginSource({ name: 'top', dependencies: { middle: '1.x' } }),
    });
    const loadedOrder: string[] = [];
    s.on('loaded', (info) => loadedOrder.push(info.name));
    const info = await s.loadPlugin('top');
    expect(info.status).toBe('loaded');
    expect(loadedOrder).toEqual(['base', 'middle', 'top']);
    expect(s.getPlugin('base')?.dependents).toEqual(['middle', 'top']);
  });

  it('keeps out exactly the plugins with a missing dependency, a version out of range or a cycle', async () => {
    const s = await setup({
      'fine.ts': pluginSource({ name: 'fine', version: '1.0.0' }),
      'too-new.ts': pluginSource({ name: 'too-new', dependencies: { fine: '^2.0.0' } }),
      'lonely.ts': pluginSource({ name: 'lonely', dependencies: { ghost: '^1.0.0' } }),
      'ping.ts': pluginSource({ name: 'ping', dependencies: { pong: '*' } }),
      'pong.ts': pluginSource({ name: 'pong', dependencies: { ping: '*' } }),
      'uses-ping.ts': pluginSource({ name: 'uses-ping', dependencies: { ping: '*' } }),
      'independent.ts': pluginSource({ name: 'independent' }),
    });
    const infos = Object.fromEntries((await s.loadAll()).map((i) => [i.name, i]));
    expect(infos['fine']?.status).toBe('loaded');
    expect(infos['independent']?.status).toBe('loaded');
    expect(infos['too-new']?.lastError).toMatchObject({ code: 'PLUGIN_DEPENDENCY_VERSION', stage: 'dependencies' });
    expect(infos['too-new']?.lastError?.message).toContain('too-new -> fine');
    expect(infos['lonely']?.lastError?.message).toContain('lonely -> ghost');
    expect(infos['ping']?.lastError?.message).toContain('ping -> pong -> ping');
    expect(infos['pong']?.lastError?.code).toBe('PLUGIN_CYCLE');
    expect(infos['uses-ping']?.status).toBe('error');
    expect(ids(s).sort()).toEqual(['fine.main', 'independent.main']);
  });

  it('marks a plugin with bad metadata invalid, naming the field, and registers nothing', async () => {
    const s = await setup({
      'bad-meta.ts': `import { definePlugin } from 'svgx-plugins';
export default definePlugin({
  metadata: { name: 'bad-meta', version: 'latest', author: 'A', description: 'D', dependencies: { x: 'not a range' } },
  register(registry) { registry.registerBehavior({ id: 'bad-meta.x', type: 'custom', events: ['system'], handler: () => 1 }); },
});`,
      'wrong-name.ts': pluginSource({ name: 'other-name' }),
    });
    const bad = await s.loadPlugin('bad-meta');
    expect(bad.status).toBe('invalid');
    expect(bad.lastError?.message).toContain('metadata.version');
    expect(bad.lastError?.message).toContain('metadata.dependencies.x');
    const wrong = await s.loadPlugin('wrong-name');
    expect(wrong.status).toBe('invalid');
    expect(wrong.lastError?.message).toContain('does not match');
    expect(ids(s)).toEqual([]);
  });

  it('marks a plugin disabled in its settings and does not load it', async () => {
    const s = await setup({ 'off.ts': pluginSource({ name: 'off' }), 'on.ts': pluginSource({ name: 'on' }) }, { plugins: { off: { enabled: false } } });
    const infos = await s.loadAll();
    expect(infos.map((i) => [i.name, i.status])).toEqual([
      ['off', 'disabled'],
      ['on', 'loaded'],
    ]);
  });

  it('throws PLUGIN_NOT_FOUND for a name that is not in the folder', async () => {
    const s = await setup({});
    const error = await s.loadPlugin('nobody').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SvgxError);
    expect((error as SvgxError).code).toBe('PLUGIN_NOT_FOUND');
  });

  it('refuses a behavior id another plugin owns, naming both plugins', async () => {
    const s = await setup({
      'owner-a.ts': pluginSource({ name: 'owner-a', register: `registry.registerBehavior({ id: 'shared.id', type: 'custom', events: ['system'], handler: () => 1 });` }),
      'owner-b.ts': pluginSource({ name: 'owner-b', dependencies: { 'owner-a': '*' }, register: `registry.registerBehavior({ id: 'shared.id', type: 'custom', events: ['system'], handler: () => 2 });` }),
    });
    await s.loadAll();
    const b = s.getPlugin('owner-b');
    expect(b?.status).toBe('error');
    expect(b?.lastError?.message).toMatch(/"owner-b".*"owner-a"/);
    expect(s.engine.registry.get('shared.id')?.owner).toBe('owner-a');
  });
});

describe('PluginSystem: a plugin’s fault never takes the host down', () => {
  it.each([
    ['a throw in top-level code', `throw new Error('top-level boom');`, 'top-level boom'],
    ['a syntax error', `export default {{;`, 'does not compile'],
    ['a throw in register', pluginSource({ name: 'faulty', register: `throw new Error('register boom');` }), 'register boom'],
    ['a rejection in an async register', pluginSource({ name: 'faulty', register: `return Promise.reject(new Error('async register boom'));` }), 'async register boom'],
    ['an invalid behavior', pluginSource({ name: 'faulty', register: `registry.registerBehavior({ id: 'faulty.x', type: 'custom', events: ['user_interactoin'], handler: () => 1 } as never);` }), 'user_interactoin'],
    ['a non-Error thrown', pluginSource({ name: 'faulty', register: `throw 42;` }), '42'],
  ])('records %s in the plugin status and keeps the others working', async (_label, code, words) => {
    const s = await setup({ 'faulty.ts': code, 'healthy.ts': pluginSource({ name: 'healthy' }) });
    const infos = Object.fromEntries((await s.loadAll()).map((i) => [i.name, i]));
    expect(infos['faulty']?.status).toBe('error');
    expect(infos['faulty']?.lastError?.message).toContain(words);
    expect(infos['healthy']?.status).toBe('loaded');
    const { results } = await s.engine.dispatch({ type: 'user_interaction' });
    expect(results.map((r) => r.behaviorId)).toEqual(['healthy.main']);
  });

  it('stops waiting for a register that never settles at its time limit', async () => {
    const s = await setup({ 'stuck.ts': pluginSource({ name: 'stuck', register: `return new Promise(() => {});` }) }, { limits: { registerTimeoutMs: 50 } });
    const info = await s.loadPlugin('stuck');
    expect(info.status).toBe('error');
    expect(info.lastError?.code).toBe('PLUGIN_TIMEOUT');
  });

  it('records a handler that throws and keeps dispatching to the others', async () => {
    const s = await setup({
      'thrower.ts': pluginSource({ name: 'thrower', register: `registry.registerBehavior({ id: 'thrower.x', type: 'custom', events: ['operational'], priority: 'critical', handler: () => { throw new Error('handler boom'); } });` }),
      'steady.ts': pluginSource({ name: 'steady', register: `registry.registerBehavior({ id: 'steady.x', type: 'custom', events: ['operational'], handler: () => 'fine' });` }),
    });
    await s.loadAll();
    const { results } = await s.engine.dispatch({ type: 'operational' });
    expect(results.map((r) => [r.behaviorId, r.outcome])).toEqual([
      ['thrower.x', 'error'],
      ['steady.x', 'ok'],
    ]);
    expect(s.monitorPluginPerformance('thrower').totals.errors).toBe(1);
  });

  it('unloads a plugin whose dispose throws, recording the error', async () => {
    const s = await setup({ 'bad-dispose.ts': pluginSource({ name: 'bad-dispose', dispose: `throw new Error('dispose boom');` }) });
    await s.loadPlugin('bad-dispose');
    const info = await s.unloadPlugin('bad-dispose');
    expect(info.status).toBe('unloaded');
    expect(info.lastError?.message).toContain('dispose boom');
    expect(ids(s)).toEqual([]);
  });

  it('puts a plugin whose file was deleted between discovery and load in error', async () => {
    const s = await setup({ 'vanishing.ts': pluginSource({ name: 'vanishing' }) });
    await s.discoverPlugins();
    await harness.dir().remove('vanishing.ts');
    const info = await s.loadPlugin('vanishing');
    expect(info.status).toBe('error');
    expect(info.lastError?.message).toContain('its file was removed');
  });

  it('names the missing file of a folder plugin’s relative import', async () => {
    const s = await setup({ 'holey/index.ts': `import { x } from './missing.js';\nexport const PLUGIN_METADATA = { name: 'holey', version: '1.0.0', author: 'A', description: String(x) };` });
    const info = await s.loadPlugin('holey');
    expect(info.status).toBe('error');
    expect(info.lastError?.message).toContain('./missing.js');
    expect(info.lastError?.location).toMatch(/index\.ts:1:/);
  });
});

describe('PluginSystem: unload, reload and concurrency', () => {
  it('refuses to unload a plugin others need unless asked to cascade', async () => {
    const s = await setup({
      'base.ts': pluginSource({ name: 'base' }),
      'child.ts': pluginSource({ name: 'child', dependencies: { base: '*' } }),
      'grandchild.ts': pluginSource({ name: 'grandchild', dependencies: { child: '*' } }),
    });
    await s.loadAll();
    const error = await s.unloadPlugin('base').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SvgxError);
    expect((error as SvgxError).code).toBe('PLUGIN_IN_USE');
    expect((error as SvgxError).message).toContain('"child"');
    expect(ids(s)).toHaveLength(3);
    const unloaded: string[] = [];
    s.on('unloaded', (info) => unloaded.push(info.name));
    await s.unloadPlugin('base', { cascade: true });
    expect(unloaded).toEqual(['grandchild', 'child', 'base']);
    expect(ids(s)).toEqual([]);
  });

  it('runs dispose on unload and removes only the plugin’s own behaviors', async () => {
    const s = await setup({
      'disposer.ts': pluginSource({
        name: 'disposer',
        prelude: `export const log: string[] = [];`,
        register: `registry.registerBehavior({ id: 'disposer.a', type: 'custom', events: ['system'], handler: () => 1 });
registry.registerBehavior({ id: 'disposer.b', type: 'custom', events: ['physics'], handler: () => 1 });`,
        dispose: `(globalThis as Record<string, unknown>)['__disposed'] = 'disposer';`,
      }),
      'bystander.ts': pluginSource({ name: 'bystander' }),
    });
    await s.loadAll();
    s.engine.registry.register({ id: 'host.own', type: 'custom', events: ['system'], handler: () => 0 });
    const seen: string[] = [];
    s.engine.registry.register({ id: 'host.watch', type: 'custom', events: ['system'], handler: (e: SvgxEvent) => seen.push(String(e.data['kind'])) });
    await s.unloadPlugin('disposer');
    expect(ids(s).sort()).toEqual(['bystander.main', 'host.own', 'host.watch']);
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toContain('plugin_unloaded');
  });

  it('swaps in the new version on reload', async () => {
    const s = await setup({ 'live.ts': pluginSource({ name: 'live', version: '1.0.0' }) });
    await s.loadPlugin('live');
    await harness.dir().write('live.ts', pluginSource({ name: 'live', version: '1.1.0' }));
    const reloaded: string[] = [];
    s.on('reloaded', (info) => reloaded.push(`${info.name}@${info.version}`));
    const info = await s.reloadPlugin('live');
    expect(info).toMatchObject({ status: 'loaded', version: '1.1.0' });
    expect(info.metrics.reloads).toBe(1);
    expect(info.metrics.lastReloadMs).toBeGreaterThan(0);
    expect(reloaded).toEqual(['live@1.1.0']);
    const { results } = await s.engine.dispatch({ type: 'user_interaction' });
    expect(results[0]?.value).toEqual({ from: 'live', v: '1.1.0' });
  });

  it.each([
    ['a syntax error', 'export default {{'],
    ['a throw in register', pluginSource({ name: 'live', version: '2.0.0', register: `throw new Error('new version broken');` })],
    ['invalid metadata', pluginSource({ name: 'live', version: 'two' })],
    ['a behavior id owned by another plugin', pluginSource({ name: 'live', version: '2.0.0', register: `registry.registerBehavior({ id: 'other.main', type: 'custom', events: ['system'], handler: () => 1 });` })],
    ['no register', `export const PLUGIN_METADATA = { name: 'live', version: '2.0.0', author: 'A', description: 'D' };`],
  ])('keeps the old behaviors live when the new version has %s', async (_label, broken) => {
    const s = await setup({ 'live.ts': pluginSource({ name: 'live', version: '1.0.0' }), 'other.ts': pluginSource({ name: 'other' }) });
    await s.loadAll();
    await harness.dir().write('live.ts', broken);
    const info = await s.reloadPlugin('live');
    expect(info.status).toBe('loaded');
    expect(info.version).toBe('1.0.0');
    expect(info.lastError?.stage).toBe('reload');
    expect(info.metrics.reloadErrors).toBe(1);
    const { results } = await s.engine.dispatch({ type: 'user_interaction' });
    expect(results.find((r) => r.behaviorId === 'live.main')?.value).toEqual({ from: 'live', v: '1.0.0' });
    // Fixing the file recovers.
    await harness.dir().write('live.ts', pluginSource({ name: 'live', version: '1.0.1' }));
    const fixed = await s.reloadPlugin('live');
    expect(fixed).toMatchObject({ version: '1.0.1', lastError: undefined });
  });

  it("refuses a behavior id in another plugin's namespace, so a plugin cannot take an id before its owner loads", async () => {
    const s = await setup({
      'aaa.ts': pluginSource({ name: 'aaa', register: `registry.registerBehavior({ id: 'base.main', type: 'custom', events: ['user_interaction'], handler: () => 'stolen' });` }),
      'base.ts': pluginSource({ name: 'base' }),
    });
    await s.loadAll();
    expect(s.getPlugin('aaa')).toMatchObject({ status: 'error', lastError: { code: 'BEHAVIOR_INVALID' } });
    expect(s.getPlugin('aaa')?.lastError?.message).toBe('behavior id "base.main" of plugin "aaa" starts with "base.", the name of another plugin');
    expect(s.getPlugin('base')?.status).toBe('loaded');
    expect(s.engine.registry.get('base.main')?.owner).toBe('base');
  });

  it('refuses a reload whose new version breaks a dependent’s range, keeping the old one', async () => {
    const s = await setup({
      'lib.ts': pluginSource({ name: 'lib', version: '1.0.0' }),
      'app.ts': pluginSource({ name: 'app', dependencies: { lib: '^1.0.0' } }),
    });
    await s.loadAll();
    await harness.dir().write('lib.ts', pluginSource({ name: 'lib', version: '2.0.0' }));
    const info = await s.reloadPlugin('lib');
    expect(info.version).toBe('1.0.0');
    expect(info.lastError?.message).toContain('would break "app"');
  });

  it('refuses a reload that would close a dependency cycle, naming the chain, and close() still unloads everything', async () => {
    const s = await setup({
      'lib.ts': pluginSource({ name: 'lib', version: '1.0.0' }),
      'app.ts': pluginSource({ name: 'app', dependencies: { lib: '^1.0.0' } }),
    });
    await s.loadAll();
    await harness.dir().write('lib.ts', pluginSource({ name: 'lib', version: '1.0.1', dependencies: { app: '^1.0.0' } }));
    const info = await s.reloadPlugin('lib');
    expect(info).toMatchObject({ status: 'loaded', version: '1.0.0', lastError: { code: 'PLUGIN_CYCLE', stage: 'reload' } });
    expect(info.lastError?.message).toMatch(/lib -> app -> lib/);
    expect(s.getPlugin('app')?.status).toBe('loaded');
    await s.close();
    expect(s.getPlugins({ status: 'loaded' })).toEqual([]);
    expect(s.engine.registry.list()).toEqual([]);
  });

  it('reloads dependents too when asked', async () => {
    const s = await setup({
      'lib.ts': pluginSource({ name: 'lib' }),
      'app.ts': pluginSource({ name: 'app', dependencies: { lib: '^1.0.0' } }),
    });
    await s.loadAll();
    await s.reloadPlugin('lib', { dependents: true });
    expect(s.getPlugin('app')?.metrics.reloads).toBe(1);
  });

  it('never leaves a dispatch running during a reload without behaviors', async () => {
    const slowRegister = (version: string) =>
      pluginSource({
        name: 'busy',
        version,
        permissions: ['timers'],
        register: `await new Promise((r) => setTimeout(r, 30));
registry.registerBehavior({ id: 'busy.main', type: 'custom', events: ['system'], handler: () => '${version}' });`,
      }).replace('register(registry, ctx)', 'async register(registry, ctx)');
    const s = await setup({ 'busy.ts': slowRegister('1.0.0') });
    await s.loadPlugin('busy');
    await harness.dir().write('busy.ts', slowRegister('2.0.0'));
    const reload = s.reloadPlugin('busy');
    const seen = new Set<string>();
    let done = false;
    void reload.then(() => (done = true));
    while (!done) {
      const { results } = await s.engine.dispatch({ type: 'system' });
      expect(results).toHaveLength(1);
      seen.add(String(results[0]?.value));
      await new Promise((r) => setTimeout(r, 1));
    }
    const { results } = await s.engine.dispatch({ type: 'system' });
    expect(results[0]?.value).toBe('2.0.0');
    expect(seen.has('1.0.0')).toBe(true);
  });

  it('serializes concurrent calls so no interleaving leaves a plugin half-registered', async () => {
    const s = await setup({ 'racy.ts': pluginSource({ name: 'racy' }), 'dep.ts': pluginSource({ name: 'dep' }) });
    await s.loadAll();
    const results = await Promise.allSettled([
      s.reloadPlugin('racy'),
      s.reloadPlugin('racy'),
      s.unloadPlugin('racy'),
      s.loadPlugin('racy'),
      s.reloadPlugin('dep'),
    ]);
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(s.getPlugin('racy')?.status).toBe('loaded');
    expect(s.getPlugin('racy')?.metrics.reloads).toBe(2);
    expect(ids(s).sort()).toEqual(['dep.main', 'racy.main']);
  });

  it('emits system events on the engine for load, reload, unload and errors', async () => {
    const s = await setup({ 'watched.ts': pluginSource({ name: 'watched' }), 'broken.ts': 'throw new Error("x")' });
    const kinds: string[] = [];
    s.engine.registry.register({ id: 'host.system', type: 'custom', events: ['system'], handler: (e: SvgxEvent) => kinds.push(`${String(e.data['kind'])}:${String(e.data['plugin'])}`) });
    await s.loadAll();
    await s.reloadPlugin('watched');
    await s.unloadPlugin('watched');
    await new Promise((r) => setTimeout(r, 20));
    expect(kinds).toEqual(expect.arrayContaining(['plugin_error:broken', 'plugin_loaded:watched', 'plugin_reloaded:watched', 'plugin_unloaded:watched']));
  });

  it('keeps custom metrics and log lines a plugin records through its context', async () => {
    const s = await setup({
      'chatty.ts': pluginSource({
        name: 'chatty',
        permissions: ['log'],
        register: `ctx.log.info('starting');
ctx.recordMetric('boot', 5);
registry.registerBehavior({ id: 'chatty.x', type: 'custom', events: ['physics'], handler: (e, c) => c.recordMetric('work', 2) });`,
      }),
    });
    await s.loadPlugin('chatty');
    await s.engine.dispatch({ type: 'physics' });
    const perf = s.monitorPluginPerformance('chatty');
    expect(perf.custom['boot']).toMatchObject({ count: 1, last: 5 });
    expect(perf.custom['work']).toMatchObject({ count: 1, sum: 2 });
    expect(s.getPluginLogs('chatty').map((l) => l.message)).toEqual(['starting']);
  });

  it('lists plugins by status', async () => {
    const s = await setup({ 'ok-one.ts': pluginSource({ name: 'ok-one' }), 'bad-one.ts': 'throw 1' });
    await s.loadAll();
    expect(s.getPlugins({ status: 'loaded' }).map((p) => p.name)).toEqual(['ok-one']);
    expect(s.getPlugins({ status: 'error' }).map((p) => p.name)).toEqual(['bad-one']);
  });
});
