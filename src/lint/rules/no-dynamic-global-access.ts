import { isEqualityOperator } from '../semantics.js';
import type { Rule, ts } from '../types.js';

/**
 * The global object is every capability at once: a computed key (`globalThis[name]`) or the
 * object escaping into a call (`Reflect.get(globalThis, k)`, `Object.values(window)`) hides
 * which one is used, so the other rules cannot see it.
 */
export const noDynamicGlobalAccess: Rule = {
  meta: {
    id: 'no-dynamic-global-access',
    category: 'security',
    defaultSeverity: 'error',
    description: 'Forbids computed keys on the global object and passing the global object around',
    docs: `globalThis, window, self and global hold every host capability. Reading a member with a
constant name is fine and checked by the other rules (globalThis['ev' + 'al'] is eval). A key
the compiler cannot work out (globalThis[name], window[parts.join('')]) or the global object
itself handed to code (Reflect.get(globalThis, k), Object.values(self), return window,
export const g = globalThis) could reach anything, so it is reported; asking whether a key is
there ('queueMicrotask' in globalThis) is not. Local const aliases
(const g = globalThis; g.Math) are followed and checked like the original.

Fix: name the global you need directly (Math, JSON), so the rules can check it.`,
    messages: {
      computed: 'a computed key on the global object could reach any host capability; name the global directly',
      escape: 'the global object is passed on here, which hides what is used from it; name the global directly',
    },
  },
  globals: ['globalThis', 'window', 'self', 'global', 'frames', 'parent', 'top', '*'],
  checkGlobal(reference, context) {
    const { ts } = context;
    if (reference.name === '*') {
      context.report(reference.node, 'computed');
      return;
    }
    let node: ts.Node = reference.node;
    while (node.parent && (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isNonNullExpression(node.parent) || ts.isSatisfiesExpression(node.parent))) node = node.parent;
    const parent = node.parent;
    if (!parent) return;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === node) return;
    if (ts.isElementAccessExpression(parent) && parent.expression === node) return; // computed keys arrive as '*'
    if (ts.isTypeOfExpression(parent)) return;
    if (ts.isBinaryExpression(parent) && isEqualityOperator(ts, parent.operatorToken.kind)) return;
    // `'queueMicrotask' in globalThis`: feature detection only asks whether a key is there.
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.InKeyword && parent.right === node) return;
    if (ts.isVariableDeclaration(parent) && parent.initializer === node) {
      // A local const alias is followed by the other rules; an exported one escapes the file.
      const list = parent.parent;
      const isConst = ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
      const statement = list.parent;
      const exported = statement && ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (isConst && !exported && (ts.isIdentifier(parent.name) || ts.isObjectBindingPattern(parent.name))) return;
    }
    if (reference.via === 'destructuring') return;
    context.report(reference.node, 'escape');
  },
};
