/**
 * no-outside-files on real files: a plugins folder with file plugins, folder plugins and helpers,
 * and files beside the plugins folder that no plugin may load (the loader refuses them: a
 * sandboxed bundle takes no file from outside the plugin's folder). One run for all cases.
 */
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validatePlugins } from '../../src/lint/index.js';
import type { Finding, ValidateResult } from '../../src/lint/types.js';
import { plugin, tempDir } from './helpers.js';

const RULE = 'no-outside-files';
const tmp = tempDir('svgx-outside-');
let result: ValidateResult;

/** Findings of the rule in a file of the plugins folder, as [line, specifier quoted in the message]. */
function of(file: string, all: readonly Finding[] = result.findings): [number, string | undefined][] {
  return all
    .filter((f) => f.ruleId === RULE && path.relative(path.join(tmp.dir, 'plugins'), f.file) === file)
    .map((f) => [f.line, /^'([^']*)'/.exec(f.message)?.[1]]);
}

beforeAll(async () => {
  // Beside the plugins folder: what no plugin may load.
  tmp.write('outside.ts', 'export const outside = 1;\n');
  tmp.write('x.js', 'module.exports = { x: 1 };\n');
  tmp.write('package.json', '{ "name": "host", "version": "1.0.0" }\n');
  tmp.write('types.ts', 'export interface Shape { id: string }\n');
  tmp.write('elsewhere/linked.ts', 'export const linked = 1;\n');
  tmp.write('shared/types.ts', 'export interface Shape { id: string }\nexport const origin = { id: "o" };\nexport class Base {}\n');

  // File plugins: their folder is the plugins folder.
  tmp.write('plugins/leaves.ts', plugin('leaves', 'void outside;', "import { outside } from '../outside.ts';"));
  tmp.write('plugins/passwd.ts', plugin('passwd', 'void passwd;', "import passwd from '/etc/passwd' with { type: 'text' };"));
  tmp.write('plugins/legacy.js', `const { x } = require('../x.js');
const { definePlugin } = require('svgx-plugins');
module.exports = definePlugin({
  metadata: { name: 'legacy', version: '1.0.0', author: 'Test', description: 'Test plugin' },
  register(registry) {
    registry.registerBehavior({ id: 'legacy.main', type: 'custom', events: ['system'], handler: () => x });
  },
});
`);
  tmp.write('plugins/sibling.ts', plugin('sibling', 'void shared;', "import { shared } from './_shared.ts';"));
  tmp.write('plugins/_shared.ts', "export { more as shared } from './_more';\n");
  tmp.write('plugins/_more.ts', 'export const more = 1;\n');
  tmp.write('plugins/typed.ts', plugin('typed', 'let s: Shape | undefined;\n    void s;', "import type { Shape } from '../types.ts';\nexport type { Shape as Outline } from '../types.ts';"));
  tmp.write('plugins/dynamic.ts', plugin('dynamic', "void import('../outside.ts');\n    void import('./_more');"));
  tmp.write('plugins/reexport.ts', `${plugin('reexport', '')}export * from '../outside.ts';\n`);
  tmp.write(
    'plugins/suppressed.ts',
    plugin('suppressed', 'void outside;', "// svgx-disable-next-line no-outside-files -- the shared constants, reviewed\nimport { outside } from '../outside.ts';"),
  );
  symlinkSync(path.join(tmp.dir, 'elsewhere'), path.join(tmp.dir, 'plugins', '_linked'));
  tmp.write('plugins/via-link.ts', plugin('via-link', 'void linked;', "import { linked } from './_linked/linked';"));

  // Imports without `type` whose bindings the bundler drops (used as types only), and those it keeps.
  tmp.write(
    'plugins/types-only.ts',
    plugin(
      'types-only',
      'let s: Shape | undefined = undefined as Shape | undefined;\n    const o: typeof origin | undefined = s as unknown as O;\n    class C implements Base {}\n    void o; void C;',
      "import { Shape, origin, Base } from '../shared/types';\nimport * as all from '../shared/types';\nimport { origin as unused } from '../outside.ts';\ntype O = all.Shape & typeof origin;\nexport type { Shape };",
    ),
  );
  tmp.write('plugins/one-value.ts', plugin('one-value', 'let s: Shape | undefined;\n    void s; void origin;', "import { Shape, origin } from '../shared/types';"));
  tmp.write('plugins/extends.ts', plugin('extends', 'class C extends Base {}\n    void C;', "import { Base } from '../shared/types';"));
  tmp.write('plugins/shorthand.ts', plugin('shorthand', 'void { origin };', "import { origin } from '../shared/types';"));
  tmp.write('plugins/effect.ts', plugin('effect', '', "import '../outside.ts';"));
  tmp.write('plugins/reexport-type.ts', `${plugin('reexport-type', '')}export { Shape } from '../shared/types';\n`);
  // Inside the plugins folder, but hidden or under node_modules: the loader refuses them too.
  tmp.write('plugins/.env', 'TOKEN=secret\n');
  tmp.write('plugins/node_modules/foo/index.js', 'module.exports = 1;\n');
  tmp.write('plugins/env.ts', plugin('env', 'void env;', "import env from './.env' with { type: 'text' };"));
  tmp.write('plugins/modules.ts', plugin('modules', 'void foo;', "import foo from './node_modules/foo/index.js';"));

  // A folder plugin: its folder is its own. It walks first (sorted by name), before the file
  // plugin user.ts that shares _common.ts with it.
  tmp.write(
    'plugins/aaa-folder/index.ts',
    plugin(
      'aaa-folder',
      'void pkg; void util; void x; void common;',
      "import pkg from '../../package.json';\nimport { util } from './lib/util';\nimport { x } from '../aaa-folder/x';\nimport { common } from '../_common';",
    ),
  );
  tmp.write('plugins/aaa-folder/lib/util.ts', "import { x } from '../x';\nexport const util = x;\n");
  tmp.write('plugins/aaa-folder/x.ts', "import { outside } from '../../outside';\nexport const x = outside;\n");
  tmp.write('plugins/user.ts', plugin('user', 'void common;', "import { common } from './_common';"));
  tmp.write('plugins/_common.ts', "import { more } from './_more';\nexport const common = more;\n");

  result = await validatePlugins({ paths: [path.join(tmp.dir, 'plugins')], cwd: tmp.dir, cache: false, typeChecker: 'none' });
}, 60_000);
afterAll(() => tmp.cleanup());

