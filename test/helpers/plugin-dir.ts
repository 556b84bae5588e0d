import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { PluginSystem, type PluginSystemOptions } from '../../src/index.js';

/** A temporary plugin folder with real files; `cleanup()` removes it. */
export interface PluginDir {
  dir: string;
  write(relative: string, content: string): Promise<string>;
  remove(relative: string): Promise<void>;
  cleanup(): Promise<void>;
}

export async function makePluginDir(files: Record<string, string> = {}): Promise<PluginDir> {
  const dir = await mkdtemp(path.join(tmpdir(), 'svgx-plugins-test-'));
  const write = async (relative: string, content: string): Promise<string> => {
    const file = path.join(dir, relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
    return file;
  };
  for (const [relative, content] of Object.entries(files)) await write(relative, content);
  return {
    dir,
    write,
    remove: (relative) => rm(path.join(dir, relative), { recursive: true, force: true }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface PluginSpec {
  name: string;
  version?: string;
  dependencies?: Record<string, string>;
  /** Capabilities the plugin declares (a sandboxed plugin has only these). */
  permissions?: string[];
  /** Body of register(registry, ctx); default registers one behavior `<name>.main`. */
  register?: string;
  /** Extra top-level code. */
  prelude?: string;
  dispose?: string;
}

/** The source of a definePlugin-form plugin in TypeScript. */
export function pluginSource(spec: PluginSpec): string {
  const metadata = {
    name: spec.name,
    version: spec.version ?? '1.0.0',
    author: 'Test Author',
    description: `test plugin ${spec.name}`,
    ...(spec.dependencies ? { dependencies: spec.dependencies } : {}),
    ...(spec.permissions ? { permissions: spec.permissions } : {}),
  };
  const register =
    spec.register ??
    `registry.registerBehavior({ id: '${spec.name}.main', type: 'event_driven', events: ['user_interaction'], handler: (event) => ({ from: '${spec.name}', v: '${metadata.version}' }) });`;
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

/**
 * A PluginSystem over a fresh temporary plugin folder per test, closed and removed after each
 * test. Call at the top of a test file; `setup(files, options)` inside a test.
 */
export function usePluginSystem(): {
  setup(files: Record<string, string>, options?: Omit<PluginSystemOptions, 'pluginDir'>): Promise<PluginSystem>;
  dir(): PluginDir;
} {
  let tmp: PluginDir | undefined;
  let system: PluginSystem | undefined;
  afterEach(async () => {
    await system?.close();
    system = undefined;
    await tmp?.cleanup();
    tmp = undefined;
  });
  return {
    async setup(files, options = {}) {
      tmp = await makePluginDir(files);
      system = new PluginSystem({ pluginDir: tmp.dir, ...options });
      return system;
    },
    dir() {
      if (!tmp) throw new Error('call setup() first');
      return tmp;
    },
  };
}
