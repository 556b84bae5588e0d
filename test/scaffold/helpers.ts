import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
