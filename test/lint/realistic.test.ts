/**
 * No false alarms on realistic code: the repository's sample plugins and a few plugins of the
 * benchmark corpus (interfaces, helpers, state, several behaviors, a sibling module, ctx.log)
 * validate clean, type-check included.
 */
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module of the benchmark, without types
import { generateCorpus } from '../../bench/validate-corpus.mjs';
import { validatePlugins } from '../../src/lint/index.js';
import { tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const repo = path.resolve(import.meta.dirname, '..', '..');

it('finds nothing in the sample plugins of fixtures/plugins', async () => {
  const result = await validatePlugins({ paths: [path.join(repo, 'fixtures', 'plugins')], cwd: repo, cache: false });
  expect(result.findings).toEqual([]);
  expect(result.plugins.map((p) => p.name)).toEqual(['base-shapes', 'door-state', 'hover-glow', 'selection-outline']);
});

it('finds nothing in generated realistic plugins', async () => {
  const dir = path.join(tmp.dir, 'corpus');
  await (generateCorpus as (dir: string, count: number, sdk: string) => Promise<unknown>)(dir, 6, path.join(repo, 'src', 'lint', 'sdk-types.ts'));
  const result = await validatePlugins({ paths: [dir], cwd: tmp.dir, cache: false });
  expect(result.findings).toEqual([]);
  expect(result.plugins).toHaveLength(6);
  expect(result.files).toHaveLength(7); // one folder plugin with its sibling module
});
