/**
 * The files validate writes its reports to (`--format name=FILE`, `--output`, `--baseline`):
 * a folder, or a path under a file, is a usage error naming the flag (exit 2), found before the
 * analysis runs; a failure while writing is one too, after every other output is complete.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cli, useCaseFolders } from '../scaffold/helpers.js';

let dir: string;
let env: NodeJS.ProcessEnv;
useCaseFolders('svgx-validate-output-', (folders) => ({ dir, env } = folders));

const validate = (args: string[]) => cli(['validate', 'plugins', ...args], { cwd: dir, env });

beforeEach(async () => {
  await mkdir(path.join(dir, 'plugins'));
  await writeFile(
    path.join(dir, 'plugins', 'ok.ts'),
    `import { definePlugin } from 'svgx-plugins';
export default definePlugin({
  metadata: { name: 'ok', version: '1.0.0', author: 'T', description: 'Fine' },
  register(registry) { registry.registerBehavior({ id: 'ok.a', type: 'custom', events: ['system'], handler: () => 1 }); },
});
`,
  );
  await mkdir(path.join(dir, 'sd'));
  await writeFile(path.join(dir, 'f'), '');
});

describe('validate output files', () => {
  const refusals: Array<{ title: string; args: string[]; stderr: RegExp }> = [
    { title: 'a --format file that is a folder', args: ['--format', 'sarif=sd'], stderr: /--format sarif=sd: sd is a folder; give a file path\n.*sd[\\/]validate\.sarif/ },
    { title: 'an --output that is a folder', args: ['--format', 'json', '--output', 'sd'], stderr: /--output sd: sd is a folder; give a file path/ },
    { title: 'a --format file under a file', args: ['--format', 'sarif=f/r.sarif'], stderr: /--format sarif=f\/r\.sarif: f is a file, not a folder, so f\/r\.sarif cannot be created/ },
    { title: 'a --format file deep under a file', args: ['--format', 'junit=f/a/b/r.xml'], stderr: /--format junit=f\/a\/b\/r\.xml: f is a file, not a folder/ },
    { title: 'two formats to one file', args: ['--format', 'json=r.json', '--format', 'sarif=./r.json'], stderr: /--format sarif=\.\/r\.json: \.\/r\.json is also written by --format json=r\.json/ },
    { title: 'a --format file that names a folder not made yet', args: ['--format', 'json=newdir/'], stderr: /--format json=newdir\/: newdir\/ is a folder; give a file path/ },
    { title: 'a --baseline that is a folder', args: ['--baseline', 'sd', '--update-baseline'], stderr: /--baseline sd: sd is a folder; give a file path/ },
    { title: 'a --baseline under a file', args: ['--baseline', 'f/b.json'], stderr: /--baseline f\/b\.json: f is a file, not a folder/ },
  ];

  it.each(refusals)('$title exits 2 naming the flag, before the analysis runs', async ({ args, stderr }) => {
    const result = await validate(args);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(stderr);
    expect(result.stderr).not.toMatch(/unexpected error|EISDIR|EEXIST/);
    expect(result.stdout).toBe('');
    // No analysis ran: it would have written the result cache.
    expect(existsSync(path.join(dir, '.svgx-cache'))).toBe(false);
  });

  it('creates the missing folders of a report file', async () => {
    const result = await validate(['--format', 'stylish', '--format', 'sarif=out/deep/validate.sarif', '--no-cache']);
    expect(result.code, result.stderr).toBe(0);
    const sarif = JSON.parse(await readFile(path.join(dir, 'out', 'deep', 'validate.sarif'), 'utf8')) as { version: string };
    expect(sarif.version).toBe('2.1.0');
  });

  // A write that fails after the check (here: a full device) is still the flag's error, not an
  // "unexpected error", and the report on stdout is complete.
  it.skipIf(!existsSync('/dev/full'))('a write that fails exits 2 naming the flag, with stdout complete', async () => {
    const result = await validate(['--format', 'json', '--format', 'sarif=/dev/full', '--no-cache']);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/--format sarif=\/dev\/full: cannot write \/dev\/full: no space left on the device \(ENOSPC\)/);
    expect(result.stderr).not.toMatch(/unexpected error/);
    const report = JSON.parse(result.stdout) as { summary: { errors: number } };
    expect(report.summary.errors).toBe(0);
  });
});
