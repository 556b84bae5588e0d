import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { cosmiconfig } from 'cosmiconfig';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { configSchema } from '../../src/config/schema.js';
import { cli, REPO, useCaseFolders } from '../scaffold/helpers.js';

let root: string;
let dir: string;
let env: NodeJS.ProcessEnv;
useCaseFolders('svgx-config-cli-', (folders) => ({ root, dir, env } = folders));

const configCli = (args: string[]) => cli(args, { cwd: dir, env });

/** Every key path the schema knows, with `*` for a record's keys. */
function schemaKeyPaths(): string[] {
  type Node = { properties?: Record<string, Node>; additionalProperties?: Node | boolean };
  const schema = configSchema.toJSONSchema({ io: 'input' }) as Node;
  const out: string[] = [];
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    out.push(key);
    for (const sub of Object.keys(child.properties ?? {})) out.push(`${key}.${sub}`);
    const values = typeof child.additionalProperties === 'object' ? child.additionalProperties : undefined;
    for (const sub of Object.keys(values?.properties ?? {})) out.push(`${key}.*.${sub}`);
  }
  return out;
}

describe('config --print', () => {
  it('says when no file was found and prints the defaults', async () => {
    const result = await configCli(['config', '--print']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^No config file found: every value is a default/);
    expect(result.stdout).toMatch(/timeouts\.handlerMs\s+250\s+default/);
  });

  it('prints each value with the file it came from, or default', async () => {
    await writeFile(path.join(dir, '.arxosrc.yaml'), 'pluginDir: behaviors\nplugins:\n  hover-glow:\n    trusted: true\n');
    const result = await configCli(['config']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Config file: .arxosrc.yaml');
    expect(result.stdout).toMatch(/pluginDir\s+"behaviors"\s+\.arxosrc\.yaml/);
    expect(result.stdout).toMatch(/plugins\.hover-glow\.trusted\s+true\s+\.arxosrc\.yaml/);
    expect(result.stdout).toMatch(/sandbox\.memoryLimitMb\s+64\s+default/);
  });

  it('prints JSON with the sources, for the file given with --config', async () => {
    await writeFile(path.join(dir, '.arxosrc.json'), '{ "pluginDir": "searched" }');
    await writeFile(path.join(dir, 'ci.json'), '{ "watch": { "debounceMs": 5 } }');
    const result = await configCli(['--config', 'ci.json', 'config', '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { file: string; config: { pluginDir: string; watch: { debounceMs: number } }; sources: Record<string, string> };
    expect(report.file).toBe('ci.json');
    expect(report.config.pluginDir).toBe('plugins');
    expect(report.config.watch.debounceMs).toBe(5);
    expect(report.sources['watch.debounceMs']).toBe('ci.json');
    expect(report.sources['pluginDir']).toBe('default');
  });

  it.each([
    ['.arxosrc.json', '{ "timeouts": { "handlerMs": "fast" } }', /\.arxosrc\.json: timeouts\.handlerMs: must be an integer from 1 to 600000, got "fast"\n {2}see \.arxosrc\.example/],
    ['.arxosrc.yaml', 'watch:\n  debounce: 3\n', /\.arxosrc\.yaml: watch\.debounce: unknown key, did you mean "debounceMs"\?/],
    ['.arxosrc', '{ "pluginDir": ', /\.arxosrc: cannot read the config: .*\n[\s\S]*the file must be valid JSON or YAML/],
  ])('refuses a bad %s with exit code 2', async (file, content, message) => {
    await writeFile(path.join(dir, file), content);
    const result = await configCli(['config', '--print']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  it('refuses an unknown rule id like validate does: the file, the key path and the closest rule', async () => {
    await writeFile(path.join(dir, '.arxosrc'), '{"rules":{"no-evl":"error"}}');
    const expected = 'svgx-plugins: .arxosrc: rules."no-evl" is not a rule; did you mean "no-eval"?\n  run `svgx-plugins validate --list-rules` to see every rule id\n';
    for (const args of [['config', '--print'], ['config', '--json'], ['validate', '--list-rules'], ['validate', '.']]) {
      const result = await configCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout, args.join(' ')).toBe('');
      expect(result.stderr, args.join(' ')).toBe(expected);
    }
  });

  it('names the --config file and the "arxos" key of package.json for an unknown rule id', async () => {
    await writeFile(path.join(dir, 'ci.yaml'), 'rules:\n  no-netwrok: off\n');
    const fromFlag = await configCli(['--config', 'ci.yaml', 'config']);
    expect(fromFlag.code).toBe(2);
    expect(fromFlag.stderr).toContain('svgx-plugins: ci.yaml: rules."no-netwrok" is not a rule; did you mean "no-network"?');
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', arxos: { rules: { 'no-evl': 'off' } } }));
    const fromPackage = await configCli(['config']);
    expect(fromPackage.code).toBe(2);
    expect(fromPackage.stderr).toContain('svgx-plugins: package.json ("arxos" key): rules."no-evl" is not a rule');
  });

  it('accepts every rule id validate --list-rules prints', async () => {
    const list = await configCli(['validate', '--list-rules']);
    expect(list.code).toBe(0);
    const rows = list.stdout.split('\n').slice(1);
    const ids = rows.slice(0, rows.indexOf('')).map((line) => line.split(/\s+/)[0] ?? '');
    expect(ids).toContain('no-eval');
    await writeFile(path.join(dir, '.arxosrc.json'), JSON.stringify({ rules: Object.fromEntries(ids.map((id) => [id, 'warn'])) }));
    const result = await configCli(['config', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(Object.keys((JSON.parse(result.stdout) as { config: { rules: Record<string, string> } }).config.rules)).toEqual(ids);
  });

  it('refuses a --config file that does not exist', async () => {
    const result = await configCli(['--config', 'nope.yaml', 'config']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('svgx-plugins: --config: config file nope.yaml does not exist');
  });
});

describe('.arxosrc.example', () => {
  it('is a working .arxosrc whose values are exactly the defaults', async () => {
    await copyFile(path.join(REPO, '.arxosrc.example'), path.join(dir, '.arxosrc'));
    const loaded = await loadConfig({ cwd: dir, stopDir: root });
    expect(loaded.filepath).toBe(path.join(dir, '.arxosrc'));
    expect(loaded.config).toEqual(configSchema.parse({}));
  });

  it('documents every key of the schema', async () => {
    const text = await readFile(path.join(REPO, '.arxosrc.example'), 'utf8');
    for (const keyPath of schemaKeyPaths()) {
      const last = keyPath.split('.').pop() ?? keyPath;
      expect(text, keyPath).toMatch(new RegExp(`^\\s*#?\\s*${last.replace('$', '\\$')}:`, 'm'));
    }
  });

  it('passes the JSON Schema that config --schema prints', async () => {
    const result = await configCli(['config', '--schema']);
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout) as Record<string, unknown>;
    const validate = new Ajv2020({ strict: false }).compile(schema);
    // cosmiconfig has no loader for ".example"; read it as the .arxosrc it is meant to become.
    const copy = path.join(dir, '.arxosrc');
    await copyFile(path.join(REPO, '.arxosrc.example'), copy);
    const raw: unknown = (await cosmiconfig('arxos').load(copy))?.config;
    expect(validate(raw), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ pluginDirs: 'x' })).toBe(false);
    expect(validate({ timeouts: { handlerMs: 0 } })).toBe(false);
  });
});
