import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SvgxError } from '../../src/errors.js';
import { renderTemplate } from '../../src/scaffold/render.js';
import { planNewPlugin, writeNewPlugin, type NewPluginOptions } from '../../src/scaffold/scaffold.js';
import { listTemplates } from '../../src/scaffold/templates.js';
import { writeFilesAtomically } from '../../src/scaffold/write.js';

let root: string;
let dir: string;
let counter = 0;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'svgx-scaffold-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
beforeEach(async () => {
  dir = path.join(root, `case-${++counter}`);
  await mkdir(dir, { recursive: true });
});

async function failure(run: () => Promise<unknown>): Promise<SvgxError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof SvgxError) return error;
    throw error;
  }
  throw new Error('expected an SvgxError');
}

const options = (overrides: Partial<NewPluginOptions> = {}): NewPluginOptions => ({
  name: 'hover-glow',
  template: 'event-behavior',
  pluginDir: path.join(dir, 'plugins'),
  author: 'Ann Lee',
  ...overrides,
});

async function writeTemplate(base: string, name: string, files: Record<string, string>): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(base, name, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
}

describe('built-in templates', () => {
  it('lists the four built-in templates in their order, with their kind', async () => {
    const templates = await listTemplates();
    expect(templates.map((t) => [t.name, t.kind, t.source])).toEqual([
      ['event-behavior', 'file', 'built-in'],
      ['state-machine', 'file', 'built-in'],
      ['multi-behavior', 'file', 'built-in'],
      ['folder-plugin', 'folder', 'built-in'],
    ]);
  });

  it('renders every placeholder of every template, leaving none behind', async () => {
    for (const template of await listTemplates()) {
      const { files } = await renderTemplate(template, {
        ...template.defaults,
        name: 'my-plugin',
        version: '0.1.0',
        author: 'A',
        description: 'D',
        dependency: 'base-shapes',
        dependencyRange: '^1.0.0',
      });
      for (const file of files) {
        expect(file.content, `${template.name}/${file.relative}`).not.toMatch(/\{\{|\}\}|__name__/);
        expect(file.relative).not.toContain('__name__');
      }
    }
  });
});

describe('rendering', () => {
  it("escapes free text for the single-quoted strings it lands in", async () => {
    const plan = await planNewPlugin(options({ author: "Ann O'Lee \\ Co", description: 'Say "hi" and it\'s done' }));
    const entry = plan.files.find((f) => f.relative === 'hover-glow.ts')?.content ?? '';
    expect(entry).toContain("author: 'Ann O\\'Lee \\\\ Co',");
    expect(entry).toContain("description: 'Say \"hi\" and it\\'s done',");
  });

  it('refuses a placeholder without a value, naming the file and line', async () => {
    const base = path.join(dir, 'org');
    await writeTemplate(base, 'broken', {
      'template.json': '{ "description": "broken" }',
      '__name__.ts': "export const a = 1;\nexport const b = '{{colour}}';\n",
    });
    const [template] = (await listTemplates({ templatesDir: base })).filter((t) => t.name === 'broken');
    const error = await failure(() => renderTemplate(template!, { name: 'x' }));
    expect(error.code).toBe('TEMPLATE_INVALID');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('{{colour}}');
    expect(error.location).toMatch(/__name__\.ts:2$/);
  });
});

describe('organisation templates', () => {
  it('adds templates from templatesDir after the built-in ones, and replaces one of the same name', async () => {
    const base = path.join(dir, 'org');
    await writeTemplate(base, 'acme-sensor', {
      'template.json': '{ "description": "ACME sensor plugin", "defaults": { "description": "Reads an ACME sensor" } }',
      '__name__.ts': "import { definePlugin } from 'svgx-plugins';\nexport default definePlugin({ metadata: { name: '{{name}}', version: '{{version}}', author: '{{author}}', description: '{{description}}' }, register() {} });\n",
    });
    await writeTemplate(base, 'event-behavior', {
      'template.json': '{ "description": "ACME flavour of the event template" }',
      '__name__.ts': "export const name = '{{name}}';\n",
    });
    const templates = await listTemplates({ templatesDir: base });
    expect(templates.map((t) => [t.name, t.source, t.replacesBuiltIn])).toEqual([
      ['state-machine', 'built-in', false],
      ['multi-behavior', 'built-in', false],
      ['folder-plugin', 'built-in', false],
      ['acme-sensor', 'organisation', false],
      ['event-behavior', 'organisation', true],
    ]);
    const plan = await planNewPlugin(options({ name: 'probe', template: 'acme-sensor', templatesDir: base }));
    expect(plan.files.map((f) => f.relative)).toEqual(['probe.ts']);
    expect(plan.files[0]?.content).toContain("description: 'Reads an ACME sensor'");
  });

  it.each([
    ['no template.json', { '__name__.ts': '' }, /has no template\.json/],
    ['template.json that is not JSON', { 'template.json': '{ nope', '__name__.ts': '' }, /template\.json is not valid JSON/],
    ['no description', { 'template.json': '{}', '__name__.ts': '' }, /needs a "description" string/],
    ['defaults that are not strings', { 'template.json': '{ "description": "d", "defaults": { "a": 1 } }', '__name__.ts': '' }, /"defaults" .* must be an object of strings/],
    ['no plugin file', { 'template.json': '{ "description": "d" }', 'README.md': '' }, /renders no plugin/],
    ['a second code file beside the entry', { 'template.json': '{ "description": "d" }', '__name__.ts': '', 'helpers.ts': '' }, /helpers\.ts beside __name__\.ts, which would load as a second plugin/],
  ])('refuses a template with %s', async (_label, files, message) => {
    const base = path.join(dir, 'org');
    await writeTemplate(base, 'bad', files);
    const error = await failure(() => listTemplates({ templatesDir: base }));
    expect(error.code).toBe('TEMPLATE_INVALID');
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(message);
  });

  it('refuses a templatesDir that does not exist, naming it', async () => {
    const error = await failure(() => listTemplates({ templatesDir: path.join(dir, 'nowhere') }));
    expect(error.code).toBe('TEMPLATE_NOT_FOUND');
    expect(error.message).toContain('nowhere does not exist');
  });
});

