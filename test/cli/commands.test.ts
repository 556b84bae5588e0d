import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pluginSource, tempDir } from '../watch/helpers.js';
import { FIXTURES, runCli } from './helpers.js';
import { benchSchema, infoSchema, listSchema, loadSchema } from './schemas.js';

const PLUGINS = path.join(FIXTURES, 'plugins');
const BROKEN = path.join(FIXTURES, 'broken');
const ajv = new Ajv({ allErrors: true, strict: false });

function expectShape(schema: object, value: unknown): void {
  const validate = ajv.compile(schema);
  const ok = validate(value);
  expect(ok ? [] : validate.errors).toEqual([]);
}

let work: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir: work, cleanup } = await tempDir('cli'));
  await writeFile(path.join(work, 'good.ndjson'), '{"type":"user_interaction","elementId":"r1","data":{"x":5,"y":5}}\n{"type":"operational","data":{"command":"open"}}\n\n{"type":"system"}\n');
  await writeFile(path.join(work, 'not-json.ndjson'), '{"type":"system"}\n{type: system}\n');
  await writeFile(path.join(work, 'bad-type.ndjson'), '{"type":"keyboard"}\n');
  await writeFile(path.join(work, 'empty.ndjson'), '\n\n');
  await mkdir(path.join(work, 'trusted'));
  await writeFile(path.join(work, 'trusted', 'alpha.ts'), pluginSource('alpha', '1.0.0', 'a'));
});

afterAll(async () => cleanup());

