import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PluginSystem } from '../../src/plugins/plugin-system.js';
import { PluginWatcher, type WatchChange } from '../../src/plugins/watch.js';
import { pluginSource, tempDir, waitFor } from './helpers.js';

describe('PluginWatcher', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let system: PluginSystem;
  let watcher: PluginWatcher;
  let changes: WatchChange[];

  const answers = async (): Promise<Record<string, unknown>> => {
    const result = await system.engine.dispatch({ type: 'operational' });
    return Object.fromEntries(result.results.map((r) => [r.behaviorId, r.value]));
  };
  /** Waits for the first change after index `from` matching type and plugin. */
  const next = (from: number, type: WatchChange['type'], plugin: string): Promise<WatchChange> =>
    waitFor(() => changes.slice(from).find((c) => c.type === type && 'plugin' in c && c.plugin === plugin), `${type} ${plugin}`);

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir('watch'));
    await writeFile(path.join(dir, 'alpha.ts'), pluginSource('alpha', '1.0.0', 'a1'));
    await writeFile(path.join(dir, 'beta.ts'), pluginSource('beta', '1.0.0', 'b1', { alpha: '^1.0.0' }));
    system = new PluginSystem({ pluginDir: dir });
    watcher = new PluginWatcher(system, { debounceMs: 10 });
    changes = [];
    watcher.on('change', (c) => changes.push(c));
    await watcher.start();
  });

  afterEach(async () => {
    await watcher.close();
    await system.close();
    await cleanup();
  });

  it('loads every plugin and reports ready with their status', () => {
    const ready = changes.find((c) => c.type === 'ready');
    expect(ready).toMatchObject({ type: 'ready', plugins: [{ plugin: 'alpha', status: 'loaded' }, { plugin: 'beta', status: 'loaded' }] });
    expect(watcher.snapshot().plugins.map((p) => [p.name, p.status, p.behaviors.length])).toEqual([
      ['alpha', 'loaded', 1],
      ['beta', 'loaded', 1],
    ]);
  });

  it('reloads an edited plugin and the plugins that depend on it', async () => {
    const from = changes.length;
    await writeFile(path.join(dir, 'alpha.ts'), pluginSource('alpha', '1.0.1', 'a2'));
    const reloaded = await next(from, 'reloaded', 'alpha');
    expect(reloaded).toMatchObject({ version: '1.0.1', files: ['alpha.ts'], via: null });
    expect(await next(from, 'reloaded', 'beta')).toMatchObject({ via: 'alpha' });
    expect(await answers()).toEqual({ 'alpha.answer': 'a2', 'beta.answer': 'b1' });
  });

  it('keeps the last good version live on a broken save, and recovers when it is fixed', async () => {
    let from = changes.length;
    await writeFile(path.join(dir, 'alpha.ts'), 'export default {{{ broken');
    const failed = await next(from, 'failed', 'alpha');
    expect(failed).toMatchObject({ live: true, version: '1.0.0', status: 'loaded', error: { code: 'PLUGIN_LOAD_FAILED' } });
    expect(await answers()).toEqual({ 'alpha.answer': 'a1', 'beta.answer': 'b1' });
    expect(watcher.snapshot().plugins[0]?.error?.message).toMatch(/does not compile/);

    from = changes.length;
    await writeFile(path.join(dir, 'alpha.ts'), pluginSource('alpha', '1.0.2', 'a3'));
    await next(from, 'reloaded', 'alpha');
    expect(await answers()).toEqual({ 'alpha.answer': 'a3', 'beta.answer': 'b1' });
    expect(watcher.snapshot().plugins[0]?.error).toBeNull();
  });

  it('loads an added plugin and unloads a deleted one', async () => {
    let from = changes.length;
    await writeFile(path.join(dir, 'gamma.ts'), pluginSource('gamma', '0.1.0', 'g1'));
    expect(await next(from, 'loaded', 'gamma')).toMatchObject({ version: '0.1.0', behaviors: ['gamma.answer'] });
    expect(await answers()).toMatchObject({ 'gamma.answer': 'g1' });

    from = changes.length;
    await rm(path.join(dir, 'gamma.ts'));
    await next(from, 'unloaded', 'gamma');
    expect(await answers()).toEqual({ 'alpha.answer': 'a1', 'beta.answer': 'b1' });
    expect(watcher.snapshot().plugins.map((p) => p.name)).toEqual(['alpha', 'beta']);
  });

  it('unloads the dependents of a deleted plugin, and loads them again when it returns', async () => {
    let from = changes.length;
    await rm(path.join(dir, 'alpha.ts'));
    await next(from, 'unloaded', 'alpha');
    await next(from, 'unloaded', 'beta');
    expect(await answers()).toEqual({});

    from = changes.length;
    await writeFile(path.join(dir, 'alpha.ts'), pluginSource('alpha', '1.1.0', 'a4'));
    await next(from, 'loaded', 'alpha');
    await next(from, 'loaded', 'beta');
    expect(await answers()).toEqual({ 'alpha.answer': 'a4', 'beta.answer': 'b1' });
  });

  it('reloads a folder plugin when one of its inner files changes', async () => {
    const folder = path.join(dir, 'delta');
    await mkdir(folder);
    await writeFile(path.join(folder, 'value.ts'), `export const value = 'd1';\n`);
    const index = pluginSource('delta', '1.0.0', 'x').replace(`("x")`, 'value').replace("import { definePlugin } from 'svgx-plugins';", "import { definePlugin } from 'svgx-plugins';\nimport { value } from './value';");
    let from = changes.length;
    await writeFile(path.join(folder, 'index.ts'), index);
    await next(from, 'loaded', 'delta');
    expect(await answers()).toMatchObject({ 'delta.answer': 'd1' });

    from = changes.length;
    await writeFile(path.join(folder, 'value.ts'), `export const value = 'd2';\n`);
    expect(await next(from, 'reloaded', 'delta')).toMatchObject({ files: expect.arrayContaining(['delta/value.ts']) });
    expect(await answers()).toMatchObject({ 'delta.answer': 'd2' });
  });

  it('loads a plugin that was broken from the start once it is fixed', async () => {
    let from = changes.length;
    await writeFile(path.join(dir, 'epsilon.ts'), 'export const nothing = 1;\n');
    expect(await next(from, 'failed', 'epsilon')).toMatchObject({ live: false, version: null, status: 'invalid' });
    from = changes.length;
    await writeFile(path.join(dir, 'epsilon.ts'), pluginSource('epsilon', '1.0.0', 'e1'));
    await next(from, 'loaded', 'epsilon');
    expect(await answers()).toMatchObject({ 'epsilon.answer': 'e1' });
  });

  it('unloads a plugin with toggle and loads it again', async () => {
    const from = changes.length;
    await watcher.toggle('alpha');
    expect(changes.slice(from).filter((c) => c.type === 'unloaded').map((c) => 'plugin' in c && c.plugin)).toEqual(['beta', 'alpha']);
    await watcher.toggle('alpha');
    expect(watcher.snapshot().plugins.find((p) => p.name === 'alpha')?.status).toBe('loaded');
  });

  it('keeps the log of reloads and errors in the snapshot', async () => {
    const from = changes.length;
    await writeFile(path.join(dir, 'beta.ts'), 'throw new Error("top-level boom")');
    await next(from, 'failed', 'beta');
    const log = watcher.snapshot().log;
    expect(log.at(-1)).toMatchObject({ level: 'error', plugin: 'beta' });
    expect(log.at(-1)?.message).toMatch(/top-level boom.*stays live/);
  });
});

