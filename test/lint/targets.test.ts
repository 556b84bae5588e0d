/** From command-line paths to plugins, and shards of them. */
import { afterAll, describe, expect, it } from 'vitest';
import { parseShard, resolveTargets, shardSources } from '../../src/lint/targets.js';
import { tempDir } from './helpers.js';

const tmp = tempDir();
tmp.write('plugins/solo.ts', 'export {};\n');
tmp.write('plugins/folder/index.ts', "import './helper.js';\n");
tmp.write('plugins/folder/helper.ts', 'export {};\n');
tmp.write('plugins/notes.txt', 'not a plugin\n');
afterAll(() => tmp.cleanup());

describe('resolveTargets', () => {
  it('finds the plugins of a folder of plugins, sorted by name', async () => {
    const { sources } = await resolveTargets(['plugins'], tmp.dir);
    expect(sources.map((s) => [s.name, s.kind])).toEqual([['folder', 'folder'], ['solo', 'file']]);
  });

  it('takes a module inside a folder plugin as that plugin', async () => {
    const { sources } = await resolveTargets(['plugins/folder/helper.ts'], tmp.dir);
    expect(sources.map((s) => s.name)).toEqual(['folder']);
  });

  it('refuses a path that does not exist or is not a plugin file, naming it', async () => {
    await expect(resolveTargets(['nope'], tmp.dir)).rejects.toThrow('path nope does not exist');
    await expect(resolveTargets(['plugins/notes.txt'], tmp.dir)).rejects.toThrow('plugins/notes.txt is not a plugin file');
  });
});

describe('shards', () => {
  it.each(['0/2', '3/2', '1/0', 'a/b', '1-2', ''])('refuses --shard %j', (value) => {
    expect(() => parseShard(value)).toThrow('is not i/n');
  });

  it('puts every plugin in exactly one shard, the same on every call, balanced', () => {
    const names = Array.from({ length: 10 }, (_, i) => ({ name: `p${i}` }));
    const shards = [1, 2, 3].map((index) => shardSources(names, { index, count: 3 }).map((s) => s.name));
    expect(shards.flat().sort()).toEqual(names.map((n) => n.name).sort());
    expect(shards.map((s) => s.length)).toEqual([4, 3, 3]);
    expect(shardSources([...names].reverse(), { index: 2, count: 3 }).map((s) => s.name)).toEqual(shards[1]);
  });
});
