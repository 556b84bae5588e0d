import path from 'node:path';
import { SPECIFIER_KINDS, classifySpecifier, loadedSpecifier } from '../module-specifiers.js';
import { isInside, realPath } from '../plugin-folders.js';
import type { Rule, RuleContext, ts } from '../types.js';

export const noOutsideFiles: Rule = {
  meta: {
    id: 'no-outside-files',
    category: 'security',
    defaultSeverity: 'error',
    description: "Forbids loading a local file from outside the plugin's folder ('../../package.json', '/etc/passwd')",
    docs: `The bundler inlines every file a plugin loads into its bundle, so a plugin that imports
'/etc/passwd' with { type: 'text' } or '../../package.json' would carry host files into the
sandbox. The loader refuses any file whose real path (symlinks followed) lies outside the
plugin's folder: a folder plugin's own folder, or the folder a file plugin sits in. Reported in
imports, re-exports, import x = require(), require() and import() of a relative or absolute
path, code or not (.json, .txt); type-only imports are fine, they are not bundled. A helper that
two plugins share is reported where an import leaves the folder of the plugin it is in.

Fix: move the file into the plugin's folder, or copy what you need from it there.`,
    messages: { outside: "'{specifier}' is outside the plugin's folder ({folder}/): the loader takes no file from outside it" },
  },
  kinds: SPECIFIER_KINDS,
  check(node, context) {
    const folder = context.pluginFolder;
    if (folder === undefined) return;
    const loaded = loadedSpecifier(node, context);
    if (!loaded || classifySpecifier(loaded.specifier, context.semantics.sdkModule) !== 'local') return;
    if (isInside(folder, targetOf(loaded.specifier, loaded.node, context))) return;
    context.report(loaded.node, 'outside', { specifier: loaded.specifier, folder: path.basename(folder) });
  },
};

/**
 * The real path of the file a specifier loads: the compiler's resolution when it found a module
 * (`./x.js` to `x.ts`, a folder to its index), else the specifier resolved against the importing
 * file's folder (a missing file, or one that is no code: `.json`, `.txt`).
 */
function targetOf(specifier: string, node: ts.Node, context: RuleContext): string {
  const { ts, checker, sourceFile } = context;
  const declaration = checker.getSymbolAtLocation(node)?.valueDeclaration;
  if (declaration && ts.isSourceFile(declaration)) return realPath(declaration.fileName);
  return realPath(path.resolve(realPath(path.dirname(sourceFile.fileName)), specifier));
}
