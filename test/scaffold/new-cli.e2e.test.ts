import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cli, run, useCaseFolders } from './helpers.js';

let dir: string;
let env: NodeJS.ProcessEnv;
useCaseFolders('svgx-new-cli-', (folders) => ({ dir, env } = folders));

const newCli = (args: string[], extraEnv: Record<string, string | undefined> = {}) => cli(['new', ...args], { cwd: dir, env: { ...env, ...extraEnv } });

async function listing(folder: string): Promise<string[]> {
  return existsSync(folder) ? (await readdir(folder, { recursive: true })).map(String).sort() : [];
}

describe('new refuses, with exit code 2 and a message that says what to do', () => {
  const cases: Array<{ title: string; args: string[]; setup?: Record<string, string>; env?: Record<string, string>; stderr: RegExp[] }> = [
    { title: 'a name that is not kebab-case', args: ['HoverGlow', '-t', 'event-behavior'], stderr: [/cannot use "HoverGlow" as a plugin name: .*not kebab-case.*try "hover-glow"/] },
    { title: 'a name with a path separator', args: ['../evil', '-t', 'event-behavior'], stderr: [/"\.\.\/evil" contains a path separator; give a plain name and choose the folder with --dir/] },
    { title: 'a Windows path separator', args: ['a\\b', '-t', 'event-behavior'], stderr: [/contains a path separator/] },
    { title: 'an absolute path', args: [path.join(os.tmpdir(), 'evil'), '-t', 'event-behavior'], stderr: [/is a path; give a plain name/] },
    { title: 'a name of dots', args: ['..', '-t', 'event-behavior'], stderr: [/contains "\.\."/] },
    { title: 'a reserved word', args: ['class', '-t', 'event-behavior'], stderr: [/"class" is a reserved word/] },
    { title: 'a Node built-in name', args: ['child-process', '-t', 'event-behavior'], stderr: [/"child-process" is a reserved word/] },
    { title: 'an empty name', args: ['', '-t', 'event-behavior'], stderr: [/the name is empty/] },
    { title: 'an unknown template', args: ['lamp', '-t', 'nope'], stderr: [/--template: there is no template "nope"/, /choose one of: event-behavior, state-machine, multi-behavior, folder-plugin/] },
    {
      title: 'a plugin that already exists',
      args: ['lamp', '-t', 'event-behavior'],
      setup: { 'plugins/lamp.ts': '// mine' },
      stderr: [/a plugin named "lamp" already exists: plugins\/lamp\.ts/, /pass --force to overwrite/],
    },
    {
      title: 'a plugin that exists as a folder, even with --force',
      args: ['lamp', '-t', 'event-behavior', '--force'],
      setup: { 'plugins/lamp/index.ts': '// mine' },
      stderr: [/already exists as plugins\/lamp\/, which template event-behavior does not write/, /two plugins of one name/],
    },
    {
      title: 'a plugin of another extension, even with --force',
      args: ['lamp', '-t', 'event-behavior', '--force'],
      setup: { 'plugins/lamp.js': '// mine' },
      stderr: [/already exists as plugins\/lamp\.js/],
    },
    {
      title: 'a file the template would overwrite',
      args: ['lamp', '-t', 'event-behavior'],
      setup: { 'plugins/lamp.test.ts': '// mine' },
      stderr: [/plugins\/lamp\.test\.ts already exists/, /nothing was written; .*--force/],
    },
    { title: 'a missing name and template without a terminal', args: [], stderr: [/missing the plugin name \(first argument\) and --template; nothing is asked without a terminal or when CI is set/, /svgx-plugins new hover-glow --template event-behavior/] },
    { title: 'a missing template without a terminal', args: ['lamp'], stderr: [/missing --template;/] },
    { title: 'a missing name without a terminal', args: ['-t', 'event-behavior'], stderr: [/missing the plugin name \(first argument\);/] },
    { title: 'a missing name with CI set', args: ['-t', 'event-behavior'], env: { CI: 'true' }, stderr: [/missing the plugin name/] },
    { title: '--depends-on for a template without a dependency', args: ['lamp', '-t', 'event-behavior', '--depends-on', 'base-shapes'], stderr: [/template event-behavior declares no dependency/, /templates with a dependency: multi-behavior/] },
    { title: '--depends-on with a bad range', args: ['lamp', '-t', 'multi-behavior', '--depends-on', 'base-shapes@one'], stderr: [/--depends-on: --depends-on "base-shapes@one": "one" is not a semver range/] },
    { title: '--depends-on with a bad name', args: ['lamp', '-t', 'multi-behavior', '--depends-on', 'Base'], stderr: [/"Base" is not a plugin name/] },
    { title: 'a dependency on itself', args: ['lamp', '-t', 'multi-behavior', '--depends-on', 'lamp'], stderr: [/plugin "lamp" cannot depend on itself/] },
    { title: 'an author on two lines', args: ['lamp', '-t', 'event-behavior', '--author', 'Ann\nLee'], stderr: [/--author: --author contains a line break/] },
    { title: 'an empty description', args: ['lamp', '-t', 'event-behavior', '--description', ' '], stderr: [/--description is empty/] },
    { title: 'a --dir that is a file', args: ['lamp', '-t', 'event-behavior', '--dir', 'file.txt'], setup: { 'file.txt': '' }, stderr: [/plugin folder file\.txt is a file/] },
    { title: 'a --templates-dir that does not exist', args: ['lamp', '-t', 'event-behavior', '--templates-dir', 'org'], stderr: [/--templates-dir: templates folder .*org does not exist/] },
    { title: 'a bad config', args: ['lamp', '-t', 'event-behavior'], setup: { '.arxosrc.json': '{ "pluginDirectory": "x" }' }, stderr: [/\.arxosrc\.json: pluginDirectory: unknown key, did you mean "pluginDir"\?/] },
    { title: 'a config templatesDir that does not exist', args: ['--list-templates'], setup: { '.arxosrc.yaml': 'templatesDir: company-templates\n' }, stderr: [/\.arxosrc\.yaml: templatesDir: templates folder .*company-templates does not exist/] },
    { title: 'an unknown flag', args: ['lamp', '-t', 'event-behavior', '--overwrite'], stderr: [/unknown option '--overwrite'/] },
  ];

  it.each(cases)('refuses $title', async ({ args, setup, env: extra, stderr }) => {
    for (const [file, content] of Object.entries(setup ?? {})) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), content);
    }
    const before = await listing(dir);
    const result = await newCli(args, extra);
    for (const pattern of stderr) expect(result.stderr).toMatch(pattern);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(await listing(dir)).toEqual(before);
    for (const [file, content] of Object.entries(setup ?? {})) expect(await readFile(path.join(dir, file), 'utf8')).toBe(content);
  });
});

