import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pluginSource, tempDir } from '../watch/helpers.js';
import { NdjsonProcess } from './helpers.js';

describe('load --watch without a terminal (built CLI, NDJSON)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let cli: NdjsonProcess | undefined;

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir('watch-e2e'));
    await writeFile(path.join(dir, 'alpha.ts'), pluginSource('alpha', '1.0.0', 'a1'));
    await writeFile(path.join(dir, 'beta.ts'), pluginSource('beta', '1.0.0', 'b1', { alpha: '^1.0.0' }));
  });

  afterEach(async () => {
    await cli?.stop('SIGKILL');
    cli = undefined;
    await cleanup();
  });

  it('prints one line per change as plugins are edited, broken, fixed, added and deleted, and stops cleanly on SIGTERM', async () => {
    cli = new NdjsonProcess(['load', '--watch', '--dir', dir], { cwd: dir });
    const ready = await cli.waitFor({ type: 'ready' });
    expect(ready).toMatchObject({
      plugins: [
        { plugin: 'alpha', status: 'loaded', version: '1.0.0', behaviors: ['alpha.answer'] },
        { plugin: 'beta', status: 'loaded', version: '1.0.0', behaviors: ['beta.answer'] },
      ],
    });

    // edit: the plugin and the one that depends on it reload
    let from = cli.lines.length;
    await writeFile(path.join(dir, 'alpha.ts'), pluginSource('alpha', '1.0.1', 'a2'));
    const reloaded = await cli.waitFor({ type: 'reloaded', plugin: 'alpha' }, from);
    expect(reloaded).toMatchObject({ version: '1.0.1', behaviors: ['alpha.answer'], files: ['alpha.ts'], via: null });
    expect(typeof reloaded['reloadMs']).toBe('number');
    expect(await cli.waitFor({ type: 'reloaded', plugin: 'beta' }, from)).toMatchObject({ via: 'alpha' });

    // break: the error is reported and 1.0.1 stays live
    from = cli.lines.length;
    await writeFile(path.join(dir, 'alpha.ts'), 'export default definePlugin({ metadata: { name: ');
    const failed = await cli.waitFor({ type: 'failed', plugin: 'alpha' }, from);
    expect(failed).toMatchObject({ live: true, version: '1.0.1', status: 'loaded', error: { code: 'PLUGIN_LOAD_FAILED', stage: 'reload' } });
    expect(String((failed['error'] as { message: string }).message)).toMatch(/does not compile/);

    // fix: recovers
    from = cli.lines.length;
    await writeFile(path.join(dir, 'alpha.ts'), pluginSource('alpha', '1.0.2', 'a3'));
    expect(await cli.waitFor({ type: 'reloaded', plugin: 'alpha' }, from)).toMatchObject({ version: '1.0.2' });

    // add: loaded
    from = cli.lines.length;
    await writeFile(path.join(dir, 'gamma.ts'), pluginSource('gamma', '0.1.0', 'g1'));
    expect(await cli.waitFor({ type: 'loaded', plugin: 'gamma' }, from)).toMatchObject({ version: '0.1.0', behaviors: ['gamma.answer'] });

    // delete: unloaded
    from = cli.lines.length;
    await rm(path.join(dir, 'gamma.ts'));
    await cli.waitFor({ type: 'unloaded', plugin: 'gamma' }, from);

    from = cli.lines.length;
    expect(await cli.stop('SIGTERM')).toBe(0);
    expect(cli.lines.slice(from)).toContainEqual(expect.objectContaining({ type: 'stopped', reason: 'SIGTERM' }));
    // every plugin is unloaded (its dispose runs) on the way out
    expect(cli.lines.slice(from).filter((l) => l['type'] === 'unloaded').map((l) => l['plugin'])).toEqual(['beta', 'alpha']);
    expect(cli.stderr).toBe('');
  });

  it('replays an --events file through the engine once the plugins are loaded', async () => {
    const events = path.join(dir, 'events.ndjson');
    await writeFile(events, ['{"type":"operational","data":{"n":1}}', '', '{"type":"operational"}', '{"type":"user_interaction"}'].join('\n'));
    cli = new NdjsonProcess(['load', '--watch', '--dir', dir, '--events', events], { cwd: dir });
    const replayed = await cli.waitFor({ type: 'replayed' });
    expect(replayed).toMatchObject({ source: events, events: 3, calls: 4, ok: 4, errors: 0, timeouts: 0 });
    expect(await cli.stop('SIGINT')).toBe(0);
  });

  it('exits 2 with the reason on stderr when the plugin folder does not exist', async () => {
    cli = new NdjsonProcess(['load', '--watch', '--dir', path.join(dir, 'nope')], { cwd: dir });
    expect(await cli.exit()).toBe(2);
    expect(cli.stderr).toMatch(/plugin folder .*nope does not exist/);
    expect(cli.lines).toEqual([]);
  });
});
