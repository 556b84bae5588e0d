import { afterEach, describe, expect, it } from 'vitest';
import { makePluginDir, type PluginDir } from '../helpers/plugin-dir.js';
import { runCli } from '../cli/helpers.js';
import { loadConfig } from '../../src/config/load.js';
import { pluginSystemOptions } from '../../src/cli/context.js';
import { PluginSystem } from '../../src/index.js';
import { sandboxPlugin, WITNESS } from './helpers.js';

let dir: PluginDir | undefined;
afterEach(async () => {
  await dir?.cleanup();
  dir = undefined;
});

interface JsonPlugin {
  name: string;
  status: string;
  loader: string;
  error: { code?: string; message: string } | null;
}

describe('svgx-plugins load with the sandbox (the built CLI in a child process)', () => {
  it('sandboxes every plugin by default, trusts only what .arxosrc marks trusted, and reads the sandbox limits from it', async () => {
    dir = await makePluginDir({
      'plugins/witness.js': WITNESS,
      'plugins/mine.js': sandboxPlugin({ name: 'mine', handler: '() => typeof process' }),
      'plugins/looper.js': sandboxPlugin({ name: 'looper', prelude: 'while (true) {}' }),
      'plugins/greedy.js': sandboxPlugin({ name: 'greedy', prelude: 'const a = []; for (;;) a.push(new Array(10000).fill(1));' }),
      '.arxosrc.json': JSON.stringify({
        timeouts: { topLevelMs: 200 },
        sandbox: { memoryLimitMb: 16 },
        plugins: { mine: { trusted: true } },
      }),
    });
    const result = await runCli(['load', '--json'], { cwd: dir.dir });
    expect(result.code, result.stderr).toBe(1);
    const out = JSON.parse(result.stdout) as { plugins: JsonPlugin[] };
    const byName = Object.fromEntries(out.plugins.map((p) => [p.name, p]));
    expect(byName['witness']).toMatchObject({ status: 'loaded', loader: 'sandboxed' });
    expect(byName['mine']).toMatchObject({ status: 'loaded', loader: 'trusted' });
    expect(byName['looper']).toMatchObject({ status: 'error', loader: 'sandboxed' });
    expect(byName['looper']?.error?.message).toContain('ran past its 200 ms limit');
    expect(byName['greedy']).toMatchObject({ status: 'error' });
    expect(byName['greedy']?.error?.message).toContain('exceeded its 16 MiB memory limit');
  });
});

describe('the config reaches the sandbox', () => {
  it('passes sandbox.maxResultBytes and sandbox.quarantineAfter to the plugin system', async () => {
    dir = await makePluginDir({
      'plugins/witness.js': WITNESS,
      'plugins/big.js': sandboxPlugin({ name: 'big', handler: `() => 'x'.repeat(3000)` }),
      'plugins/looper.js': sandboxPlugin({ name: 'looper', handler: '() => { for (;;) {} }' }),
      '.arxosrc.json': JSON.stringify({ timeouts: { handlerMs: 30 }, sandbox: { maxResultBytes: 2048, quarantineAfter: 2 } }),
    });
    const loaded = await loadConfig({ cwd: dir.dir, stopDir: dir.dir });
    const system = new PluginSystem(pluginSystemOptions(loaded));
    try {
      await system.loadAll();
      const first = await system.engine.dispatch({ type: 'physics' });
      expect(first.results.find((r) => r.behaviorId === 'big.main')?.error).toContain('over the 2048 byte limit');
      await system.engine.dispatch({ type: 'physics' });
      const third = await system.engine.dispatch({ type: 'physics' });
      expect(third.results.find((r) => r.behaviorId === 'looper.main')).toMatchObject({ outcome: 'skipped' });
      expect(system.getPlugin('looper')?.quarantined[0]?.reason).toBe('2 timeouts in a row (limit 30 ms)');
    } finally {
      await system.close();
    }
  });
});