describe('new writes, and says what it wrote', () => {
  it('prints the files and writes nothing with --dry-run', async () => {
    const result = await newCli(['lamp', '-t', 'folder-plugin', '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'Would create plugin lamp from template folder-plugin (dry run: nothing written):',
        '  mkdir      plugins/',
        '  create     plugins/lamp/index.ts',
        '  create     plugins/lamp/grid.ts',
        '  create     plugins/lamp/index.test.ts',
        '',
      ].join('\n'),
    );
    expect(await listing(dir)).toEqual([]);
  });

  it('prints the next steps in a few lines after writing', async () => {
    const result = await newCli(['lamp', '-t', 'event-behavior', '--dir', 'src/plugins', '--author', 'Ann']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'Created plugin lamp (template event-behavior):',
        '  src/plugins/lamp.ts',
        '  src/plugins/lamp.test.ts',
        '',
        'Next steps:',
        '  svgx-plugins validate src/plugins/lamp.ts    type errors and security findings',
        '  svgx-plugins load --watch --dir src/plugins  load it, then reload live as you edit',
        '  npx vitest run src/plugins/lamp.test.ts      run its test',
        '',
      ].join('\n'),
    );
    const entry = await readFile(path.join(dir, 'src', 'plugins', 'lamp.ts'), 'utf8');
    expect(entry).toContain("name: 'lamp',");
    expect(entry).toContain("author: 'Ann',");
    expect(entry).toContain("version: '0.1.0',");
  });

  it('overwrites only with --force, and says so', async () => {
    await newCli(['lamp', '-t', 'event-behavior', '--author', 'Ann']);
    await writeFile(path.join(dir, 'plugins', 'lamp.ts'), '// edited');
    const result = await newCli(['lamp', '-t', 'event-behavior', '--author', 'Ann', '--force']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('plugins/lamp.ts (overwritten)');
    expect(await readFile(path.join(dir, 'plugins', 'lamp.ts'), 'utf8')).toContain('definePlugin');
    expect((await readdir(path.join(dir, 'plugins'))).sort()).toEqual(['lamp.test.ts', 'lamp.ts']);
  });

  it('uses pluginDir and templatesDir from the config, relative to the config file', async () => {
    await writeFile(path.join(dir, '.arxosrc.yaml'), 'pluginDir: behaviors\ntemplatesDir: org\n');
    await mkdir(path.join(dir, 'org', 'acme', '__name__'), { recursive: true });
    await writeFile(path.join(dir, 'org', 'acme', 'template.json'), '{ "description": "ACME folder plugin" }');
    await writeFile(path.join(dir, 'org', 'acme', '__name__', 'index.ts'), "export const name = '{{name}}';\n");
    const sub = path.join(dir, 'deep');
    await mkdir(sub);
    const list = await cli(['new', '--list-templates'], { cwd: sub, env });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/acme\s+folder\s+ACME folder plugin \(organisation\)/);
    const result = await cli(['new', 'probe', '-t', 'acme', '--author', 'A'], { cwd: sub, env });
    expect(result.code, result.stderr).toBe(0);
    expect(await readFile(path.join(dir, 'behaviors', 'probe', 'index.ts'), 'utf8')).toBe("export const name = 'probe';\n");
  });

  it('lists the templates, and as JSON', async () => {
    const text = await newCli(['--list-templates']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Templates:\n {2}event-behavior {2}file {4}One event behavior/);
    const json = await newCli(['--list-templates', '--json']);
    expect((JSON.parse(json.stdout) as Array<{ name: string }>).map((t) => t.name)).toEqual(['event-behavior', 'state-machine', 'multi-behavior', 'folder-plugin']);
  });

  it('prints the plan as JSON with --json', async () => {
    const result = await newCli(['lamp', '-t', 'multi-behavior', '--author', 'A', '--dry-run', '--json']);
    expect(JSON.parse(result.stdout)).toEqual({
      name: 'lamp',
      template: 'multi-behavior',
      pluginDir: 'plugins',
      entry: 'plugins/lamp.ts',
      written: false,
      files: [
        { path: 'plugins/lamp.ts', action: 'create' },
        { path: 'plugins/lamp.test.ts', action: 'create' },
      ],
      dependency: { name: 'base-shapes', range: '^1.0.0', present: false },
    });
  });

  it('warns when the dependency is not in the folder yet', async () => {
    const result = await newCli(['lamp', '-t', 'multi-behavior', '--author', 'A']);
    expect(result.stdout).toContain('Note: it depends on base-shapes ^1.0.0, which is not in plugins/ yet; load keeps lamp out until it is');
  });

  it('shows the command in --help with examples', async () => {
    const result = await newCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: svgx-plugins new [options] [name]');
    expect(result.stdout).toContain('$ svgx-plugins new hover-glow --template event-behavior');
  });
});