describe('no-outside-files reports a load from outside the plugin folder', () => {
  it("a file plugin's import of '../outside.ts'", () => {
    expect(of('leaves.ts')).toEqual([[2, '../outside.ts']]);
  });

  it("an absolute '/etc/passwd' with { type: 'text' }", () => {
    expect(of('passwd.ts')).toEqual([[2, '/etc/passwd']]);
  });

  it("require('../x.js') in a JavaScript plugin", () => {
    expect(of('legacy.js')).toEqual([[1, '../x.js']]);
  });

  it("import() and export * from '../outside.ts'", () => {
    expect(of('dynamic.ts')).toEqual([[7, '../outside.ts']]);
    expect(of('reexport.ts')).toEqual([[10, '../outside.ts']]);
  });

  it("a folder plugin's '../../package.json' and '../_common' (a helper beside it, not in it)", () => {
    expect(of(path.join('aaa-folder', 'index.ts'))).toEqual([
      [2, '../../package.json'],
      [5, '../_common'],
    ]);
  });

  it("a folder plugin's own module that leaves the folder ('../../outside')", () => {
    expect(of(path.join('aaa-folder', 'x.ts'))).toEqual([[1, '../../outside']]);
  });

  it('a file reached through a symlink that points out of the folder', () => {
    expect(of('via-link.ts')).toEqual([[2, './_linked/linked']]);
  });

  it('an import with one binding read as a value, even if others are types', () => {
    expect(of('one-value.ts')).toEqual([[2, '../shared/types']]);
  });

  it("a class's extends, and a shorthand property, read the binding as a value", () => {
    expect(of('extends.ts')).toEqual([[2, '../shared/types']]);
    expect(of('shorthand.ts')).toEqual([[2, '../shared/types']]);
  });

  it("a side-effect import '../outside.ts', and export { Shape } from a file outside", () => {
    expect(of('effect.ts')).toEqual([[2, '../outside.ts']]);
    expect(of('reexport-type.ts')).toEqual([[10, '../shared/types']]);
  });

  it("a hidden file ('./.env' with { type: 'text' }) inside the folder, saying why", () => {
    expect(of('env.ts')).toEqual([[2, './.env']]);
    const finding = result.findings.find((f) => f.ruleId === RULE && f.file.endsWith('env.ts'));
    expect(finding?.message).toBe(
      "'./.env' is a hidden file or in a hidden folder of the plugin's folder (plugins/): the loader takes no file whose name or folder starts with '.'",
    );
  });

  it("a file under node_modules inside the folder, saying why", () => {
    expect(of('modules.ts')).toEqual([[2, './node_modules/foo/index.js']]);
    const finding = result.findings.find((f) => f.ruleId === RULE && f.file.endsWith('modules.ts'));
    expect(finding?.message).toBe("'./node_modules/foo/index.js' is under node_modules in the plugin's folder (plugins/): the loader takes no file from node_modules");
  });

  it('names the rule, the error level and the folder, without a path of the machine', () => {
    const finding = result.findings.find((f) => f.ruleId === RULE && f.file.endsWith('leaves.ts'));
    expect(finding?.severity).toBe('error');
    expect(finding?.message).toBe("'../outside.ts' is outside the plugin's folder (plugins/): the loader takes no file from outside it");
  });
});

