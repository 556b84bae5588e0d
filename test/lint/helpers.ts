import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validatePlugins, type ValidateOptions } from '../../src/lint/index.js';
import type { Finding, ValidateResult } from '../../src/lint/types.js';

/** A temporary folder outside the repository (so no node_modules above it), removed by cleanup(). */
export function tempDir(prefix = 'svgx-lint-'): { dir: string; write(file: string, text: string): string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    write(file, text) {
      const full = path.join(dir, file);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, text);
      return full;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs validate once over a folder of plugin files and indexes the findings by file name. */
export async function runOnFiles(
  files: Record<string, string>,
  options: Partial<ValidateOptions> = {},
): Promise<{ result: ValidateResult; of(file: string, rule?: string): Finding[]; dir: string; cleanup(): void }> {
  const tmp = tempDir();
  for (const [name, text] of Object.entries(files)) tmp.write(name, text);
  const result = await validatePlugins({ paths: [tmp.dir], cwd: tmp.dir, cache: false, typeChecker: 'none', ...options });
  return {
    result,
    dir: tmp.dir,
    of: (file, rule) => result.findings.filter((f) => path.relative(tmp.dir, f.file) === file && (rule === undefined || f.ruleId === rule)),
    cleanup: tmp.cleanup,
  };
}

/** A minimal valid plugin around some code, for structure and permission cases. */
export function plugin(name: string, body: string, extra = ''): string {
  return `import { definePlugin } from 'svgx-plugins';
${extra}
export default definePlugin({
  metadata: { name: '${name}', version: '1.0.0', author: 'Test', description: 'Test plugin'${body.includes('PERMISSIONS') ? '' : ''} },
  register(registry, ctx) {
    registry.registerBehavior({ id: '${name}.main', type: 'custom', events: ['system'], handler: () => 1 });
${body}
  },
});
`;
}
