import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The source of a small plugin whose one behavior answers `value` to operational events. */
export function pluginSource(name: string, version: string, value: string | number, dependencies: Record<string, string> = {}): string {
  return `import { definePlugin } from 'svgx-plugins';
export default definePlugin({
  metadata: { name: '${name}', version: '${version}', author: 'Test', description: 'test plugin', dependencies: ${JSON.stringify(dependencies)} },
  register(registry) {
    registry.registerBehavior({ id: '${name}.answer', type: 'custom', events: ['operational'], handler: () => (${JSON.stringify(value)}) });
  },
});
`;
}

export async function tempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `svgx-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Resolves when `check` returns a value other than undefined; rejects after `timeoutMs` with what it waited for. */
export async function waitFor<T>(check: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