describe('load', () => {
  it('prints the documented JSON and exits 0 when every plugin loads', async () => {
    const r = await runCli(['load', '--dir', PLUGINS, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { plugins: Array<{ name: string; status: string }> };
    expectShape(loadSchema, doc);
    expect(doc.plugins.map((p) => [p.name, p.status])).toEqual([
      ['base-shapes', 'loaded'],
      ['door-state', 'loaded'],
      ['hover-glow', 'loaded'],
      ['selection-outline', 'loaded'],
    ]);
    expect(r.stderr).toBe('');
  });

  it('exits 1 when a plugin fails, with each reason on stderr', async () => {
    const r = await runCli(['load', '--dir', BROKEN]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/failed to load/);
    expect(r.stderr).toMatch(/syntax-error: .*does not compile/);
    expect(r.stdout).toMatch(/^PLUGIN\s+VERSION\s+STATUS/);
  });

  it('replays an --events file and reports each behavior', async () => {
    const r = await runCli(['load', '--dir', PLUGINS, '--events', path.join(work, 'good.ndjson'), '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { replay: { events: number; calls: number; behaviors: Array<{ id: string; calls: number }> } };
    expectShape(loadSchema, doc);
    expect(doc.replay.events).toBe(3);
    expect(doc.replay.calls).toBeGreaterThanOrEqual(4);
    expect(doc.replay.behaviors.find((b) => b.id === 'hover-glow.highlight')?.calls).toBe(1);

    const text = await runCli(['load', '--dir', PLUGINS, '--events', path.join(work, 'good.ndjson')]);
    expect(text.stdout).toMatch(/replayed 3 events from .*good\.ndjson/);
    expect(text.stdout).toMatch(/BEHAVIOR\s+CALLS\s+ERRORS\s+TIMEOUTS\s+P50\s+P95\s+P99/);
  });

  it('prints the help with examples, the keys and the exit codes', async () => {
    const r = await runCli(['load', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--watch/);
    expect(r.stdout).toMatch(/--events <file>/);
    expect(r.stdout).toMatch(/Examples:\n\s+\$ svgx-plugins load/);
    expect(r.stdout).toMatch(/Exit codes: 0/);
  });
});

describe('list', () => {
  it('prints the documented JSON', async () => {
    const r = await runCli(['list', '--dir', PLUGINS, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { pluginDir: string; plugins: Array<{ name: string; dependents: string[]; source: string }> };
    expectShape(listSchema, doc);
    expect(doc.pluginDir).toBe(path.resolve(PLUGINS));
    expect(doc.plugins.find((p) => p.name === 'base-shapes')?.dependents).toEqual(['hover-glow', 'selection-outline']);
    expect(doc.plugins.find((p) => p.name === 'selection-outline')?.source).toBe(path.join(PLUGINS, 'selection-outline'));
  });

  it('prints a table of status, loader, behaviors and dependencies', async () => {
    const r = await runCli(['list', '--dir', BROKEN]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PLUGIN\s+VERSION\s+STATUS\s+LOADER\s+BEHAVIORS\s+NEEDS\s+NEEDED BY\s+ERROR/);
    expect(r.stdout).toMatch(/syntax-error\s+-\s+error\s+/);
    expect(r.stderr).toBe('');
  });

  it('shows a trusted plugin as trusted', async () => {
    await writeFile(path.join(work, '.arxosrc.json'), JSON.stringify({ pluginDir: 'trusted', plugins: { alpha: { trusted: true } } }));
    const r = await runCli(['list', '--json'], { cwd: work });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { plugins: Array<{ loader: string }> }).plugins[0]?.loader).toBe('trusted');
  });
});

describe('info', () => {
  it('prints metadata, dependencies and dependents, behaviors, permissions and metrics as documented', async () => {
    const r = await runCli(['info', 'hover-glow', '--dir', PLUGINS, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expectShape(infoSchema, doc);
    expect(doc).toMatchObject({
      name: 'hover-glow',
      status: 'loaded',
      version: '1.0.3',
      metadata: { author: 'Ann Lee', description: 'Glow on hover' },
      dependencies: { 'base-shapes': '^1.0.0' },
      dependents: ['selection-outline'],
      permissions: [],
      behaviors: [{ id: 'hover-glow.highlight', events: ['user_interaction'], priority: 'normal' }],
      error: null,
    });
  });

  it('shows a broken plugin with its last error and stack, and exits 1', async () => {
    const r = await runCli(['info', 'throws-in-register', '--dir', BROKEN]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/throws-in-register 1\.0\.0\s+error/);
    expect(r.stdout).toMatch(/last error \(PLUGIN_REGISTER_FAILED, at register\): .*cannot connect to the device bus/);
    expect(r.stdout).toMatch(/^\s+at /m);
    const json = await runCli(['info', 'throws-in-register', '--dir', BROKEN, '--json']);
    const doc = JSON.parse(json.stdout) as { error: { stack: string | null } };
    expectShape(infoSchema, doc);
    expect(doc.error.stack).toMatch(/cannot connect to the device bus/);
  });

  it('exits 2 and lists the plugins there when the name is unknown', async () => {
    const r = await runCli(['info', 'hover-glwo', '--dir', PLUGINS]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/no plugin named "hover-glwo"/);
    expect(r.stderr).toMatch(/plugins there: base-shapes, door-state, hover-glow, selection-outline/);
  });

  it('exits 2 when the name is missing', async () => {
    const r = await runCli(['info']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing required argument 'name'/);
  });
});

describe('bench', () => {
  it('reports per behavior ops/s and percentiles with the engine overhead, as documented', async () => {
    const r = await runCli(['bench', 'hover-glow', '--dir', PLUGINS, '--events', '200', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { eventsPerBehavior: number; behaviors: Array<{ behavior: string; calls: number; opsPerSec: number }> };
    expectShape(benchSchema, doc);
    expect(doc.eventsPerBehavior).toBe(200);
    expect(doc.behaviors.map((b) => [b.behavior, b.calls])).toEqual([['hover-glow.highlight', 200]]);
    expect(doc.behaviors[0]?.opsPerSec).toBeGreaterThan(0);
  });

  it('prints a table with the engine baseline under it', async () => {
    const r = await runCli(['bench', '--dir', PLUGINS, '-n', '50']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/BEHAVIOR\s+PLUGIN\s+CALLS\s+OPS\/S\s+P50\s+P95\s+P99\s+HANDLER P50\s+ENGINE \+/);
    expect(r.stdout).toMatch(/engine alone \(a no-op behavior\): invoke p50/);
  });

  it.each([
    ['0', /must be a whole number from 1 to 1000000/],
    ['abc', /must be a whole number/],
    ['1.5', /must be a whole number/],
  ])('exits 2 on --events %s', async (value, message) => {
    const r = await runCli(['bench', '--dir', PLUGINS, '--events', value]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('bad input', () => {
  it.each([
    ['a missing file', 'nope.ndjson', /--events: events file .*nope\.ndjson does not exist/],
    ['a line that is not JSON', 'not-json.ndjson', /not-json\.ndjson:2: events file line 2 is not JSON/],
    ['an unknown event type', 'bad-type.ndjson', /bad-type\.ndjson:1: .*"keyboard" is unknown[\s\S]*use one of: user_interaction/],
    ['a file without events', 'empty.ndjson', /has no events/],
  ])('load --events with %s exits 2 before loading anything', async (_what, file, message) => {
    const r = await runCli(['load', '--dir', PLUGINS, '--events', path.join(work, file)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it.each([['load'], ['bench'], ['load', '--watch']])('%s with an unknown plugin name exits 2', async (...command) => {
    const r = await runCli([...command, 'nope', '--dir', PLUGINS]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no plugin named "nope"/);
  });

  it.each([['list'], ['info', 'x'], ['bench'], ['load']])('%s with a missing plugin folder exits 2', async (...command) => {
    const r = await runCli([...command, '--dir', path.join(work, 'missing')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/plugin folder .*missing does not exist/);
  });

  it.each([['list'], ['info', 'x'], ['bench'], ['load']])('%s with an unknown flag exits 2', async (...command) => {
    const r = await runCli([...command, '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--bogus'/);
  });
});

describe('every command', () => {
  it.each([['list'], ['info'], ['bench'], ['load']])('%s --help shows an example', async (command) => {
    const r = await runCli([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`\\$ svgx-plugins ${command} `));
  });

  it('colours only when asked, and NO_COLOR and --no-color win over FORCE_COLOR', async () => {
    const forced = await runCli(['list', '--dir', PLUGINS], { env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\u001b[');
    const noColor = await runCli(['list', '--dir', PLUGINS], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(noColor.stdout).not.toContain('\u001b[');
    const flag = await runCli(['--no-color', 'list', '--dir', PLUGINS], { env: { FORCE_COLOR: '1' } });
    expect(flag.stdout).not.toContain('\u001b[');
  });

  it('writes nothing but the result when piped: no spinner, no escape codes', async () => {
    for (const args of [['list'], ['info', 'hover-glow'], ['bench', '-n', '20'], ['load']]) {
      const r = await runCli([...args, '--dir', PLUGINS]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).not.toMatch(/\u001b|[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
    }
  });
});
