/**
 * `import type` from a Node built-in, as the README says: no-node-builtins does not report it
 * (nothing of it runs), but the strict defaults have no Node types, so the type-check does;
 * a plugin tsconfig.json with "types": ["node"] and @types/node installed makes it resolve.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cli, REPO, useCaseFolders } from '../scaffold/helpers.js';

let dir: string;
let env: NodeJS.ProcessEnv;
useCaseFolders('svgx-validate-type-imports-', (folders) => ({ dir, env } = folders));

interface Report {
  findings: Array<{ ruleId: string; message: string; line: number }>;
  plugins: Array<{ name: string; tsconfig: string | null }>;
}

const PLUGIN = `import type { Readable } from 'stream';
import { definePlugin } from 'svgx-plugins';

export function size(stream: Readable | undefined): number {
  return stream === undefined ? 0 : 1;
}

export default definePlugin({
  metadata: { name: 'streamy', version: '1.0.0', author: 'T', description: 'Counts streams' },
  register(registry) {
    registry.registerBehavior({ id: 'streamy.size', type: 'custom', events: ['system'], handler: () => size(undefined) });
  },
});
`;

beforeEach(async () => {
  await mkdir(path.join(dir, 'plugins'));
  await writeFile(path.join(dir, 'plugins', 'streamy.ts'), PLUGIN);
});

async function validate(typeChecker: string): Promise<{ code: number; report: Report; stderr: string }> {
  const result = await cli(['validate', 'plugins', '--format', 'json', '--no-cache', '--type-checker', typeChecker], { cwd: dir, env });
  return { code: result.code, report: JSON.parse(result.stdout) as Report, stderr: result.stderr };
}

describe('import type from a Node built-in', () => {
  it.each(['auto', 'typescript'])('under the strict defaults (--type-checker %s): a type error, no no-node-builtins finding', async (typeChecker) => {
    const { code, report, stderr } = await validate(typeChecker);
    expect(code, stderr).toBe(1);
    expect(report.plugins).toEqual([expect.objectContaining({ name: 'streamy', tsconfig: null })]);
    expect(report.findings.filter((f) => f.ruleId === 'no-node-builtins')).toEqual([]);
    expect(report.findings.map((f) => [f.ruleId, f.line])).toEqual([['no-type-errors', 1]]);
    expect(report.findings[0]?.message).toMatch(/^Cannot find name 'stream'\. Do you need to install type definitions for node\?.*\(TS2591\)$/);
  });

  it.each(['auto', 'typescript'])('with a plugin tsconfig.json that has the Node types (--type-checker %s): no finding', async (typeChecker) => {
    await mkdir(path.join(dir, 'node_modules', '@types'), { recursive: true });
    await symlink(path.join(REPO, 'node_modules', '@types', 'node'), path.join(dir, 'node_modules', '@types', 'node'), 'dir');
    await writeFile(
      path.join(dir, 'plugins', 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', types: ['node'] } }),
    );
    const { code, report, stderr } = await validate(typeChecker);
    expect(report.findings).toEqual([]);
    expect(code, stderr).toBe(0);
    expect(report.plugins[0]?.tsconfig).toMatch(/tsconfig\.json$/);
  });
});