describe('PluginWatcher with a chain of dependencies', () => {
  it('reloads a plugin whose dependency has dependencies of its own, and forgets a deleted plugin without an error', async () => {
    const { dir, cleanup } = await tempDir('watch-chain');
    await writeFile(path.join(dir, 'base.ts'), pluginSource('base', '1.0.0', 'b'));
    await writeFile(path.join(dir, 'middle.ts'), pluginSource('middle', '1.0.0', 'm1', { base: '^1.0.0' }));
    await writeFile(path.join(dir, 'top.ts'), pluginSource('top', '1.0.0', 't', { middle: '^1.0.0' }));
    const system = new PluginSystem({ pluginDir: dir });
    const watcher = new PluginWatcher(system, { debounceMs: 10 });
    const changes: WatchChange[] = [];
    watcher.on('change', (c) => changes.push(c));
    try {
      await watcher.start();
      await writeFile(path.join(dir, 'middle.ts'), pluginSource('middle', '1.1.0', 'm2', { base: '^1.0.0' }));
      await waitFor(() => changes.find((c) => c.type === 'reloaded' && c.plugin === 'top'), 'top reloaded after middle');
      expect(changes.filter((c) => c.type === 'failed')).toEqual([]);

      await rm(path.join(dir, 'top.ts'));
      await waitFor(() => changes.find((c) => c.type === 'unloaded' && c.plugin === 'top'), 'top unloaded');
      await watcher.idle();
      expect(changes.filter((c) => c.type === 'watch-error' || c.type === 'failed')).toEqual([]);
      expect(watcher.snapshot().plugins.map((p) => p.name)).toEqual(['base', 'middle']);
    } finally {
      await watcher.close();
      await system.close();
      await cleanup();
    }
  });
});

describe('PluginWatcher and shared files', () => {
  it('reloads the plugins that import a shared file beside them when it changes', async () => {
    const { dir, cleanup } = await tempDir('watch-shared');
    await writeFile(path.join(dir, '_shared.ts'), `export const value = 's1';\n`);
    const source = pluginSource('user', '1.0.0', 'x')
      .replace(`("x")`, 'value')
      .replace("import { definePlugin } from 'svgx-plugins';", "import { definePlugin } from 'svgx-plugins';\nimport { value } from './_shared';");
    await writeFile(path.join(dir, 'user.ts'), source);
    const system = new PluginSystem({ pluginDir: dir });
    const watcher = new PluginWatcher(system, { debounceMs: 10 });
    const changes: WatchChange[] = [];
    watcher.on('change', (c) => changes.push(c));
    try {
      await watcher.start();
      const first = await system.engine.dispatch({ type: 'operational' });
      expect(first.results.map((r) => r.value)).toEqual(['s1']);
      await writeFile(path.join(dir, '_shared.ts'), `export const value = 's2';\n`);
      await waitFor(() => changes.find((c) => c.type === 'reloaded' && c.plugin === 'user'), 'user reloaded');
      const second = await system.engine.dispatch({ type: 'operational' });
      expect(second.results.map((r) => r.value)).toEqual(['s2']);
    } finally {
      await watcher.close();
      await system.close();
      await cleanup();
    }
  });
});
