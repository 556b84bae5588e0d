/**
 * Structure, permissions and suppressions: checks on whole plugins (metadata, register,
 * behaviors, capabilities across helper functions and sibling modules), one run for all.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnFiles } from './helpers.js';

const head = `import { definePlugin } from 'svgx-plugins';\n`;
const meta = (name: string, extra = '') => `metadata: { name: '${name}', version: '1.0.0', author: 'Test', description: 'Test'${extra} },`;

const files: Record<string, string> = {
  // ---- structure
  'clean.ts': `${head}export default definePlugin({
  ${meta('clean')}
  register(registry) {
    registry.registerBehavior({ id: 'clean.a', type: 'custom', events: ['system'], handler: () => 1 });
  },
});
`,
  'name-mismatch.ts': `${head}export default definePlugin({
  ${meta('other-name')}
  register() {},
});
`,
  'typos.ts': `${head}export default definePlugin({
  ${meta('typos')}
  register(registry) {
    registry.registerBehavior({
      id: 'typos.a',
      type: 'event_drivn' as any,
      events: ['physics', 'sytem' as any],
      priority: 'urgent' as any,
      status: 'live' as any,
      handler: () => 1,
    });
  },
});
`,
  'bad-metadata.ts': `${head}export default definePlugin({
  metadata: {
    name: 'bad-metadata',
    version: '1.0',
    author: '',
    description: 'x',
    dependencies: { 'base-shapes': 'not a range' },
  },
  register() {},
});
`,
  'dup-one.ts': `${head}export default definePlugin({
  ${meta('dup-one')}
  register(registry) {
    registry.registerBehavior({ id: 'shared.id', type: 'custom', events: ['system'], handler: () => 1 });
  },
});
`,
  'dup-two.ts': `${head}export default definePlugin({
  ${meta('dup-two')}
  register(registry) {
    registry.registerBehavior({ id: 'shared.id', type: 'custom', events: ['system'], handler: () => 2 });
  },
});
`,
  'seed-form.js': `export const PLUGIN_METADATA = { name: 'seed-form', version: '2.0.0', author: 'Seed', description: 'Seed form' };
export function register(registry) {
  registry.registerBehavior({ id: 'seed-form.a', type: 'state_machine', events: ['operational'], handler() { return 1; } });
  return ['seed-form.a'];
}
`,
  'seed-typo.js': `export const PLUGIN_METADATA = { name: 'seed-typo', version: '2.0.0', author: 'Seed', description: 'Seed form' };
export function register(registry) {
  registry.registerBehavior({ id: 'seed-typo.a', type: 'custom', events: ['user_interactoin'], handler() { return 1; } });
}
`,
  'const-def.ts': `${head}const plugin = definePlugin({
  ${meta('const-def')}
  register(registry) {
    registry.registerBehavior({ id: 'const-def.a', type: 'custom', events: ['system'], handler: () => 1 });
  },
});
export default plugin;
`,
  'no-export.ts': `export const helper = 1;\n`,
  // ---- permissions
  'timer-undeclared.ts': `${head}declare function setTimeout(h: () => void, ms: number): number;
export default definePlugin({
  ${meta('timer-undeclared')}
  register(registry) {
    registry.registerBehavior({ id: 'timer-undeclared.a', type: 'custom', events: ['system'], handler: () => setTimeout(() => {}, 10) });
  },
});
`,
  'timer-declared.ts': `${head}declare function setTimeout(h: () => void, ms: number): number;
export default definePlugin({
  ${meta('timer-declared', ", permissions: ['timers']")}
  register(registry) {
    registry.registerBehavior({ id: 'timer-declared.a', type: 'custom', events: ['system'], handler: () => setTimeout(() => {}, 10) });
  },
});
`,
  'log-unused.ts': `${head}export default definePlugin({
  ${meta('log-unused', ", permissions: ['log', 'timers']")}
  register(registry) {
    registry.registerBehavior({ id: 'log-unused.a', type: 'custom', events: ['system'], handler: () => 1 });
  },
});
`,
  'log-used.ts': `${head}export default definePlugin({
  ${meta('log-used', ", permissions: ['log']")}
  register(registry, ctx) {
    ctx.log.info('registering');
    registry.registerBehavior({ id: 'log-used.a', type: 'custom', events: ['system'], handler: () => 1 });
  },
});
`,
  'log-destructured.ts': `${head}export default definePlugin({
  ${meta('log-destructured')}
  register(registry, { log }) {
    log.warn('no permission for this');
    registry.registerBehavior({ id: 'log-destructured.a', type: 'custom', events: ['system'], handler: () => 1 });
  },
});
`,
  'log-through-deps.ts': `${head}import type { PluginContext, PluginLogger, PluginStorageApi } from 'svgx-plugins';
interface Deps {
  log: PluginLogger;
  storage?: PluginStorageApi;
}
function noter(deps: Deps) {
  return (key: string) => {
    deps.log.info(key);
    deps.storage?.set(key, 1);
  };
}
class Keeper {
  constructor(private readonly host: Pick<PluginContext, 'log'>) {}
  keep(): void {
    this.host.log.info('kept');
  }
}
export default definePlugin({
  ${meta('log-through-deps', ", permissions: ['log', 'storage']")}
  register(registry, ctx) {
    const note = noter(ctx);
    new Keeper(ctx).keep();
    registry.registerBehavior({ id: 'log-through-deps.a', type: 'custom', events: ['system'], handler: () => note('x') });
  },
});
`,
  'storage-through-deps.ts': `${head}import type { PluginStorageApi } from 'svgx-plugins';
function remember(store: PluginStorageApi | undefined) {
  store?.set('k', 1);
}
export default definePlugin({
  ${meta('storage-through-deps')}
  register(registry, ctx) {
    const box = { store: ctx.storage };
    registry.registerBehavior({ id: 'storage-through-deps.a', type: 'custom', events: ['system'], handler: () => remember(box.store) });
  },
});
`,
  'timer-helper.ts': `${head}declare function setInterval(h: () => void, ms: number): number;
function every(ms: number, fn: () => void) {
  return setInterval(fn, ms);
}
export default definePlugin({
  ${meta('timer-helper')}
  register(registry) {
    registry.registerBehavior({ id: 'timer-helper.a', type: 'custom', events: ['system'], handler: () => every(5, () => {}) });
  },
});
`,
  'sibling/index.ts': `${head}import { later } from './schedule.js';
export default definePlugin({
  ${meta('sibling')}
  register(registry) {
    registry.registerBehavior({ id: 'sibling.a', type: 'custom', events: ['system'], handler: () => later(() => 1) });
  },
});
`,
  'sibling/schedule.ts': `declare function setTimeout(h: () => void, ms: number): number;
export function later(fn: () => void) {
  return setTimeout(fn, 0);
}
`,
  'fake-directive.ts': `${head}export default definePlugin({
  ${meta('fake-directive')}
  register(registry) {
    const note = \`
// svgx-disable-next-line no-eval -- hidden in a template, not a comment\`;
    registry.registerBehavior({ id: 'fake-directive.a', type: 'custom', events: ['system'], handler: () => eval(note) });
    const re = /\\/\\/ svgx-disable-next-line no-eval -- in a regular expression/;
    registry.registerBehavior({ id: 'fake-directive.b', type: 'custom', events: ['system'], handler: () => eval(String(re)) });
  },
});
`,
  'console-undeclared.ts': `${head}export default definePlugin({
  ${meta('console-undeclared')}
  register(registry) {
    console.info('the sandbox writes this to the plugin log');
    registry.registerBehavior({ id: 'console-undeclared.a', type: 'custom', events: ['system'], handler: () => 1 });
  },
});
`,
  // ---- suppressions
  'suppressed.ts': `${head}declare function fetch(u: string): Promise<unknown>;
export default definePlugin({
  ${meta('suppressed')}
  register(registry) {
    // svgx-disable-next-line no-network -- the host proxies this URL, see issue 42
    registry.registerBehavior({ id: 'suppressed.a', type: 'custom', events: ['system'], handler: () => fetch('/proxy') });
    // svgx-disable-next-line no-network
    registry.registerBehavior({ id: 'suppressed.b', type: 'custom', events: ['system'], handler: () => fetch('/x') });
    // svgx-disable-next-line no-netwrk -- typo in the rule
    registry.registerBehavior({ id: 'suppressed.c', type: 'custom', events: ['system'], handler: () => 1 });
    // svgx-disable-next-line no-eval -- nothing here uses eval
    registry.registerBehavior({ id: 'suppressed.d', type: 'custom', events: ['system'], handler: () => 2 });
  },
});
`,
};

let run: Awaited<ReturnType<typeof runOnFiles>>;
beforeAll(async () => {
  run = await runOnFiles(files);
}, 60_000);
afterAll(() => run?.cleanup());

const rules = (file: string) => run.of(file).map((f) => `${f.ruleId}:${f.line}${f.suppressed ? ':suppressed' : ''}`);

describe('structure', () => {
  it('finds nothing wrong with a clean definePlugin plugin or the seed form', () => {
    expect(rules('clean.ts')).toEqual([]);
    expect(rules('seed-form.js')).toEqual([]);
    expect(rules('const-def.ts')).toEqual([]);
  });

  it('reports a metadata name that is not the file name', () => {
    expect(run.of('name-mismatch.ts', 'no-invalid-metadata').map((f) => [f.line, f.message])).toEqual([
      [3, `metadata.name "other-name" is not the plugin's file or folder name "name-mismatch"; rename one of them`],
    ]);
  });

  it('reports typos in behavior type, event, priority and status on their lines, with a suggestion', () => {
    const found = run.of('typos.ts', 'no-invalid-behavior');
    expect(found.map((f) => f.line)).toEqual([7, 8, 9, 10]);
    expect(found[1]?.message).toContain('did you mean "system"');
  });

  it('reports an event typo in a JavaScript seed plugin, where no type-check would', () => {
    expect(run.of('seed-typo.js', 'no-invalid-behavior').map((f) => f.line)).toEqual([3]);
  });

  it('reports each bad metadata field on its own line', () => {
    const found = run.of('bad-metadata.ts', 'no-invalid-metadata');
    expect(found.map((f) => [f.line, f.message.split(':')[0]])).toEqual([
      [5, 'metadata.version'],
      [6, 'metadata.author'],
      [8, 'metadata.dependencies.base-shapes'],
    ]);
  });

  it('reports a behavior id used by two plugins at the second one, naming the first', () => {
    expect(run.of('dup-one.ts', 'no-duplicate-behavior-id')).toEqual([]);
    const found = run.of('dup-two.ts', 'no-duplicate-behavior-id');
    expect(found.map((f) => [f.line, f.message])).toEqual([[5, 'behavior id "shared.id" is already registered at dup-one.ts:5 (plugin "dup-one")']]);
  });

  it('reports a file that exports no plugin', () => {
    expect(rules('no-export.ts')).toEqual(['no-invalid-plugin:1']);
  });
});

describe('permissions', () => {
  it('reports a timer used without declaring timers, at the use', () => {
    expect(run.of('timer-undeclared.ts', 'no-undeclared-permission').map((f) => [f.line, f.message])).toEqual([
      [6, "uses timers (setTimeout) but metadata.permissions does not declare 'timers'"],
    ]);
    expect(rules('timer-declared.ts')).toEqual([]);
  });

  it('warns about declared permissions nobody uses, at the permission', () => {
    const found = run.of('log-unused.ts', 'no-unused-permission');
    expect(found.map((f) => [f.line, f.severity, f.message])).toEqual([
      [3, 'warning', "permission 'log' is declared but no code of the plugin uses it; remove it"],
      [3, 'warning', "permission 'timers' is declared but no code of the plugin uses it; remove it"],
    ]);
  });

  it('counts console as the log capability, which the sandbox installs only with it', () => {
    expect(run.of('console-undeclared.ts', 'no-undeclared-permission').map((f) => [f.line, f.message])).toEqual([
      [5, "uses log (console) but metadata.permissions does not declare 'log'"],
    ]);
  });

  it('counts ctx.log, also destructured from the context', () => {
    expect(rules('log-used.ts')).toEqual([]);
    // Reported where the context is destructured: register(registry, { log }).
    expect(run.of('log-destructured.ts', 'no-undeclared-permission').map((f) => f.line)).toEqual([4]);
  });

  it('counts log and storage reached through a type of the plugin (an interface, a Pick of the context)', () => {
    expect(rules('log-through-deps.ts')).toEqual([]);
    // ctx.storage read without declaring storage: reported where it is read.
    expect(run.of('storage-through-deps.ts', 'no-undeclared-permission').map((f) => [f.line, f.message])).toEqual([
      [9, "uses storage (ctx.storage) but metadata.permissions does not declare 'storage'"],
    ]);
  });

  it('finds capabilities reached through a helper function and a sibling module', () => {
    expect(run.of('timer-helper.ts', 'no-undeclared-permission').map((f) => f.line)).toEqual([4]);
    const sibling = run.of(path.join('sibling', 'schedule.ts'), 'no-undeclared-permission');
    expect(sibling.map((f) => [f.line, f.plugin])).toEqual([[3, 'sibling']]);
  });
});

describe('suppressions', () => {
  it('silences a finding named with a reason, and keeps the reason', () => {
    const found = run.of('suppressed.ts', 'no-network');
    expect(found.map((f) => [f.line, f.suppressed?.reason])).toEqual([
      [7, 'the host proxies this URL, see issue 42'],
      [9, undefined],
    ]);
  });

  it('reports a suppression without a reason, or naming an unknown rule, and lets the finding through', () => {
    expect(run.of('suppressed.ts', 'no-unexplained-disable').map((f) => [f.line, f.message])).toEqual([
      [8, 'this suppression gives no reason: add " -- why" after the rule name'],
      [10, 'this suppression names "no-netwrk", which is not a rule; did you mean "no-network"?'],
    ]);
  });

  it('honours directives only in comments, not in strings, templates or regular expressions', () => {
    expect(run.of('fake-directive.ts', 'no-eval').map((f) => [f.line, f.suppressed])).toEqual([
      [7, undefined],
      [9, undefined],
    ]);
    expect(run.of('fake-directive.ts', 'no-unused-disable')).toEqual([]);
  });

  it('warns about a suppression that silences nothing', () => {
    expect(run.of('suppressed.ts', 'no-unused-disable').map((f) => [f.line, f.severity])).toEqual([[12, 'warning']]);
  });
});
