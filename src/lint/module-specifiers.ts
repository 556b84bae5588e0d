/**
 * Shared by no-node-builtins and no-external-packages: every place a module name appears
 * (import, export ... from, import x = require(), require(), import()), and how to classify it.
 */
import { builtinModules } from 'node:module';
import type { RuleContext, ts } from './types.js';

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, m.split('/')[0] ?? m]));

export type ModuleKind = 'builtin' | 'package' | 'sdk' | 'local';

export function classifySpecifier(specifier: string, sdkModule: string): ModuleKind {
  if (specifier.startsWith('node:') || BUILTINS.has(specifier) || BUILTINS.has(specifier.split('/')[0] ?? '')) return 'builtin';
  if (specifier === sdkModule) return 'sdk';
  if (specifier.startsWith('.') || specifier.startsWith('/')) return 'local';
  return 'package';
}

export const SPECIFIER_KINDS = ['ImportDeclaration', 'ExportDeclaration', 'ImportEqualsDeclaration', 'CallExpression'] as const;

/** The constant module name of a node that loads a module, or undefined. Type-only forms are skipped. */
export function loadedSpecifier(node: ts.Node, context: RuleContext): { specifier: string; node: ts.Node } | undefined {
  const { ts, semantics } = context;
  if (ts.isCallExpression(node)) {
    const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
    const isRequire = !isImport && isRequireCallee(node, context);
    if (!isImport && !isRequire) return undefined;
  } else if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isImportEqualsDeclaration(node)) {
    if (semantics.isTypeOnlyImport(node)) return undefined;
  } else {
    return undefined;
  }
  const spec = semantics.moduleSpecifierOf(node);
  return spec?.specifier !== undefined ? { specifier: spec.specifier, node: spec.node } : undefined;
}

/** `require(...)`, an alias of it (recorded while walking), `globalThis.require(...)` or `module.require(...)`. */
function isRequireCallee(call: ts.CallExpression, context: RuleContext): boolean {
  const { ts, semantics } = context;
  const callee = semantics.skipOuter(call.expression);
  if (ts.isPropertyAccessExpression(callee) && callee.name.text !== 'require') return false;
  if (ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
    if (semantics.globalNameOf(callee) === 'require') return true;
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'require') return semantics.globalNameOf(callee.expression) === 'module';
  }
  return false;
}
