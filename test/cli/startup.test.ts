import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../watch/helpers.js';
import { BIN, cleanEnv } from './helpers.js';

const RECORDER = fileURLToPath(new URL('./fixtures/record-modules.mjs', import.meta.url));
const HEAVY = ['typescript', 'ts-morph', 'ink', 'react', 'esbuild', 'chokidar', 'ora', 'chalk', 'quickjs-emscripten', 'cosmiconfig', 'zod'];

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir('startup')));
afterAll(async () => cleanup());

/** The packages under node_modules a CLI run loaded. */
function packagesLoadedBy(args: string[]): string[] {
  const out = path.join(dir, `${args.join('_').replace(/\W/g, '')}.txt`);
  const run = spawnSync(process.execPath, ['--import', RECORDER, BIN, ...args], { env: cleanEnv({ MODULES_OUT: out }), encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  const packages = new Set<string>();
  for (const line of readFileSync(out, 'utf8').split('\n')) {
    const match = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(line);
    if (match?.[1]) packages.add(match[1].replace(/\\/g, '/'));
  }
  return [...packages].sort();
}

describe('start-up', () => {
  it.each([['--help'], ['--version'], ['load', '--help'], ['list', '--help'], ['info', '--help'], ['bench', '--help']])(
    '%s loads commander only, none of TypeScript, Ink, React or esbuild',
    (...args) => {
      const loaded = packagesLoadedBy(args);
      expect(loaded.filter((p) => HEAVY.includes(p))).toEqual([]);
    },
  );

  it('--version answers from package.json alone', () => {
    expect(packagesLoadedBy(['--version'])).toEqual([]);
    const run = spawnSync(process.execPath, [BIN, '--version'], { env: cleanEnv(), encoding: 'utf8' });
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(run.stdout).toBe(`${pkg.version}\n`);
  });

  it.each([['--help'], ['-h']])('%s alone prints the same help as the full program', (flag) => {
    const fast = spawnSync(process.execPath, [BIN, flag], { env: cleanEnv(), encoding: 'utf8' });
    expect(fast.status).toBe(0);
    const program = new URL('../../dist/cli/program.js', import.meta.url).href;
    const full = spawnSync(process.execPath, ['--input-type=module', '-e', `const { buildProgram } = await import(${JSON.stringify(program)}); process.stdout.write(buildProgram().helpInformation());`], {
      env: cleanEnv(),
      encoding: 'utf8',
    });
    expect(full.stderr).toBe('');
    expect(fast.stdout).toBe(full.stdout);
  });
});
