import path from 'node:path';
import { SPECIFIER_KINDS, classifySpecifier, loadedSpecifier } from '../module-specifiers.js';
import { realPath, refusedFile } from '../plugin-folders.js';
import type { Rule, RuleContext, ts } from '../types.js';

export const noOutsideFiles: Rule = {
  meta: {
    id: 'no-outside-files',
    category: 'security',
    defaultSeverity: 'error',
    description: "Forbids loading a local file the loader refuses: outside the plugin's folder ('../../package.json'), hidden ('./.env') or under node_modules",
    docs: `The bundler inlines every file a plugin loads into its bundle, so a plugin that imports
'/etc/passwd' with { type: 'text' } or '../../package.json' would carry host files into the
sandbox. The loader refuses any file whose real path (symlinks followed) lies outside the
plugin's folder: a folder plugin's own folder, or the folder a file plugin sits in. Inside that
folder it also refuses hidden files and folders ('./.env', './.git/config') and anything under
node_modules, which holds tools, not the plugin's code. Reported in imports, re-exports,
import x = require(), require() and import() of a relative or absolute path, code or not
(.json, .txt). Imports the bundler drops are fine: import type, and in TypeScript an import
whose bindings are used as types only (the compiler's default elision; under a tsconfig with
verbatimModuleSyntax or preserveValueImports, which keep them, they are reported). A side-effect import
(import '../x') and export { A } from '../x' always load the file. A helper that two plugins
share is reported where an import leaves the folder of the plugin it is in.

Fix: move the file into the plugin's folder (out of hidden folders and node_modules), or copy
what you need from it there.`,
    messages: {
      outside: "'{specifier}' is outside the plugin's folder ({folder}/): the loader takes no file from outside it",
      hidden: "'{specifier}' is a hidden file or in a hidden folder of the plugin's folder ({folder}/): the loader takes no file whose name or folder starts with '.'",
      nodeModules: "'{specifier}' is under node_modules in the plugin's folder ({folder}/): the loader takes no file from node_modules",
    },
  },
  kinds: SPECIFIER_KINDS,
  check(node, context) {
    const folder = context.pluginFolder;
    if (folder === undefined) return;
    const loaded = loadedSpecifier(node, context);
    if (!loaded || classifySpecifier(loaded.specifier, context.semantics.sdkModule) !== 'local') return;
    const refused = refusedFile(folder, targetOf(loaded.specifier, loaded.node, context));
    if (refused === undefined) return;
    if (context.ts.isImportDeclaration(node) && isElided(node, context)) return;
    context.report(loaded.node, refused, { specifier: loaded.specifier, folder: path.basename(folder) });
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

/**
 * True when the bundler drops the import, so the loader never reads the file: a TypeScript
 * import none of whose bindings is read as a value (TypeScript's default elision, which esbuild
 * follows). A side-effect import, an import without bindings and any import in JavaScript load
 * the file.
 */
function isElided(node: ts.ImportDeclaration, context: RuleContext): boolean {
  const { ts, checker, semantics, compilerOptions } = context;
  if (semantics.isJavaScript(node)) return false;
  // These keep every import that is not written `import type`, and esbuild honours them.
  if (compilerOptions.verbatimModuleSyntax === true || compilerOptions['preserveValueImports'] === true) return false;
  const clause = node.importClause;
  if (!clause) return false;
  const names: ts.Identifier[] = [];
  if (clause.name) names.push(clause.name);
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name);
  else if (bindings) for (const element of bindings.elements) if (!element.isTypeOnly) names.push(element.name);
  if (names.length === 0) return false; // `import {} from '../x'`
  const used = valueReferencedAliases(context);
  return names.every((name) => {
    const symbol = checker.getSymbolAtLocation(name);
    return symbol !== undefined && !used.has(symbol);
  });
}

const referencedCache = new WeakMap<ts.TypeChecker, WeakMap<ts.SourceFile, Set<ts.Symbol>>>();

/**
 * The import aliases of the file that some identifier reads as a value. One walk per file, and
 * only for files with an import the loader would refuse; identifiers are filtered by name before
 * the checker is asked for their symbol.
 */
function valueReferencedAliases(context: RuleContext): Set<ts.Symbol> {
  const { ts, checker, sourceFile } = context;
  let byFile = referencedCache.get(checker);
  if (!byFile) referencedCache.set(checker, (byFile = new WeakMap()));
  const cached = byFile.get(sourceFile);
  if (cached) return cached;

  const names = new Set<string>();
  for (const statement of sourceFile.statements) {
    const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
    if (!clause) continue;
    if (clause.name) names.add(clause.name.text);
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
    else if (bindings) for (const element of bindings.elements) names.add(element.name.text);
  }
  const used = new Set<ts.Symbol>();
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) return;
    if (ts.isIdentifier(node)) {
      if (!names.has(node.text)) return;
      const symbol = aliasRead(node, context);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias && isValuePosition(node, context)) used.add(symbol);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  byFile.set(sourceFile, used);
  return used;
}

/** The symbol an identifier reads: the local one in `{ a }` and `export { a }`, not the property or export it names. */
function aliasRead(id: ts.Identifier, context: RuleContext): ts.Symbol | undefined {
  const { ts, checker } = context;
  const parent = id.parent;
  if (ts.isShorthandPropertyAssignment(parent) && parent.name === id) return checker.getShorthandAssignmentValueSymbol(parent);
  if (ts.isExportSpecifier(parent)) {
    if (parent.parent.parent.moduleSpecifier !== undefined || (parent.propertyName ?? parent.name) !== id) return undefined;
    return checker.getExportSpecifierLocalTargetSymbol(parent);
  }
  return checker.getSymbolAtLocation(id);
}

/**
 * False when the identifier sits where the compiler strips it: in a type (annotations, `as T`,
 * `typeof X` in a type, type arguments), an interface or type alias, `implements X`, an
 * `export type` / `export { type X }`, or an ambient (`declare`) declaration. A class's
 * `extends X` and every expression are values.
 */
function isValuePosition(id: ts.Identifier, context: RuleContext): boolean {
  const { ts } = context;
  for (let node: ts.Node = id.parent; !ts.isSourceFile(node); node = node.parent) {
    if (ts.isExpressionWithTypeArguments(node)) {
      const clause = node.parent;
      if (ts.isHeritageClause(clause) && clause.token === ts.SyntaxKind.ExtendsKeyword && ts.isClassLike(clause.parent)) continue;
      return false;
    }
    if (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return false;
    if (ts.isExportSpecifier(node)) return !(node.isTypeOnly || node.parent.parent.isTypeOnly);
    if (ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) return false;
  }
  return true;
}
