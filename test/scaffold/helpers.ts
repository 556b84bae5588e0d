import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = path.join(REPO, 'bin', 'svgx-plugins.js');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of a child: no colour, no CI, none of vitest's own variables, an empty user config folder. */
export function childEnv(xdg: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('VITEST') || key === 'NODE_OPTIONS' || key === 'CI' || key === 'FORCE_COLOR' || key === 'TEST') continue;
    env[key] = value;
  }
  Object.assign(env, { NO_COLOR: '1', XDG_CONFIG_HOME: xdg });
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export function run(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(command, [...args], { cwd: options.cwd, env: options.env, timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end();
  });
}

/** The built CLI in a child process, as a user runs it (no TTY: stdin and stdout are pipes). */
export function cli(args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<RunResult> {
  return run(process.execPath, [BIN, ...args], options);
}

export function assertBuilt(): void {
  if (!existsSync(path.join(REPO, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  }
}

export interface CaseFolders {
  /** The temporary root of the test file. */
  root: string;
  /** A fresh empty folder for the current test. */
  dir: string;
  /** The environment for CLI children, with a private XDG config home. */
  env: NodeJS.ProcessEnv;
}

/**
 * A temporary root for a test file with a fresh folder per test, removed after the file.
 * `update` receives the folders before each test (assign them to the file's own variables).
 */
export function useCaseFolders(prefix: string, update: (folders: CaseFolders) => void): void {
  let root = '';
  let env: NodeJS.ProcessEnv = {};
  let counter = 0;
  beforeAll(async () => {
    assertBuilt();
    root = await mkdtemp(path.join(os.tmpdir(), prefix));
    env = childEnv(path.join(root, '.xdg'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    const dir = path.join(root, `case-${++counter}`);
    await mkdir(dir, { recursive: true });
    update({ root, dir, env });
  });
}