// A real pseudo-terminal through util-linux `script`, where it exists: the prompt end to end.
const hasScript = process.platform === 'linux' && (await run('script', ['--version'], { cwd: os.tmpdir(), env: process.env })).code === 0;

function inTerminal(args: string[], cwd: string, extraEnv: Record<string, string> = {}) {
  const command = `stty cols 100 rows 30; exec ${[process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ')}`;
  const child = spawn('script', ['-qec', command, '/dev/null'], { cwd, env: { ...env, TERM: 'xterm-256color', ...extraEnv } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    // Without colours and cursor moves, a frame reads as text.
    output += chunk.toString().replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');
  });
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  const waitFor = async (text: string, timeoutMs = 10_000) => {
    const started = Date.now();
    while (!output.includes(text)) {
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${JSON.stringify(text)} in:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  /** Sends keys until their effect shows in new output (see press in new-prompt.test.tsx for why). */
  const press = async (data: string, shows: string | RegExp) => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const from = output.length;
      child.stdin.write(data);
      for (const started = Date.now(); Date.now() - started < 1000; await new Promise((resolve) => setTimeout(resolve, 20))) {
        const fresh = output.slice(from);
        if (typeof shows === 'string' ? fresh.includes(shows) : shows.test(fresh)) return;
      }
    }
    throw new Error(`${JSON.stringify(data)} never showed ${String(shows)} in:\n${output}`);
  };
  return { child, exited, waitFor, press, output: () => output };
}

describe.skipIf(!hasScript)('new on a terminal', () => {
  it('asks for the name and the template with the Ink prompt, then writes the plugin', async () => {
    const term = inTerminal(['new', '--author', 'Ann'], dir);
    try {
      await term.waitFor('Plugin name');
      await term.press('lamp-post', '(kebab-case) lamp-post');
      await term.press('\r', 'Enter to choose');
      // Stripped of cursor moves, the pointer and the item may touch: "❯state-machine".
      await term.press('\u001B[B', /❯\s*state-machine/);
      term.child.stdin.write('\r');
      expect(await term.exited).toBe(0);
    } finally {
      term.child.kill();
    }
    expect(term.output()).toContain('Created plugin');
    expect(await listing(path.join(dir, 'plugins'))).toEqual(['lamp-post.test.ts', 'lamp-post.ts']);
    expect(await readFile(path.join(dir, 'plugins', 'lamp-post.ts'), 'utf8')).toContain("type: 'state_machine'");
  });

  it('does not prompt on a terminal when CI is set', async () => {
    const term = inTerminal(['new', 'lamp'], dir, { CI: '1' });
    expect(await term.exited).toBe(2);
    expect(term.output()).toContain('missing --template');
    expect(term.output()).not.toContain('Template (arrows');
  });

  it('cancels on Escape, writing nothing', async () => {
    const term = inTerminal(['new'], dir);
    try {
      await term.waitFor('Plugin name');
      await term.press('\u001B', 'cancelled, nothing written');
      expect(await term.exited).toBe(2);
    } finally {
      term.child.kill();
    }
    expect(term.output()).toContain('cancelled, nothing written');
    expect(await listing(dir)).toEqual([]);
  });
});
