import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { allowedKeysAt, describeAllowed, loadConfig, resolvePluginDir, resolveTemplatesDir } from '../../src/config/load.js';
import { configSchema } from '../../src/config/schema.js';
import { describeConfigSources } from '../../src/config/sources.js';
import { SvgxError } from '../../src/errors.js';

let root: string;
let dir: string;
let counter = 0;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'svgx-config-'));
  // The user-wide config folder is searched last; point it at an empty folder we own.
  process.env['XDG_CONFIG_HOME'] = path.join(root, 'xdg');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
beforeEach(async () => {
  dir = path.join(root, `case-${++counter}`);
  await mkdir(dir, { recursive: true });
});

const load = (options: { cwd?: string; configFile?: string } = {}) => loadConfig({ cwd: dir, stopDir: root, ...options });

async function loadError(options: { cwd?: string; configFile?: string } = {}): Promise<SvgxError> {
  try {
    await load(options);
  } catch (error) {
    if (error instanceof SvgxError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to fail');
}

describe('config search places', () => {
  const places: Array<[string, string, string?]> = [
    ['package.json', JSON.stringify({ name: 'x', arxos: { pluginDir: 'p' } })],
    ['.arxosrc', '{ "pluginDir": "p" }'],
    ['.arxosrc', 'pluginDir: p\n'],
    ['.arxosrc.json', '{ "pluginDir": "p" }'],
    ['.arxosrc.yaml', 'pluginDir: p\n'],
    ['.arxosrc.yml', 'pluginDir: p\n'],
    ['arxos.config.js', 'export default { pluginDir: "p" };\n', JSON.stringify({ type: 'module' })],
    ['arxos.config.mjs', 'export default { pluginDir: "p" };\n'],
    ['arxos.config.cjs', 'module.exports = { pluginDir: "p" };\n'],
  ];

  it.each(places)('reads %s', async (file, content, packageJson) => {
    if (packageJson) await writeFile(path.join(dir, 'package.json'), packageJson);
    await writeFile(path.join(dir, file), content);
    const loaded = await load();
    expect(loaded.filepath).toBe(path.join(dir, file));
    expect(loaded.config.pluginDir).toBe('p');
    expect(resolvePluginDir(loaded)).toBe(path.join(dir, 'p'));
  });

  it('names the "arxos" key when the bad value is in package.json', async () => {
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', arxos: { timeouts: { handlerMs: 'fast' } } }));
    const error = await loadError();
    expect(error.location).toContain('package.json ("arxos" key)');
    expect(error.message).toContain('timeouts.handlerMs');
    expect(error.exitCode).toBe(2);
  });

  it('searches from the current folder upward and resolves paths against the file', async () => {
    await writeFile(path.join(dir, '.arxosrc.json'), '{ "pluginDir": "plugins", "templatesDir": "org-templates" }');
    const deep = path.join(dir, 'a', 'b');
    await mkdir(deep, { recursive: true });
    const loaded = await load({ cwd: deep });
    expect(loaded.filepath).toBe(path.join(dir, '.arxosrc.json'));
    expect(resolvePluginDir(loaded)).toBe(path.join(dir, 'plugins'));
    expect(resolveTemplatesDir(loaded)).toBe(path.join(dir, 'org-templates'));
    expect(resolveTemplatesDir(loaded, 'flag-dir')).toBe(path.resolve('flag-dir'));
  });

  it('prefers the nearest file, and package.json before .arxosrc in one folder', async () => {
    await writeFile(path.join(dir, '.arxosrc'), 'pluginDir: outer\n');
    const inner = path.join(dir, 'inner');
    await mkdir(inner);
    await writeFile(path.join(inner, '.arxosrc.yml'), 'pluginDir: inner\n');
    await writeFile(path.join(inner, 'package.json'), JSON.stringify({ arxos: { pluginDir: 'pkg' } }));
    expect((await load({ cwd: inner })).config.pluginDir).toBe('pkg');
  });

  it('skips a package.json without an arxos key', async () => {
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'x' }));
    await writeFile(path.join(dir, '.arxosrc.json'), '{ "pluginDir": "q" }');
    expect((await load()).config.pluginDir).toBe('q');
  });

  it('reads the user-wide config when no folder has one', async () => {
    const userDir = path.join(root, 'xdg', 'arxos');
    await mkdir(userDir, { recursive: true });
    await writeFile(path.join(userDir, 'config.json'), '{ "watch": { "debounceMs": 99 } }');
    try {
      const loaded = await load();
      expect(loaded.config.watch.debounceMs).toBe(99);
      expect(loaded.filepath).toBe(path.join(userDir, 'config.json'));
    } finally {
      await rm(userDir, { recursive: true, force: true });
    }
  });

  it('uses the defaults when there is no config at all', async () => {
    const loaded = await load();
    expect(loaded.filepath).toBeUndefined();
    expect(loaded.config).toEqual(configSchema.parse({}));
    expect(loaded.baseDir).toBe(dir);
  });

  it('treats an empty file as the defaults, and stops the search there', async () => {
    await writeFile(path.join(dir, '.arxosrc.json'), '{ "pluginDir": "outer" }');
    const inner = path.join(dir, 'inner');
    await mkdir(inner);
    await writeFile(path.join(inner, '.arxosrc'), '  \n');
    const loaded = await load({ cwd: inner });
    expect(loaded.filepath).toBe(path.join(inner, '.arxosrc'));
    expect(loaded.config.pluginDir).toBe('plugins');
  });

  it('--config reads that file and nothing else', async () => {
    await writeFile(path.join(dir, '.arxosrc.json'), '{ "pluginDir": "searched" }');
    await writeFile(path.join(dir, 'ci.yaml'), 'pluginDir: explicit\n');
    const loaded = await load({ configFile: 'ci.yaml' });
    expect(loaded.config.pluginDir).toBe('explicit');
    expect(loaded.filepath).toBe(path.join(dir, 'ci.yaml'));
  });
});

