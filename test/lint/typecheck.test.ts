/**
 * Type errors against the SDK: both backends (the native TypeScript 7 compiler and the bundled
 * TypeScript 6 checker) find the same errors on the same lines; the SDK resolves in a folder
 * without node_modules; a tsconfig.json in the plugin folder is used.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validatePlugins } from '../../src/lint/index.js';
import { tsgoExecutable } from '../../src/lint/typecheck.js';
import { tempDir } from './helpers.js';

const clean = `import { definePlugin, EVENT_TYPES } from 'svgx-plugins';
export default definePlugin({
  metadata: { name: 'clean', version: '1.0.0', author: 'T', description: 'Clean' },
  register(registry, ctx) {
    registry.registerBehavior({ id: 'clean.a', type: 'custom', events: [EVENT_TYPES[0]], handler: (event) => event.data['x'] ?? ctx.name });
  },
});
`;
const wrong = `import { definePlugin } from 'svgx-plugins';
export default definePlugin({
  metadata: { name: 'wrong', version: '1.0.0', author: 'T', description: 'Type errors' },
  register(registry) {
    const count: number = 'three';
    registry.registerBehavior({ id: 'wrong.a', type: 'custom', events: ['system'], handler: (event) => event.nope });
  },
});
`;
const untyped = `export const PLUGIN_METADATA = { name: 'untyped', version: '1.0.0', author: 'T', description: 'JS' };
export function register(registry) { const n = 1; n.foo.bar; registry.registerBehavior({ id: 'untyped.a', type: 'custom', events: ['system'], handler() { return 1; } }); }
`;

const tmp = tempDir();
beforeAll(() => {
  tmp.write('plugins/clean.ts', clean);
  tmp.write('plugins/wrong.ts', wrong);
  tmp.write('plugins/untyped.js', untyped);
  tmp.write('plugins/timed.ts', `import { definePlugin } from 'svgx-plugins';
export default definePlugin({
  metadata: { name: 'timed', version: '1.0.0', author: 'T', description: 'Uses sandbox globals', permissions: ['timers', 'log'] },
  register(registry) {
    const id = setTimeout(() => console.info('later'), 10);
    clearTimeout(id);
    clearInterval(setInterval(() => undefined, 10));
    clearImmediate(setImmediate(() => undefined));
    registry.registerBehavior({ id: 'timed.a', type: 'custom', events: ['system'], handler: () => id });
  },
});
`);
  tmp.write('loose/loose.ts', `import { definePlugin } from 'svgx-plugins';
function twice(x) { return x * 2; }
export default definePlugin({
  metadata: { name: 'loose', version: '1.0.0', author: 'T', description: 'Implicit any' },
  register(registry) { registry.registerBehavior({ id: 'loose.a', type: 'custom', events: ['system'], handler: () => twice(2) }); },
});
`);
  tmp.write('mixed/parse-error.ts', `export const x = (;\n`);
  tmp.write('mixed/typed.ts', `export const n: number = 'not a number';\n`);
  tmp.write('loose/tsconfig.json', JSON.stringify({ compilerOptions: { strict: false, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022'], types: [] } }));
  // A JavaScript plugin under a tsconfig without allowJs is still analysed.
  tmp.write('loose/plain.js', `export const PLUGIN_METADATA = { name: 'plain', version: '1.0.0', author: 'T', description: 'JS' };
export function register(registry) { registry.registerBehavior({ id: 'plain.a', type: 'custom', events: ['sytem'], handler() { return eval('1'); } }); }
`);
});
afterAll(() => tmp.cleanup());

const typeErrors = async (paths: string[], typeChecker: 'tsgo' | 'typescript') => {
  const result = await validatePlugins({ paths, cwd: tmp.dir, cache: false, typeChecker });
  return { result, errors: result.findings.filter((f) => f.ruleId === 'no-type-errors').map((f) => `${f.file.slice(tmp.dir.length + 1)}:${f.line} ${/TS\d+/.exec(f.message)?.[0]}`) };
};

const backends = tsgoExecutable() ? (['tsgo', 'typescript'] as const) : (['typescript'] as const);

describe.each(backends)('type-check with %s', (backend) => {
  it('resolves the SDK without node_modules and finds the type errors on their lines, not in JavaScript', async () => {
    const { result, errors } = await typeErrors(['plugins'], backend);
    expect(result.stats.typeChecker).toBe(backend);
    expect(errors).toEqual(['plugins/wrong.ts:5 TS2322', 'plugins/wrong.ts:6 TS2339']);
  });

  it('still reports the type errors of other plugins when one does not parse', async () => {
    const { errors } = await typeErrors(['mixed'], backend);
    expect(errors).toEqual(['mixed/parse-error.ts:1 TS1109', 'mixed/typed.ts:1 TS2322']);
  });

  it('knows the globals the sandbox grants (timers, console) under the default options', async () => {
    const { result } = await typeErrors(['plugins/timed.ts'], backend);
    expect(result.findings).toEqual([]);
  });

  it("uses the plugin folder's tsconfig.json instead of the strict defaults, JavaScript plugins included", async () => {
    const { result, errors } = await typeErrors(['loose'], backend);
    expect(errors).toEqual([]);
    expect(result.findings.filter((f) => f.file.endsWith('plain.js')).map((f) => f.ruleId)).toEqual(['no-invalid-behavior', 'no-eval']);
  });
});

it('reports implicit any under the strict defaults (the control for the tsconfig test)', async () => {
  const other = tempDir();
  other.write('p/loose.ts', `import { definePlugin } from 'svgx-plugins';\nexport function twice(x) { return x * 2; }\nexport default definePlugin({ metadata: { name: 'loose', version: '1.0.0', author: 'T', description: 'x' }, register() {} });\n`);
  const result = await validatePlugins({ paths: [other.dir + '/p'], cwd: other.dir, cache: false, typeChecker: 'typescript' });
  other.cleanup();
  expect(result.findings.filter((f) => f.ruleId === 'no-type-errors').map((f) => [f.line, /TS\d+/.exec(f.message)?.[0]])).toEqual([[2, 'TS7006']]);
});

describe.each(backends)("a folder plugin's own tsconfig.json with %s", (backend) => {
  const implicitAny = (name: string) => `import { definePlugin } from 'svgx-plugins';
export function twice(x) { return x * 2; }
export default definePlugin({
  metadata: { name: '${name}', version: '1.0.0', author: 'T', description: 'Implicit any' },
  register(registry) { registry.registerBehavior({ id: 'same.id', type: 'custom', events: ['system'], handler: () => twice(2) }); },
});
`;
  const own = tempDir();
  beforeAll(() => {
    own.write('plugins/foo/index.ts', implicitAny('foo'));
    own.write('plugins/foo/tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, noImplicitAny: false, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022'], types: [] } }));
    own.write('plugins/bar.ts', implicitAny('bar'));
  });
  afterAll(() => own.cleanup());

  const run = async (paths: string[]) => {
    const result = await validatePlugins({ paths, cwd: own.dir, cache: false, typeChecker: backend });
    return {
      result,
      errors: result.findings.filter((f) => f.ruleId === 'no-type-errors').map((f) => `${f.file.slice(own.dir.length + 1)}:${f.line} ${/TS\d+/.exec(f.message)?.[0]}`),
    };
  };

  it.each([[['plugins']], [['plugins/foo']], [['plugins/foo/index.ts']], [['plugins/foo', 'plugins/bar.ts']]])(
    'applies to that plugin whichever path names it: %j',
    async (paths) => {
      const { errors } = await run(paths);
      expect(errors.filter((e) => e.startsWith('plugins/foo/'))).toEqual([]);
    },
  );

  it('checks the other plugins of the same run under the strict defaults, and still compares behavior ids across both', async () => {
    const { result, errors } = await run(['plugins']);
    expect(errors).toEqual(['plugins/bar.ts:2 TS7006']);
    expect(result.findings.filter((f) => f.ruleId === 'no-duplicate-behavior-id')).toHaveLength(1);
    expect(result.plugins.map((p) => [p.name, p.tsconfig?.slice(own.dir.length + 1)])).toEqual([
      ['bar', undefined],
      ['foo', 'plugins/foo/tsconfig.json'],
    ]);
  });
});
