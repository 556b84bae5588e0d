import { expect } from 'vitest';
import type { BehaviorResult, DispatchResult, PluginSystemOptions } from '../../src/index.js';
import { PluginSystem } from '../../src/index.js';
import { makePluginDir, type PluginDir } from '../helpers/plugin-dir.js';

export interface SandboxPluginSpec {
  name: string;
  permissions?: string[];
  /** Top-level code before definePlugin. */
  prelude?: string;
  /** Body of register(registry, ctx); default registers `<name>.main` on physics events with `handler`. */
  register?: string;
  /** Source of the handler function of the default behavior. */
  handler?: string;
  /** Time limit of the default behavior, in ms. */
  timeoutMs?: number;
  dispose?: string;
  version?: string;
}

/** A plugin file in the definePlugin form, plain JavaScript so any attack can be written. */
export function sandboxPlugin(spec: SandboxPluginSpec): string {
  const metadata = {
    name: spec.name,
    version: spec.version ?? '1.0.0',
    author: 'Test Author',
    description: `sandbox test plugin ${spec.name}`,
    ...(spec.permissions ? { permissions: spec.permissions } : {}),
  };
  const handler = spec.handler ?? `() => 'ok'`;
  const timeout = spec.timeoutMs !== undefined ? `timeoutMs: ${spec.timeoutMs},` : '';
  const register =
    spec.register ??
    `registry.registerBehavior({ id: '${spec.name}.main', type: 'custom', events: ['physics'], ${timeout} handler: ${handler} });`;
  return `import { definePlugin } from 'svgx-plugins';
${spec.prelude ?? ''}
export default definePlugin({
  metadata: ${JSON.stringify(metadata)},
  register(registry, ctx) {
    ${register}
  },
  ${spec.dispose ? `dispose() { ${spec.dispose} },` : ''}
});
`;
}

/** The healthy plugin every test keeps beside the attacker: the host must still reach it. */
export const WITNESS = sandboxPlugin({ name: 'witness', handler: `(event) => ({ alive: true, n: event.data.n ?? null })` });

/** Short limits so budget cases finish quickly; quarantine off unless a test asks for it. */
export const TEST_LIMITS = { handlerTimeoutMs: 100, registerTimeoutMs: 300, topLevelTimeoutMs: 300, memoryLimitMb: 16 };

export interface Harness {
  dir: PluginDir;
  system: PluginSystem;
  dispatch(n?: number): Promise<DispatchResult>;
  resultOf(dispatch: DispatchResult, behaviorId: string): BehaviorResult | undefined;
  /** Asserts the witness plugin still answers, twice in a row. */
  expectHostServes(): Promise<void>;
  close(): Promise<void>;
}

export async function harness(files: Record<string, string>, options: Omit<PluginSystemOptions, 'pluginDir'> = {}): Promise<Harness> {
  const dir = await makePluginDir({ 'witness.js': WITNESS, ...files });
  const system = new PluginSystem({
    pluginDir: dir.dir,
    limits: TEST_LIMITS,
    sandbox: { quarantineAfter: 0 },
    ...options,
  });
  const dispatch = (n?: number) => system.engine.dispatch({ type: 'physics', data: n === undefined ? {} : { n } });
  const resultOf = (d: DispatchResult, id: string) => d.results.find((r) => r.behaviorId === id);
  return {
    dir,
    system,
    dispatch,
    resultOf,
    async expectHostServes() {
      for (const n of [1, 2]) {
        const d = await dispatch(n);
        expect(resultOf(d, 'witness.main')).toMatchObject({ outcome: 'ok', value: { alive: true, n } });
      }
      expect(system.getPlugin('witness')?.status).toBe('loaded');
    },
    async close() {
      await system.close();
      await dir.cleanup();
    },
  };
}
