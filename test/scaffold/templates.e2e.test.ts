import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, childEnv, cli, REPO, run, type RunResult } from './helpers.js';

/**
 * Every built-in template, end to end through the built CLI in one temporary project:
 * scaffold, load, type-check, run the generated test, and validate when that command exists.
 *
 * The generated tests import 'svgx-plugins' and 'vitest' as a user's project would, from its
 * node_modules: here node_modules/svgx-plugins is a link to this repository (its package.json
 * exports point at dist/) and node_modules/vitest a link to the repository's vitest. Nothing
 * is aliased, so what passes here passes in a real project that installed the package.
 */
const CASES = [
  { template: 'event-behavior', name: 'pointer-glow', target: 'plugins/pointer-glow.ts', behaviors: ['pointer-glow.highlight'] },
  { template: 'state-machine', name: 'door-control', target: 'plugins/door-control.ts', behaviors: ['door-control.transition'] },
  { template: 'multi-behavior', name: 'wall-notes', target: 'plugins/wall-notes.ts', behaviors: ['wall-notes.add-note', 'wall-notes.clear-notes', 'wall-notes.report'] },
  { template: 'folder-plugin', name: 'grid-snap', target: 'plugins/grid-snap', behaviors: ['grid-snap.snap'] },
] as const;

let project: string;
let env: NodeJS.ProcessEnv;
const created = new Map<string, RunResult>();
let load: RunResult;
let loaded: { plugins: Array<{ name: string; status: string; behaviors: string[]; dependencies: Record<string, string>; error: unknown }> };
let typecheck: RunResult;
let vitest: RunResult;
let vitestReport: { testResults: Array<{ name: string; status: string; assertionResults: Array<{ title: string; status: string }> }> };
beforeAll(async () => {
  assertBuilt();
  project = await mkdtemp(path.join(os.tmpdir(), 'svgx-new-e2e-'));
  env = childEnv(path.join(project, '.xdg'));
  await mkdir(path.join(project, 'plugins'));
  // The multi-behavior template depends on base-shapes by default: the project has it.
  await copyFile(path.join(REPO, 'fixtures', 'plugins', 'base-shapes.ts'), path.join(project, 'plugins', 'base-shapes.ts'));
  await mkdir(path.join(project, 'node_modules'));
  await symlink(REPO, path.join(project, 'node_modules', 'svgx-plugins'), 'dir');
  await symlink(path.join(REPO, 'node_modules', 'vitest'), path.join(project, 'node_modules', 'vitest'), 'dir');

  for (const c of CASES) {
    created.set(c.template, await cli(['new', c.name, '--template', c.template, '--author', 'E2E Test'], { cwd: project, env }));
  }
  created.set(
    'quoted',
    await cli(['new', 'quoted-text', '-t', 'event-behavior', '--author', "Ann O'Lee \\ Co", '--description', 'It\'s "quoted" `text` ${x}'], { cwd: project, env }),
  );

  load = await cli(['load', '--dir', 'plugins', '--json'], { cwd: project, env });
  loaded = JSON.parse(load.stdout) as typeof loaded;

  // Strict settings a careful team would use; the generated code must compile under them.
  await writeFile(
    path.join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        noImplicitOverride: true,
        noUnusedLocals: true,
        noUnusedParameters: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
      include: ['plugins/quoted-text.ts', 'plugins/pointer-glow*.ts', 'plugins/door-control*.ts', 'plugins/wall-notes*.ts', 'plugins/grid-snap/**/*.ts'],
    }),
  );
  typecheck = await run(process.execPath, [path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: project, env });

  const reportFile = path.join(project, 'vitest-report.json');
  vitest = await run(
    process.execPath,
    [path.join(REPO, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', project, '--reporter=json', `--outputFile=${reportFile}`],
    { cwd: project, env },
  );
  vitestReport = JSON.parse(await readFile(reportFile, 'utf8')) as typeof vitestReport;
}, 120_000);

afterAll(async () => {
  if (project) await rm(project, { recursive: true, force: true });
});

describe.each(CASES)('template $template', ({ template, name, target, behaviors }) => {
  it('is scaffolded by the CLI, which prints the next steps', () => {
    const result = created.get(template);
    expect(result?.stderr).toBe('');
    expect(result?.code).toBe(0);
    expect(result?.stdout).toContain(`Created plugin ${name} (template ${template})`);
    expect(result?.stdout).toContain(`svgx-plugins validate ${target}`);
    expect(result?.stdout).toContain('svgx-plugins load --watch');
  });

  it('loads, with every behavior registered under the plugin name', () => {
    const plugin = loaded.plugins.find((p) => p.name === name);
    expect(plugin, load.stderr).toMatchObject({ status: 'loaded', error: null });
    expect([...(plugin?.behaviors ?? [])].sort()).toEqual([...behaviors].sort());
  });

  it('type-checks under strict settings', () => {
    const errors = typecheck.stdout.split('\n').filter((line) => line.includes(name));
    expect(errors).toEqual([]);
  });

  it('has a generated test that passes with vitest', () => {
    const files = vitestReport.testResults.filter((r) => path.relative(project, r.name).startsWith(`plugins${path.sep}${name}`));
    expect(files, vitest.stderr).toHaveLength(1);
    const [file] = files;
    expect(file?.assertionResults.length).toBeGreaterThan(1);
    expect(file?.assertionResults.filter((a) => a.status !== 'passed')).toEqual([]);
    expect(file?.status).toBe('passed');
  });

  it('passes validate with zero findings', async () => {
    const result = await cli(['validate', target, '--format', 'json', '--max-warnings', '0'], { cwd: project, env });
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    const report = JSON.parse(result.stdout) as { summary: { errors: number; warnings: number; suppressed: number }; findings: unknown[]; plugins: Array<{ name: string }> };
    expect(report.findings).toEqual([]);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0, suppressed: 0 });
    expect(report.plugins.map((p) => p.name)).toEqual([name]);
  });
});

describe('the project as a whole', () => {
  it('loads with exit code 0, the dependent after its dependency', () => {
    expect(load.code, load.stderr).toBe(0);
    const names = loaded.plugins.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['base-shapes', 'pointer-glow', 'door-control', 'wall-notes', 'grid-snap']));
    expect(loaded.plugins.find((p) => p.name === 'wall-notes')?.dependencies).toEqual({ 'base-shapes': '^1.2.0' });
  });

  it('type-checks with no error at all', () => {
    expect(typecheck.stdout + typecheck.stderr).toBe('');
    expect(typecheck.code).toBe(0);
  });

  it('keeps quotes, backslashes and template syntax in author and description as typed', async () => {
    expect(created.get('quoted')?.code, created.get('quoted')?.stderr).toBe(0);
    expect(loaded.plugins.find((p) => p.name === 'quoted-text')).toMatchObject({ status: 'loaded' });
    const module = (await import(path.join(project, 'plugins', 'quoted-text.ts'))) as { default: { metadata: { author: string; description: string } } };
    expect(module.default.metadata.author).toBe("Ann O'Lee \\ Co");
    expect(module.default.metadata.description).toBe('It\'s "quoted" `text` ${x}');
  });

  it('runs the generated tests with vitest, all passing', () => {
    expect(vitest.code, vitest.stderr).toBe(0);
  });
});
