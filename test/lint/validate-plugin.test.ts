/** `PluginSystem.validatePlugin(name)` runs the same static analysis as `svgx-plugins validate`. */
import { afterAll, describe, expect, it } from 'vitest';
import { PluginSystem } from '../../src/plugins/plugin-system.js';
import { tempDir } from './helpers.js';

const tmp = tempDir();
tmp.write('plugins/sneaky.ts', `import { definePlugin } from 'svgx-plugins';
export default definePlugin({
  metadata: { name: 'sneaky', version: '1.0.0', author: 'T', description: 'Evaluates strings' },
  register(registry) {
    const run = eval;
    registry.registerBehavior({ id: 'sneaky.a', type: 'custom', events: ['system'], handler: () => run('1 + 1') });
  },
});
`);
afterAll(() => tmp.cleanup());

describe('validatePlugin', () => {
  it('includes the static findings, each with its rule and location, and marks the plugin invalid', async () => {
    const system = new PluginSystem({ pluginDir: `${tmp.dir}/plugins` });
    const validation = await system.validatePlugin('sneaky');
    expect(validation.valid).toBe(false);
    const lint = validation.problems.filter((p) => p.code === 'LINT_FINDING');
    expect(lint.map((p) => [p.rule, p.location?.endsWith('sneaky.ts:5:17')])).toEqual([['no-eval', true]]);
    expect(validation.findings?.map((f) => f.ruleId)).toEqual(['no-eval']);
  });

  it('skips the static analysis when asked', async () => {
    const system = new PluginSystem({ pluginDir: `${tmp.dir}/plugins` });
    const validation = await system.validatePlugin('sneaky', { static: false });
    expect(validation.problems.filter((p) => p.code === 'LINT_FINDING')).toEqual([]);
    expect(validation.findings).toBeUndefined();
  });

  it('uses the rule levels the system was given (as from .arxosrc rules)', async () => {
    const system = new PluginSystem({ pluginDir: `${tmp.dir}/plugins`, rules: { 'no-eval': 'off' } });
    const validation = await system.validatePlugin('sneaky');
    expect(validation.findings?.map((f) => f.ruleId)).toEqual([]);
  });

  it('is reachable from the library entry as validatePlugins, loading TypeScript on demand', async () => {
    const { validatePlugins } = await import('../../src/index.js');
    const result = await validatePlugins({ paths: [`${tmp.dir}/plugins`], cache: false });
    expect(result.findings.map((f) => f.ruleId)).toEqual(['no-eval']);
  });
});