describe('planning', () => {
  it('plans the entry first and marks the plugin folder to create', async () => {
    const plan = await planNewPlugin(options());
    expect(plan.createsPluginDir).toBe(true);
    expect(plan.entry).toBe(path.join(dir, 'plugins', 'hover-glow.ts'));
    expect(plan.files.map((f) => [f.relative, f.overwrite])).toEqual([
      ['hover-glow.ts', false],
      ['hover-glow.test.ts', false],
    ]);
  });

  it('points a dependency at the version in the folder when no range is given', async () => {
    await mkdir(path.join(dir, 'plugins'));
    await writeFile(path.join(dir, 'plugins', 'shapes.ts'), "export default { metadata: { name: 'shapes', version: '2.3.1' } };\n");
    const plan = await planNewPlugin(options({ name: 'notes', template: 'multi-behavior', dependsOn: 'shapes' }));
    expect(plan.dependency).toEqual({ name: 'shapes', range: '^2.3.1', present: true, version: '2.3.1' });
    expect(plan.files[0]?.content).toContain("dependencies: { 'shapes': '^2.3.1' }");
  });

  it('keeps the range given with --depends-on, and says when the dependency is missing', async () => {
    const plan = await planNewPlugin(options({ name: 'notes', template: 'multi-behavior', dependsOn: 'shapes@>=1.0.0 <3.0.0' }));
    expect(plan.dependency).toEqual({ name: 'shapes', range: '>=1.0.0 <3.0.0', present: false, version: undefined });
  });

  it('uses the template default dependency when --depends-on is left out', async () => {
    const plan = await planNewPlugin(options({ name: 'notes', template: 'multi-behavior' }));
    expect(plan.dependency).toMatchObject({ name: 'base-shapes', range: '^1.0.0', present: false });
  });

  it('uses the author given, else a non-empty default', async () => {
    const { author } = await planNewPlugin(options({ author: undefined }));
    expect(author.trim()).not.toBe('');
  });
});

describe('writing', () => {
  it('writes every file and leaves no temp file behind', async () => {
    await writeNewPlugin(await planNewPlugin(options({ name: 'grid-snap', template: 'folder-plugin' })));
    expect((await readdir(path.join(dir, 'plugins'))).sort()).toEqual(['grid-snap']);
    expect((await readdir(path.join(dir, 'plugins', 'grid-snap'))).sort()).toEqual(['grid.ts', 'index.test.ts', 'index.ts']);
  });

  it('leaves no plugin and no temp file when a file cannot be written', async () => {
    const plugins = path.join(dir, 'plugins');
    await mkdir(plugins);
    // The second file's folder is a plain file: its write fails after the first temp file exists.
    await writeFile(path.join(plugins, 'blocker'), '');
    const files = [
      { path: path.join(plugins, 'x.test.ts'), content: 'test' },
      { path: path.join(plugins, 'blocker', 'y.ts'), content: 'y' },
      { path: path.join(plugins, 'x.ts'), content: 'entry' },
    ];
    await expect(writeFilesAtomically(files, { entry: path.join(plugins, 'x.ts') })).rejects.toThrow();
    expect(await readdir(plugins)).toEqual(['blocker']);
  });

  it('removes the staging folder of a folder plugin when a write fails', async () => {
    const plugins = path.join(dir, 'plugins');
    await mkdir(plugins);
    const folder = path.join(plugins, 'grid');
    const files = [
      { path: path.join(folder, 'index.ts'), content: 'entry' },
      { path: path.join(folder, 'index.ts'), content: 'the same file twice fails on the exclusive write' },
    ];
    await expect(writeFilesAtomically(files, { folder, entry: path.join(folder, 'index.ts') })).rejects.toThrow();
    expect(await readdir(plugins)).toEqual([]);
  });

  it('overwrites with force, leaving the other files of a folder plugin alone', async () => {
    const plan = await planNewPlugin(options({ name: 'grid-snap', template: 'folder-plugin' }));
    await writeNewPlugin(plan);
    const folder = path.join(dir, 'plugins', 'grid-snap');
    await writeFile(path.join(folder, 'index.ts'), '// edited');
    await writeFile(path.join(folder, 'notes.md'), 'mine');
    const again = await planNewPlugin(options({ name: 'grid-snap', template: 'folder-plugin', force: true }));
    expect(again.files.find((f) => f.relative === 'grid-snap/index.ts')?.overwrite).toBe(true);
    await writeNewPlugin(again);
    expect(await readFile(path.join(folder, 'index.ts'), 'utf8')).toContain('definePlugin');
    expect(await readFile(path.join(folder, 'notes.md'), 'utf8')).toBe('mine');
    expect((await readdir(folder)).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});
