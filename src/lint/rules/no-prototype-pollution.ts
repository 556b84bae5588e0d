import type { Rule, RuleContext, ts } from '../types.js';

const WRITERS = new Set(['defineProperty', 'defineProperties', 'assign', 'setPrototypeOf', 'set', '__defineGetter__', '__defineSetter__']);

/**
 * Writes to the prototypes of built-ins change every object of the host realm (or of the
 * sandbox, for every other plugin in it): `Object.prototype.x = ...`, `[].__proto__.push = ...`.
 * A method added to the plugin's own class (`Shape.prototype.area = ...`) is fine.
 */
export const noPrototypePollution: Rule = {
  meta: {
    id: 'no-prototype-pollution',
    category: 'security',
    defaultSeverity: 'error',
    description: 'Forbids changing the prototypes of built-ins (Object.prototype.x = ..., __proto__ writes)',
    docs: `Changing Object.prototype, Array.prototype or any built-in prototype changes every object that
shares it: other plugins, the host, and the checks the host relies on. Reported: assignments,
compound assignments and delete on X.prototype.* or X.prototype itself where X is a host global,
on anything.__proto__, on Object.getPrototypeOf(...).* and on x.constructor.prototype.*, and
Object.defineProperty / defineProperties / assign / setPrototypeOf and Reflect.set /
defineProperty / setPrototypeOf whose target is such a prototype. Your own class's prototype
(Shape.prototype.area = ...) is not reported.

Fix: use a helper function or a subclass instead of patching built-ins.`,
    messages: {
      write: 'this changes the prototype of the built-in {name}, which every object shares',
      proto: 'writing through __proto__ changes a shared prototype',
      call: '{name} on a built-in prototype changes every object that shares it',
    },
  },
  kinds: ['BinaryExpression', 'DeleteExpression', 'PrefixUnaryExpression', 'PostfixUnaryExpression', 'CallExpression'],
  check(node, context) {
    const { ts, semantics } = context;
    let target: ts.Expression | undefined;
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (op < ts.SyntaxKind.FirstAssignment || op > ts.SyntaxKind.LastAssignment) return;
      target = node.left;
    } else if (ts.isDeleteExpression(node)) {
      target = node.expression;
    } else if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) {
      if (node.operator !== ts.SyntaxKind.PlusPlusToken && node.operator !== ts.SyntaxKind.MinusMinusToken) return;
      target = node.operand;
    } else if (ts.isCallExpression(node)) {
      const callee = semantics.skipOuter(node.expression);
      if (!ts.isPropertyAccessExpression(callee) || !WRITERS.has(callee.name.text)) return;
      const owner = semantics.globalNameOf(callee.expression, { followAliases: true });
      if (owner !== 'Object' && owner !== 'Reflect') return;
      const first = node.arguments[0];
      if (!first) return;
      const proto = builtinPrototype(first, context, 0);
      if (proto) context.report(node, 'call', { name: `${owner}.${callee.name.text}` });
      return;
    }
    if (!target) return;
    target = semantics.skipOuter(target);
    if (!ts.isPropertyAccessExpression(target) && !ts.isElementAccessExpression(target)) return;
    const key = memberName(target, context);
    if (key === '__proto__') {
      context.report(node, 'proto');
      return;
    }
    // `X.prototype = ...` where X is a host global.
    if (key === 'prototype') {
      const owner = semantics.globalNameOf(target.expression, { followAliases: true });
      if (owner) context.report(node, 'write', { name: owner });
      return;
    }
    const proto = builtinPrototype(target.expression, context, 0);
    if (proto) context.report(node, proto === '__proto__' ? 'proto' : 'write', { name: proto });
  },
};

function memberName(node: ts.PropertyAccessExpression | ts.ElementAccessExpression, context: RuleContext): string | undefined {
  const { ts, semantics } = context;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  const keys = semantics.constantStrings(node.argumentExpression);
  return keys?.length === 1 ? keys[0] : undefined;
}

/** The name of the built-in whose prototype `e` is, `__proto__` for a prototype reached that way, else undefined. */
function builtinPrototype(expression: ts.Expression, context: RuleContext, depth: number): string | undefined {
  const { ts, semantics } = context;
  if (depth > 4) return undefined;
  const e = semantics.skipOuter(expression);
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const key = memberName(e, context);
    if (key === '__proto__') return '__proto__';
    if (key === 'prototype') {
      const owner = semantics.skipOuter(e.expression);
      const name = semantics.globalNameOf(owner, { followAliases: true });
      if (name) return name;
      // `x.constructor.prototype`: the prototype of whatever built x (a built-in, for literals).
      if ((ts.isPropertyAccessExpression(owner) && owner.name.text === 'constructor') || (ts.isElementAccessExpression(owner) && memberName(owner, context) === 'constructor')) {
        return 'constructor.prototype';
      }
    }
    return undefined;
  }
  if (ts.isCallExpression(e)) {
    const callee = semantics.skipOuter(e.expression);
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'getPrototypeOf') {
      const owner = semantics.globalNameOf(callee.expression, { followAliases: true });
      if (owner === 'Object' || owner === 'Reflect') return 'getPrototypeOf(...)';
    }
  }
  if (ts.isIdentifier(e)) {
    // const p = Object.prototype; p.x = 1
    const symbol = context.checker.getSymbolAtLocation(e);
    const decl = symbol?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0) {
      return builtinPrototype(decl.initializer, context, depth + 1);
    }
  }
  return undefined;
}