describe('config refusals', () => {
  const cases: Array<{ name: string; file: string; content: string; code: string; message: RegExp[] }> = [
    {
      name: 'an unknown top-level key, with a suggestion and the allowed keys',
      file: '.arxosrc.json',
      content: '{ "pluginDirs": "x" }',
      code: 'CONFIG_UNKNOWN_KEY',
      message: [/pluginDirs: unknown key, did you mean "pluginDir"\?/, /allowed: pluginDir, timeouts, sandbox, plugins, rules, watch, templatesDir/],
    },
    {
      name: 'an unknown nested key',
      file: '.arxosrc.yaml',
      content: 'timeouts:\n  handler: 10\n',
      code: 'CONFIG_UNKNOWN_KEY',
      message: [/timeouts\.handler: unknown key, did you mean "handlerMs"\?/, /allowed in timeouts: handlerMs, registerMs, topLevelMs/],
    },
    {
      name: 'an unknown key in one plugin settings',
      file: '.arxosrc.json',
      content: '{ "plugins": { "hover-glow": { "sandboxed": true } } }',
      code: 'CONFIG_UNKNOWN_KEY',
      message: [/plugins\.hover-glow\.sandboxed: unknown key/, /enabled, trusted, timeoutMs, registerTimeoutMs, topLevelTimeoutMs, memoryLimitMb/],
    },
    {
      name: 'a wrong type',
      file: '.arxosrc.json',
      content: '{ "timeouts": { "handlerMs": "fast" } }',
      code: 'CONFIG_INVALID',
      message: [/timeouts\.handlerMs: must be an integer from 1 to 600000, got "fast"/],
    },
    {
      name: 'a number out of range',
      file: '.arxosrc.json',
      content: '{ "sandbox": { "memoryLimitMb": 2 } }',
      code: 'CONFIG_INVALID',
      message: [/sandbox\.memoryLimitMb: must be an integer from 8 to 2048, got 2/],
    },
    {
      name: 'a fraction where an integer is needed',
      file: '.arxosrc.json',
      content: '{ "watch": { "debounceMs": 2.5 } }',
      code: 'CONFIG_INVALID',
      message: [/watch\.debounceMs: must be an integer from 0 to 10000, got 2.5/],
    },
    {
      name: 'a bad rule setting',
      file: '.arxosrc.json',
      content: '{ "rules": { "no-eval": "fatal" } }',
      code: 'CONFIG_INVALID',
      message: [/rules\.no-eval: must be one of "error", "warn", "off", got "fatal"/],
    },
    {
      name: 'an unknown rule id, with a suggestion',
      file: '.arxosrc.json',
      content: '{ "rules": { "no-evl": "error" } }',
      code: 'CONFIG_UNKNOWN_KEY',
      message: [/^rules\."no-evl" is not a rule; did you mean "no-eval"\?$/],
    },
    {
      name: 'several unknown rule ids, each on its line',
      file: '.arxosrc.yaml',
      content: 'rules:\n  no-eval: warn\n  no-evl: error\n  zzzzzzzzzz: off\n',
      code: 'CONFIG_UNKNOWN_KEY',
      message: [/2 problems in the config:\n {2}rules\."no-evl" is not a rule; did you mean "no-eval"\?\n {2}rules\."zzzzzzzzzz" is not a rule$/],
    },
    {
      name: 'a plugin name that is not kebab-case',
      file: '.arxosrc.json',
      content: '{ "plugins": { "Hover_Glow": { "trusted": true } } }',
      code: 'CONFIG_INVALID',
      message: [/plugins\.Hover_Glow: "Hover_Glow" is not a valid key: plugin names are kebab-case/],
    },
    {
      name: 'a boolean given as a string',
      file: '.arxosrc.yaml',
      content: 'plugins:\n  hover-glow:\n    trusted: "yes"\n',
      code: 'CONFIG_INVALID',
      message: [/plugins\.hover-glow\.trusted: must be true or false, got "yes"/],
    },
    {
      name: 'an empty string where a folder is needed',
      file: '.arxosrc.json',
      content: '{ "pluginDir": "" }',
      code: 'CONFIG_INVALID',
      message: [/pluginDir: must be a non-empty string, got ""/],
    },
    {
      name: 'an object where a section is a number',
      file: '.arxosrc.json',
      content: '{ "timeouts": 5 }',
      code: 'CONFIG_INVALID',
      message: [/timeouts: must be an object with the keys handlerMs, registerMs, topLevelMs, got 5/],
    },
    {
      name: 'several problems at once, each on its line',
      file: '.arxosrc.json',
      content: '{ "pluginDir": 3, "nope": 1 }',
      code: 'CONFIG_INVALID',
      message: [/2 problems in the config:\n {2}pluginDir: must be a non-empty string, got 3\n {2}nope: unknown key/],
    },
    {
      name: 'a list instead of an object',
      file: '.arxosrc.json',
      content: '[1, 2]',
      code: 'CONFIG_INVALID',
      message: [/the config must be an object of keys, got a list/],
    },
    {
      name: 'a plain string',
      file: '.arxosrc',
      content: 'just words\n',
      code: 'CONFIG_INVALID',
      message: [/the config must be an object of keys, got "just words"/],
    },
    {
      name: 'invalid JSON',
      file: '.arxosrc.json',
      content: '{ "pluginDir": "x", }',
      code: 'CONFIG_INVALID',
      message: [/cannot read the config/],
    },
    {
      name: 'invalid YAML',
      file: '.arxosrc.yaml',
      content: 'pluginDir: [unclosed\n',
      code: 'CONFIG_INVALID',
      message: [/cannot read the config/],
    },
    {
      name: 'a JS config that throws',
      file: 'arxos.config.cjs',
      content: 'throw new Error("boom in config");\n',
      code: 'CONFIG_INVALID',
      message: [/cannot read the config: boom in config/],
    },
  ];

  it.each(cases)('refuses $name with exit code 2, naming the file', async ({ file, content, code, message }) => {
    await writeFile(path.join(dir, file), content);
    const error = await loadError();
    expect(error.code).toBe(code);
    expect(error.exitCode).toBe(2);
    expect(error.location).toContain(file);
    for (const pattern of message) expect(error.message).toMatch(pattern);
    expect(error.format()).toContain(file);
  });

  it('refuses a --config file that does not exist, naming the flag', async () => {
    const error = await loadError({ configFile: 'missing.json' });
    expect(error.code).toBe('CONFIG_NOT_FOUND');
    expect(error.exitCode).toBe(2);
    expect(error.location).toBe('--config');
    expect(error.message).toContain('missing.json does not exist');
  });

  it('refuses a --config that is a folder', async () => {
    await mkdir(path.join(dir, 'conf'));
    const error = await loadError({ configFile: 'conf' });
    expect(error.code).toBe('CONFIG_NOT_FOUND');
    expect(error.message).toContain('is a folder');
  });

  it('checks a --config file like a found one', async () => {
    await writeFile(path.join(dir, 'ci.json'), '{ "sandbox": { "quarantineAfter": -1 } }');
    const error = await loadError({ configFile: 'ci.json' });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('sandbox.quarantineAfter: must be an integer from 0 to 1000, got -1');
  });
});

