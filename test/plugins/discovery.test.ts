import { afterEach, describe, expect, it } from 'vitest';
import { discoverPluginSources, SvgxError } from '../../src/index.js';
import { makePluginDir, type PluginDir } from '../helpers/plugin-dir.js';

let tmp: PluginDir | undefined;
afterEach(async () => {
  await tmp?.cleanup();
  tmp = undefined;
});

describe('discoverPluginSources', () => {
  it('finds nothing in an empty folder', async () => {
    tmp = await makePluginDir();
    expect(await discoverPluginSources(tmp.dir)).toEqual({ sources: [], problems: [] });
  });

  it('finds file plugins of every extension and folder plugins, sorted by name', async () => {
    tmp = await makePluginDir({
      'c-ts.ts': '',
      'a-mts.mts': '',
      'b-js.js': '',
      'd-mjs.mjs': '',
      'folder-index/index.ts': '',
      'folder-main/package.json': JSON.stringify({ main: 'lib/entry.js' }),
      'folder-main/lib/entry.js': '',
    });
    const { sources, problems } = await discoverPluginSources(tmp.dir);
    expect(problems).toEqual([]);
    expect(sources.map((s) => [s.name, s.kind])).toEqual([
      ['a-mts', 'file'],
      ['b-js', 'file'],
      ['c-ts', 'file'],
      ['d-mjs', 'file'],
      ['folder-index', 'folder'],
      ['folder-main', 'folder'],
    ]);
    expect(sources.find((s) => s.name === 'folder-main')?.entry).toMatch(/lib[\\/]entry\.js$/);
  });

  it('ignores declaration files, tests, hidden and underscore files, other extensions and node_modules', async () => {
    tmp = await makePluginDir({
      'types.d.ts': '',
      'real.test.ts': '',
      'real.spec.js': '',
      '.hidden.ts': '',
      '_helper.ts': '',
      'notes.md': '',
      'data.json': '{}',
      'node_modules/x/index.js': '',
      'real.ts': '',
    });
    const { sources } = await discoverPluginSources(tmp.dir);
    expect(sources.map((s) => s.name)).toEqual(['real']);
  });

  it('reports a folder without an entry file and two plugins of one name', async () => {
    tmp = await makePluginDir({ 'empty-folder/readme.md': '', 'twice.ts': '', 'twice/index.ts': '' });
    const { sources, problems } = await discoverPluginSources(tmp.dir);
    expect(sources).toEqual([]);
    expect(problems.map((p) => p.name).sort()).toEqual(['empty-folder', 'twice']);
    expect(problems.find((p) => p.name === 'twice')?.message).toContain('two plugins are named "twice"');
    expect(problems.find((p) => p.name === 'empty-folder')?.message).toContain('no index.ts');
  });

  it('fails with PLUGIN_DIR_MISSING naming the folder when it does not exist', async () => {
    const error = await discoverPluginSources('no/such/folder').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SvgxError);
    expect((error as SvgxError).code).toBe('PLUGIN_DIR_MISSING');
    expect((error as SvgxError).message).toContain('no/such/folder');
    expect((error as SvgxError).exitCode).toBe(2);
  });
});
