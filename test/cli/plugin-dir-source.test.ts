/**
 * A missing plugin folder is reported with where its path came from: `--dir`, `pluginDir` of
 * the config file (named, relative), or the default; so the fix is made in the right place.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, useCaseFolders } from '../scaffold/helpers.js';

let dir: string;
let env: NodeJS.ProcessEnv;
useCaseFolders('svgx-plugin-dir-source-', (folders) => ({ dir, env } = folders));

const run = (args: string[], cwd = dir) => cli(args, { cwd, env });

const COMMANDS = [['list'], ['info', 'x'], ['bench'], ['load'], ['validate']];

describe('a missing plugin folder names its source', () => {
  it.each(COMMANDS)('%s: pluginDir of .arxosrc, named as the key in that file', async (...command) => {
    await writeFile(path.join(dir, '.arxosrc'), '{"pluginDir":"nowhere"}');
    const result = await run(command);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toBe(
      'svgx-plugins: pluginDir in .arxosrc: plugin folder nowhere does not exist\n  fix pluginDir in .arxosrc to name the folder that holds your plugins, or pass --dir\n',
    );
  });

  it('adds no note on where pluginDir points when it is the path shown, spelled ./', async () => {
    await writeFile(path.join(dir, '.arxosrc'), '{"pluginDir":"./plugins"}');
    const result = await run(['list']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pluginDir in .arxosrc: plugin folder plugins does not exist');
    expect(result.stderr).not.toContain('is relative to the config file');
  });

  it('names the config file relative to the current folder, and where a relative pluginDir points', async () => {
    await writeFile(path.join(dir, '.arxosrc.yaml'), 'pluginDir: nowhere\n');
    const sub = path.join(dir, 'sub');
    await mkdir(sub);
    const result = await run(['list'], sub);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`pluginDir in ..${path.sep}.arxosrc.yaml: plugin folder`);
    expect(result.stderr).toContain('(pluginDir "nowhere" is relative to the config file\'s folder)');
    expect(result.stderr).toContain(`fix pluginDir in ..${path.sep}.arxosrc.yaml`);
  });

  it('names the "arxos" key of package.json and a --config file', async () => {
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', arxos: { pluginDir: 'gone' } }));
    const fromPackage = await run(['list']);
    expect(fromPackage.code).toBe(2);
    expect(fromPackage.stderr).toContain('svgx-plugins: pluginDir in package.json ("arxos" key): plugin folder gone does not exist');
    await writeFile(path.join(dir, 'ci.json'), '{"pluginDir":"ci-plugins"}');
    const fromFlag = await run(['--config', 'ci.json', 'list']);
    expect(fromFlag.code).toBe(2);
    expect(fromFlag.stderr).toContain('svgx-plugins: pluginDir in ci.json: plugin folder ci-plugins does not exist');
  });

  it.each(COMMANDS)('%s: --dir, named as the flag, also when the config sets pluginDir', async (...command) => {
    await writeFile(path.join(dir, '.arxosrc'), '{"pluginDir":"nowhere"}');
    const result = await run([...command, '--dir', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'svgx-plugins: --dir nope: plugin folder nope does not exist\n  pass --dir the folder that holds your plugins, or leave --dir out to use pluginDir of .arxosrc\n',
    );
  });

  it('a --dir that is a file', async () => {
    await writeFile(path.join(dir, 'f.txt'), '');
    const result = await run(['list', '--dir', 'f.txt']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('svgx-plugins: --dir f.txt: plugin folder f.txt is a file, not a folder');
  });

  it('the default, when no config sets pluginDir', async () => {
    const result = await run(['list']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'svgx-plugins: pluginDir: plugin folder plugins does not exist (pluginDir is not set; the default is "plugins")\n' +
        '  create it with `svgx-plugins new <name>`, pass --dir with the folder that holds your plugins, or set pluginDir in .arxosrc\n',
    );
    await writeFile(path.join(dir, '.arxosrc'), '{"watch":{"debounceMs":5}}');
    const withConfig = await run(['list']);
    expect(withConfig.stderr).toContain('plugin folder plugins does not exist (pluginDir is not set in .arxosrc; the default is "plugins")');
    expect(withConfig.stderr).toContain('or set pluginDir in .arxosrc');
  });
});
