/**
 * The built CLI in a child process, on real files in a temporary folder: exit codes, bad flags
 * and configs (message and exit 2), several formats in one run, --max-warnings, --baseline,
 * --shard, the cache, --list-rules and explain. Needs `npm run build` (npm test does it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';

const BIN = path.resolve(import.meta.dirname, '..', '..', 'bin', 'svgx-plugins.js');

const good = (name: string, extra = '') => `import { definePlugin } from 'svgx-plugins';
export default definePlugin({
  metadata: { name: '${name}', version: '1.0.0', author: 'T', description: 'A plugin'${extra} },
  register(registry) {
    registry.registerBehavior({ id: '${name}.a', type: 'custom', events: ['system'], handler: () => 1 });
  },
});
`;

const tmp = tempDir('svgx-cli-');
beforeAll(() => {
  tmp.write('clean/alpha.ts', good('alpha'));
  tmp.write('clean/beta.ts', good('beta'));
  tmp.write('clean/gamma.ts', good('gamma'));
  tmp.write('warn/quiet.ts', good('quiet', ", permissions: ['log']"));
  tmp.write('bad/evil.ts', `import { definePlugin } from 'svgx-plugins';
declare const process: any;
export default definePlugin({
  metadata: { name: 'evil', version: '1.0.0', author: 'T', description: 'Reads secrets' },
  register(registry) {
    registry.registerBehavior({ id: 'evil.a', type: 'custom', events: ['system'], handler: () => process.env.SECRET });
  },
});
`);
  tmp.write('outside/package.json', '{ "name": "host", "version": "1.0.0" }\n');
  tmp.write('outside/plugins/peek/index.ts', `import pkg from '../../package.json';\n${good('peek')}export const host = pkg;\n`);
  tmp.write('twins/twin.ts', good('twin'));
  tmp.write('twins/twin/index.ts', good('twin'));
  tmp.write('twins/other.ts', good('other'));
  tmp.write('badconfig/.arxosrc', JSON.stringify({ rules: { 'no-evil': 'error' } }));
  tmp.write('offconfig/.arxosrc', JSON.stringify({ rules: { 'no-process': 'off' } }));
  tmp.write('badlevel/.arxosrc', JSON.stringify({ rules: { 'no-eval': 'loud' } }));
  tmp.write('badjson/.arxosrc', '{ "rules": { "no-eval": "error", } ');
});
afterAll(() => tmp.cleanup());

/** Not on CI unless a test says so: validate treats a missing --baseline differently there. */
function cli(args: string[], cwd = tmp.dir, env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '', ...env } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('validate exit codes', () => {
  it('exits 0 on clean plugins', () => {
    const r = cli(['validate', 'clean', '--no-cache']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no problems in 3 plugins, 3 files');
  });

  it('exits 1 on an error-level finding and prints it with its rule', () => {
    const r = cli(['validate', 'bad', '--no-cache']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/bad\/evil\.ts\n {2}6:\d+ +error +process is the host's process object.* no-process/);
  });

  it('exits 0 with warnings, and 1 when they are more than --max-warnings', () => {
    expect(cli(['validate', 'warn', '--no-cache']).code).toBe(0);
    const r = cli(['validate', 'warn', '--no-cache', '--max-warnings', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('1 warning(s), more than --max-warnings 0');
  });

  it("exits 1 on a plugin that imports a file from outside its folder ('../../package.json')", () => {
    const r = cli(['validate', 'outside/plugins', '--no-cache']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/outside\/plugins\/peek\/index\.ts\n {2}1:17 +error +'\.\.\/\.\.\/package\.json' is outside the plugin's folder \(peek\/\).* no-outside-files/);
  });

  it('exits 1 when a plugin cannot be checked at all (two plugins of one name), naming it', () => {
    const r = cli(['validate', 'twins', '--no-cache']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error: twins: two plugins are named "twin": twin/ and twin.ts; rename or remove one (not checked)');
    expect(r.stdout).toContain('1 plugin not checked');
  });

  it('honours rules turned off in .arxosrc', () => {
    const dir = path.join(tmp.dir, 'offconfig');
    const r = cli(['validate', path.join(tmp.dir, 'bad'), '--no-cache'], dir);
    expect(r.code).toBe(0);
  });
});

describe('validate usage and configuration errors exit 2 and say which', () => {
  it.each([
    [['validate', 'clean', '--bogus'], "unknown option '--bogus'"],
    [['validate', 'clean', '--format', 'xml'], '--format xml is not a format'],
    [['validate', 'clean', '--format', 'sarif='], 'names no file after "="'],
    [['validate', 'clean', '--max-warnings', 'many'], '--max-warnings many is not a whole number'],
    [['validate', 'clean', '--shard', '3/2'], '--shard 3/2 is not i/n'],
    [['validate', 'no-such-folder'], 'path no-such-folder does not exist'],
    [['validate', 'clean', '--update-baseline'], '--update-baseline needs --baseline'],
    [['validate', 'clean', '--format', 'json', '--format', 'sarif'], 'only one format may go to stdout (--format json, --format sarif all would); write the others as name=file'],
    [['validate', 'clean', '--format', 'stylish', '--format', 'github', '--format', 'junit=out.xml'], 'only one format may go to stdout'],
    [['explain', 'no-evl'], 'no rule named "no-evl"; did you mean "no-eval"?'],
  ])('%j', (args, message) => {
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it.each([
    ['badlevel', 'rules.no-eval'],
    ['badjson', '.arxosrc'],
  ])('rejects the config in %s, naming %s', (folder, named) => {
    const r = cli(['validate', path.join(tmp.dir, 'clean')], path.join(tmp.dir, folder));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(named);
  });

  it('rejects an unknown rule in .arxosrc, naming it and the closest rule', () => {
    const r = cli(['validate', path.join(tmp.dir, 'clean')], path.join(tmp.dir, 'badconfig'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('rules."no-evil" is not a rule; did you mean "no-eval"?');
  });
});

describe('validate outputs', () => {
  it('writes several formats in one run, each completely, also when piped', () => {
    const r = cli(['validate', 'bad', '--no-cache', '--format', 'stylish', '--format', 'sarif=out/report.sarif', '--format', 'json=out/report.json', '--format', 'junit=out/report.xml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('no-process');
    const sarif = JSON.parse(readFileSync(path.join(tmp.dir, 'out/report.sarif'), 'utf8')) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results).toHaveLength(1);
    const json = JSON.parse(readFileSync(path.join(tmp.dir, 'out/report.json'), 'utf8')) as { summary: { errors: number } };
    expect(json.summary.errors).toBe(1);
    expect(readFileSync(path.join(tmp.dir, 'out/report.xml'), 'utf8')).toContain('failures="1"');
  });

  it('prints json to stdout in full when piped', () => {
    const r = cli(['validate', 'clean', 'bad', '--no-cache', '--format', 'json']);
    const doc = JSON.parse(r.stdout) as { summary: { plugins: number } };
    expect(doc.summary.plugins).toBe(4);
  });

  it('colours stylish output with the CLI\'s shared paint when colour is forced', async () => {
    const run = spawnSync(process.execPath, [BIN, 'validate', 'bad', '--no-cache'], { cwd: tmp.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(run.stdout).toContain('\u001b[4mbad/evil.ts\u001b[24m');
    expect(run.stdout).toContain('\u001b[31merror\u001b[39m');
    const { paintFor } = await import('../../src/cli/paint.js');
    const paint = await paintFor(true);
    expect([paint.warn('w'), paint.underline('u')]).toEqual(['\u001b[33mw\u001b[39m', '\u001b[4mu\u001b[24m']);
  });

  it('names in json the tsconfig.json each plugin was checked with, the same for the folder and the plugin path', () => {
    const dir = tempDir('svgx-tsconfig-');
    try {
      dir.write('plugins/foo/index.ts', good('foo'));
      dir.write('plugins/foo/tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, noImplicitAny: false, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022'], types: [] } }));
      dir.write('plugins/bar.ts', good('bar'));
      const tsconfigs = (paths: string[]) =>
        (JSON.parse(cli(['validate', ...paths, '--no-cache', '--format', 'json'], dir.dir).stdout) as { plugins: { name: string; tsconfig: string | null }[] }).plugins.map((p) => [p.name, p.tsconfig]);
      expect(tsconfigs(['plugins'])).toEqual([['bar', null], ['foo', 'plugins/foo/tsconfig.json']]);
      expect(tsconfigs(['plugins/foo'])).toEqual([['foo', 'plugins/foo/tsconfig.json']]);
    } finally {
      dir.cleanup();
    }
  });

  it('prints GitHub annotations', () => {
    const r = cli(['validate', 'bad', '--no-cache', '--format', 'github']);
    expect(r.stdout).toMatch(/^::error file=bad\/evil\.ts,line=6,col=\d+,.*title=svgx-plugins no-process::/);
  });
});

describe('baseline, shards and cache', () => {
  it('writes a baseline on the first run, then reports only new findings', () => {
    const baseline = path.join(tmp.dir, 'baseline.json');
    const first = cli(['validate', 'bad', '--no-cache', '--baseline', baseline]);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('written with 1 finding(s)');
    expect(existsSync(baseline)).toBe(true);
    // Move the finding down two lines and add a new one: only the new one is reported.
    const file = path.join(tmp.dir, 'bad/evil.ts');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('declare const process: any;\n', 'declare const process: any;\n\n\nconst cwd = process.cwd();\n'));
    try {
      const second = cli(['validate', 'bad', '--no-cache', '--baseline', baseline, '--format', 'json']);
      expect(second.code).toBe(1);
      const doc = JSON.parse(second.stdout) as { findings: { line: number; ruleId: string }[] };
      expect(doc.findings.map((f) => [f.ruleId, f.line])).toEqual([['no-process', 5]]);
    } finally {
      writeFileSync(file, original);
    }
  });

  it('says in the summary how many findings the baseline recorded, then how many it filtered', () => {
    const baseline = path.join(tmp.dir, 'summary-baseline/baseline.json');
    const first = cli(['validate', 'bad', '--no-cache', '--baseline', baseline]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`✔ no new problems in 1 plugin, 1 file (1 finding recorded in the baseline ${baseline})`);
    expect(first.stdout).not.toContain('no problems');
    const second = cli(['validate', 'bad', '--no-cache', '--baseline', baseline]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`✔ no new problems in 1 plugin, 1 file (1 finding filtered by the baseline ${baseline})`);
    const json = JSON.parse(cli(['validate', 'bad', '--no-cache', '--baseline', baseline, '--format', 'json']).stdout) as { summary: { baseline: unknown } };
    expect(json.summary.baseline).toEqual({ file: baseline, written: false, recorded: 1, filtered: 1 });
  });

  it.each(['true', '1', 'yes'])('fails on CI (CI=%s) when the --baseline file does not exist, instead of writing it and passing', (ci) => {
    const baseline = path.join(tmp.dir, `ci-${ci}/missing-baseline.json`);
    const r = cli(['validate', 'bad', '--no-cache', '--baseline', baseline], tmp.dir, { CI: ci });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--baseline ${baseline} does not exist`);
    expect(r.stderr).toContain(`create it locally with \`svgx-plugins validate --baseline ${baseline}\` (or --update-baseline), then commit it`);
    expect(r.stdout).toBe('');
    expect(existsSync(baseline)).toBe(false);
  });

  it.each(['false', '0'])('treats CI=%s as not CI and writes the missing baseline', (ci) => {
    const baseline = path.join(tmp.dir, `not-ci-${ci}/baseline.json`);
    const r = cli(['validate', 'bad', '--no-cache', '--baseline', baseline], tmp.dir, { CI: ci });
    expect(r.code).toBe(0);
    expect(existsSync(baseline)).toBe(true);
  });

  it('writes the baseline on CI when --update-baseline asks for it', () => {
    const baseline = path.join(tmp.dir, 'ci-update/baseline.json');
    const r = cli(['validate', 'bad', '--no-cache', '--baseline', baseline, '--update-baseline'], tmp.dir, { CI: 'true' });
    expect(r.code).toBe(0);
    expect(existsSync(baseline)).toBe(true);
  });

  it('splits plugins across shards, each exactly once', () => {
    const names = (shard: string) => (JSON.parse(cli(['validate', 'clean', '--no-cache', '--shard', shard, '--format', 'json']).stdout) as { plugins: { name: string }[] }).plugins.map((p) => p.name);
    const [a, b] = [names('1/2'), names('2/2')];
    expect([...a, ...b].sort()).toEqual(['alpha', 'beta', 'gamma']);
    expect(a.filter((n) => b.includes(n))).toEqual([]);
    expect(names('1/2')).toEqual(a);
  });

  it('answers a second unchanged run from the cache, and misses when a file changes', () => {
    const cacheDir = path.join(tmp.dir, 'cache-test');
    const summary = () => (JSON.parse(cli(['validate', 'clean', '--format', 'json', '--cache-location', cacheDir]).stdout) as { summary: { cached: boolean } }).summary;
    expect(summary().cached).toBe(false);
    expect(summary().cached).toBe(true);
    const file = path.join(tmp.dir, 'clean/beta.ts');
    writeFileSync(file, `${readFileSync(file, 'utf8')}// changed\n`);
    expect(summary().cached).toBe(false);
  });
});

describe('the cache after a missing import is created', () => {
  const importsHelper = `import { definePlugin } from 'svgx-plugins';
import { helper } from './helper';
export default definePlugin({
  metadata: { name: 'foo', version: '1.0.0', author: 'T', description: 'Uses a helper' },
  register(registry) {
    registry.registerBehavior({ id: 'foo.a', type: 'custom', events: ['system'], handler: () => helper() });
  },
});
`;
  const run = (dir: string, extra: string[] = []) => {
    const r = cli(['validate', 'plugins', '--format', 'json', ...extra], dir);
    const doc = JSON.parse(r.stdout) as { summary: { cached: boolean }; findings: { ruleId: string; message: string }[] };
    return { code: r.code, cached: doc.summary.cached, findings: doc.findings.map((f) => `${f.ruleId} ${/TS\d+/.exec(f.message)?.[0] ?? ''}`.trim()) };
  };

  it('reports a plugin clean once the module it could not find exists, as --no-cache does', () => {
    const dir = tempDir('svgx-cache-');
    try {
      dir.write('plugins/foo/index.ts', importsHelper);
      const before = run(dir.dir);
      expect(before.code).toBe(1);
      expect(before.findings).toEqual(['no-type-errors TS2307']);
      dir.write('plugins/foo/helper.ts', 'export function helper(): number {\n  return 1;\n}\n');
      const after = run(dir.dir);
      expect(after.findings).toEqual(run(dir.dir, ['--no-cache']).findings);
      expect(after.findings).toEqual([]);
      expect(after.code).toBe(0);
    } finally {
      dir.cleanup();
    }
  });

  it('sees what a sibling module created after a run does, also without the type-check', () => {
    const dir = tempDir('svgx-cache-');
    try {
      dir.write('plugins/foo/index.ts', importsHelper);
      expect(run(dir.dir, ['--type-checker', 'none']).findings).toEqual([]);
      dir.write('plugins/foo/helper.ts', 'export function helper(): unknown {\n  return fetch(\'https://example.com\');\n}\n');
      const after = run(dir.dir, ['--type-checker', 'none']);
      expect(after.cached).toBe(false);
      expect(after.findings).toEqual(['no-network']);
    } finally {
      dir.cleanup();
    }
  });

  it('still answers an unchanged second run from the cache', () => {
    const dir = tempDir('svgx-cache-');
    try {
      dir.write('plugins/foo/index.ts', importsHelper);
      dir.write('plugins/foo/helper.ts', 'export function helper(): number {\n  return 1;\n}\n');
      dir.write('plugins/bar.ts', good('bar'));
      expect(run(dir.dir).cached).toBe(false);
      expect(run(dir.dir).cached).toBe(true);
    } finally {
      dir.cleanup();
    }
  });
});

describe('the cache and a tsconfig that extends another', () => {
  it('misses when the extended config changes, and reports what the new options find', () => {
    const dir = tempDir('svgx-cache-');
    try {
      const options = (noImplicitAny: boolean) =>
        JSON.stringify({ compilerOptions: { strict: true, noImplicitAny, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022'], types: [] } });
      dir.write('tsconfig.base.json', options(false));
      dir.write('plugins/foo/tsconfig.json', JSON.stringify({ extends: '../../tsconfig.base.json' }));
      dir.write(
        'plugins/foo/index.ts',
        `import { definePlugin } from 'svgx-plugins';
function twice(x) {
  return x * 2;
}
export default definePlugin({
  metadata: { name: 'foo', version: '1.0.0', author: 'T', description: 'Doubles' },
  register(registry) {
    registry.registerBehavior({ id: 'foo.a', type: 'custom', events: ['system'], handler: () => twice(1) });
  },
});
`,
      );
      const run = () => {
        const doc = JSON.parse(cli(['validate', 'plugins', '--format', 'json'], dir.dir).stdout) as { summary: { cached: boolean }; findings: { message: string }[] };
        return { cached: doc.summary.cached, codes: doc.findings.map((f) => /TS\d+/.exec(f.message)?.[0]) };
      };
      expect(run()).toEqual({ cached: false, codes: [] });
      expect(run()).toEqual({ cached: true, codes: [] });
      dir.write('tsconfig.base.json', options(true));
      expect(run()).toEqual({ cached: false, codes: ['TS7006'] });
    } finally {
      dir.cleanup();
    }
  });
});

describe('rules', () => {
  it('lists every rule with its level', () => {
    const r = cli(['validate', '--list-rules']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no-eval +error +security/);
    expect(r.stdout).toMatch(/no-unused-permission +warn +permissions/);
    expect(r.stdout).toMatch(/no-outside-files +error +security/);
  });

  it('explains a rule', () => {
    const r = cli(['explain', 'no-string-timers']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no-string-timers  (security, default: error)');
    expect(r.stdout).toContain('svgx-disable-next-line no-string-timers -- reason');
  });
});