describe('no-outside-files does not report', () => {
  it("'./lib/util' and '../aaa-folder/x' inside a folder plugin, nor '../x' from its lib/", () => {
    expect(of(path.join('aaa-folder', 'lib', 'util.ts'))).toEqual([]);
  });

  it("a file plugin's sibling './_shared.ts' and what that helper imports", () => {
    expect(of('sibling.ts')).toEqual([]);
    expect(of('_shared.ts')).toEqual([]);
  });

  it("a helper shared with a folder plugin, inside the file plugin's folder, where it imports a sibling", () => {
    // The folder plugin reaches _common.ts first: its imports still answer to the folder it is in.
    expect(result.plugins.find((p) => p.name === 'aaa-folder')?.files.map((f) => path.basename(f))).toContain('_common.ts');
    expect(of('user.ts')).toEqual([]);
    expect(of('_common.ts')).toEqual([]);
  });

  it('import type and export type from outside, and the SDK', () => {
    expect(of('typed.ts')).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === RULE && /svgx-plugins/.test(f.message))).toEqual([]);
  });

  it('imports whose bindings are used as types only (annotations, as, typeof in a type, implements, export type), or not at all', () => {
    expect(of('types-only.ts')).toEqual([]);
  });

  it('a finding silenced by svgx-disable-next-line, keeping the reason', () => {
    const found = result.findings.filter((f) => f.ruleId === RULE && f.file.endsWith('suppressed.ts'));
    expect(found.map((f) => [f.line, f.suppressed?.reason])).toEqual([[3, 'the shared constants, reviewed']]);
    expect(result.findings.filter((f) => f.file.endsWith('suppressed.ts') && f.ruleId === 'no-unused-disable')).toEqual([]);
  });

  it('the same plugins when the plugins folder is named through a symlink', async () => {
    symlinkSync(path.join(tmp.dir, 'plugins'), path.join(tmp.dir, 'plugins-link'));
    const viaLink = await validatePlugins({ paths: [path.join(tmp.dir, 'plugins-link')], cwd: tmp.dir, cache: false, typeChecker: 'none' });
    const files = (all: readonly Finding[]) => all.filter((f) => f.ruleId === RULE).map((f) => `${path.basename(f.file)}:${f.line}`).sort();
    expect(files(viaLink.findings)).toEqual(files(result.findings));
  });
});

describe('no-outside-files under a tsconfig that keeps value imports', () => {
  it('reports an import used as types only when verbatimModuleSyntax keeps it (the bundler loads it then)', async () => {
    const own = tempDir('svgx-outside-verbatim-');
    try {
      own.write('shared/types.ts', 'export interface Shape { id: string }\n');
      own.write(
        'plugins/kept/tsconfig.json',
        JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', verbatimModuleSyntax: true, lib: ['ES2022'], types: [] } }),
      );
      own.write('plugins/kept/index.ts', plugin('kept', 'let s: Shape | undefined;\n    void s;', "import { Shape } from '../../shared/types';"));
      const kept = await validatePlugins({ paths: [path.join(own.dir, 'plugins')], cwd: own.dir, cache: false, typeChecker: 'none' });
      expect(kept.findings.filter((f) => f.ruleId === RULE).map((f) => [path.relative(own.dir, f.file), f.line])).toEqual([[path.join('plugins', 'kept', 'index.ts'), 2]]);
    } finally {
      own.cleanup();
    }
  });
});
