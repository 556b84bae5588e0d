/**
 * TypeScript is 9 MB of compiler: the CLI's --help, --list-rules and explain must not load it,
 * and a warm cached run must not either. Checked in a child process on the built CLI, with a
 * preload hook that reports whether ts-morph or typescript was ever required.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';

const BIN = path.resolve(import.meta.dirname, '..', '..', 'bin', 'svgx-plugins.js');
const tmp = tempDir('svgx-lazy-');
// Prints LOADED-TS at exit if any module path of ts-morph or typescript was loaded.
const hook = tmp.write(
  'hook.cjs',
  `const Module = require('module');
const load = Module._load;
let loaded = false;
Module._load = function (request, ...rest) { if (/(^|[\\\\/])(ts-morph|typescript)([\\\\/]|$)/.test(request)) loaded = true; return load.call(this, request, ...rest); };
process.on('exit', () => { if (loaded) process.stderr.write('LOADED-TS\\n'); });
`,
);
tmp.write('plugins/ok.ts', `import { definePlugin } from 'svgx-plugins';
export default definePlugin({
  metadata: { name: 'ok', version: '1.0.0', author: 'T', description: 'Fine' },
  register(registry) { registry.registerBehavior({ id: 'ok.a', type: 'custom', events: ['system'], handler: () => 1 }); },
});
`);
afterAll(() => tmp.cleanup());

const cli = (args: string[]) => spawnSync(process.execPath, ['--require', hook, BIN, ...args], { cwd: tmp.dir, encoding: 'utf8' });

describe('loading TypeScript only when validate runs', () => {
  it.each([[['--help']], [['validate', '--help']], [['validate', '--list-rules']], [['explain', 'no-eval']]])('%j does not load it', (args) => {
    const r = cli(args);
    expect(r.status).toBe(0);
    expect(r.stderr).not.toContain('LOADED-TS');
  });

  it('a cold run loads it and a warm cached run does not', () => {
    const cold = cli(['validate', 'plugins']);
    expect(cold.status).toBe(0);
    expect(cold.stderr).toContain('LOADED-TS');
    const warm = cli(['validate', 'plugins']);
    expect(warm.status).toBe(0);
    expect(warm.stderr).not.toContain('LOADED-TS');
  });
});
