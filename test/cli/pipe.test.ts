import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES, cleanEnv } from './helpers.js';

/** Runs the CLI and closes its stdout after the first chunk, as `| head -1` does. */
function runAndCloseEarly(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv() });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('output piped to a reader that stops early', () => {
  it.each([
    [['--help']],
    [['new', '--help']],
    [['list', '--dir', `${FIXTURES}plugins`]],
  ])('svgx-plugins %j ends quietly instead of crashing on EPIPE', async (args) => {
    const { code, stderr } = await runAndCloseEarly(args);
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });
});

describe('svgx-plugins without a command', () => {
  it('prints the usage on stderr and exits 2, a usage error', async () => {
    const { runCli } = await import('./helpers.js');
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: svgx-plugins');
  });
});