describe('what the schema allows, in words', () => {
  it.each([
    [[], ['pluginDir', 'timeouts', 'sandbox', 'plugins', 'rules', 'watch', 'templatesDir']],
    [['timeouts'], ['handlerMs', 'registerMs', 'topLevelMs']],
    [['sandbox'], ['memoryLimitMb', 'quarantineAfter', 'maxResultBytes']],
    [['plugins', 'any-name'], ['enabled', 'trusted', 'timeoutMs', 'registerTimeoutMs', 'topLevelTimeoutMs', 'memoryLimitMb']],
    [['watch'], ['debounceMs']],
  ])('lists the keys allowed at %j', (at, keys) => {
    expect(allowedKeysAt(at)).toEqual(keys);
  });

  it.each([[['plugins']], [['rules']], [['pluginDir']], [['nope']], [['timeouts', 'handlerMs', 'deeper']]])(
    'has no key list where any key or no key goes: %j',
    (at) => {
      expect(allowedKeysAt(at)).toBeUndefined();
    },
  );

  it('describes records by their values', () => {
    expect(describeAllowed(['rules'])).toBe('an object whose values are one of "error", "warn", "off"');
    expect(describeAllowed(['plugins', 'x', 'memoryLimitMb'])).toBe('an integer from 8 to 2048');
  });
});

describe('where each value came from', () => {
  it('marks values the file set and leaves the rest as defaults', async () => {
    await writeFile(path.join(dir, '.arxosrc.json'), JSON.stringify({ timeouts: { handlerMs: 100 }, plugins: { 'hover-glow': { trusted: true } } }));
    const report = describeConfigSources(await load(), dir);
    expect(report.file).toBe('.arxosrc.json');
    const byKey = new Map(report.entries.map((e) => [e.key, e]));
    expect(byKey.get('timeouts.handlerMs')).toEqual({ key: 'timeouts.handlerMs', value: 100, source: 'file' });
    expect(byKey.get('timeouts.registerMs')).toEqual({ key: 'timeouts.registerMs', value: 2000, source: 'default' });
    expect(byKey.get('plugins.hover-glow.trusted')).toEqual({ key: 'plugins.hover-glow.trusted', value: true, source: 'file' });
    expect(byKey.get('rules')).toEqual({ key: 'rules', value: {}, source: 'default' });
    expect(byKey.get('pluginDir')?.source).toBe('default');
  });
});
