import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pluginSource, tempDir } from '../watch/helpers.js';
import { BIN, cleanEnv } from './helpers.js';

// A real pseudo-terminal through util-linux `script` (its -e/-f/-c flags; the BSD one differs).
const hasScript = process.platform === 'linux' && spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout?.includes('util-linux');

/** Drops escape sequences so the frames read as text. */
function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

describe.skipIf(!hasScript)('load --watch in a pseudo-terminal (util-linux script)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let child: ChildProcessWithoutNullStreams | undefined;
  let output = '';

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir('pty'));
    await writeFile(path.join(dir, 'alpha.ts'), pluginSource('alpha', '1.0.0', 'a1'));
    output = '';
  });

  afterEach(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    child = undefined;
    await cleanup();
  });

  /** Starts the CLI in a 120x40 terminal; after it exits, the shell prints its code and whether the tty is back in canonical mode. */
  function start(env: Record<string, string> = {}): Promise<number | null> {
    // The shell sits in the CLI's process group, so a Ctrl-C on a cooked tty reaches it too. dash (the usual /bin/sh)
    // then dies with 130 where bash waits for the child; the trap makes every shell wait and report the CLI's own code.
    const command = `trap : INT; stty cols 120 rows 40; ${shellQuote(process.execPath)} ${shellQuote(BIN)} load --watch --dir ${shellQuote(dir)}; echo "EXIT=$?"; stty -a | grep -o -- '-\\?icanon' | head -1`;
    child = spawn('script', ['-qfec', command, '/dev/null'], { env: cleanEnv({ SHELL: '/bin/sh', TERM: 'xterm-256color', ...env }) });
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    return new Promise((resolve) => child?.on('close', (code) => resolve(code)));
  }

  async function waitForText(pattern: RegExp, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(plain(output))) {
      if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms; screen:\n${plain(output).slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('draws the live table, reloads on save, fires events on e, quits on q and gives the terminal back', async () => {
    const exited = start();
    await waitForText(/> alpha\s+loaded\s+1\.0\.0/);
    expect(plain(output)).toMatch(/PLUGIN\s+STATUS\s+VERSION\s+BEH\s+LOAD\s+CALLS/);

    await writeFile(path.join(dir, 'alpha.ts'), pluginSource('alpha', '1.0.1', 'a2'));
    await waitForText(/alpha: reloaded 1\.0\.1 in [\d.]+ ms/);

    child?.stdin.write('e');
    await waitForText(/sample events: 1 event, 1 calls \(1 ok, 0 errors, 0 timeouts\)/);

    child?.stdin.write('q');
    expect(await exited).toBe(0);
    const screen = plain(output);
    expect(screen).toMatch(/EXIT=0/);
    // raw mode is left (canonical mode is back) and the cursor is shown again
    expect(screen).toMatch(/EXIT=0\n(?!-)icanon/);
    expect(output).toContain('\u001b[?25h');
  });

  it('exits cleanly on Ctrl-C and restores the terminal', async () => {
    const exited = start();
    await waitForText(/> alpha\s+loaded/);
    child?.stdin.write('\u0003');
    expect(await exited).toBe(0);
    expect(plain(output)).toMatch(/EXIT=0\n(?!-)icanon/);
  });

  it.each([[{ CI: 'true' }], [{ TERM: 'dumb' }]])('prints NDJSON lines instead of the view on a terminal with %o, and never enters raw mode', async (env) => {
    const exited = start(env);
    await waitForText(/\{"type":"ready"/);
    expect(plain(output)).not.toContain('PLUGIN ');
    child?.stdin.write('\u0003'); // the tty is not raw: Ctrl-C is a SIGINT from the line discipline
    expect(await exited).toBe(0);
    expect(plain(output)).toMatch(/\{"type":"stopped","at":"[^"]+","reason":"SIGINT"\}/);
    expect(plain(output)).toMatch(/EXIT=0\n(?!-)icanon/);
  });
});
