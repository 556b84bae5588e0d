import type { Rule, RuleContext, ts } from '../types.js';

const TIMERS = new Set(['setTimeout', 'setInterval', 'setImmediate']);

/** `setTimeout('code', 10)` is eval with a delay; `setTimeout(fn, 10)` is fine. */
export const noStringTimers: Rule = {
  meta: {
    id: 'no-string-timers',
    category: 'security',
    defaultSeverity: 'error',
    description: 'Forbids passing a string of code to setTimeout, setInterval or setImmediate',
    docs: `Timers given a string compile it like eval. The rule follows aliases (const t = setTimeout)
and global objects (window.setTimeout), and looks at the first argument: a string, a template or
anything typed string is reported, and so is a const whose type hides a string it was given
(const h: any = 'x()'; setTimeout(h, 1), also through further consts and concatenations). A
function is not (setTimeout(fn, 10), setTimeout(() => {}, 10)), nor a let whose value can change.

Fix: pass a function: setTimeout(() => update(), 10). Timers also need 'timers' in
metadata.permissions.`,
    messages: { string: '{name} with a string compiles it like eval; pass a function' },
  },
  kinds: ['CallExpression'],
  check(node, context) {
    const { ts, semantics } = context;
    if (!ts.isCallExpression(node)) return;
    let callee = semantics.skipOuter(node.expression);
    let first = node.arguments[0];
    // setTimeout.call(null, 'code') and setTimeout.apply(null, ['code']): the code is one further.
    if (ts.isPropertyAccessExpression(callee) && (callee.name.text === 'call' || callee.name.text === 'apply')) {
      const list = node.arguments[1];
      first = callee.name.text === 'call' ? list : list && ts.isArrayLiteralExpression(list) ? list.elements[0] : undefined;
      callee = semantics.skipOuter(callee.expression);
    }
    if (!first) return;
    // Cheap filter before asking the checker: a timer name, a member of a global object, or an alias.
    if (ts.isPropertyAccessExpression(callee) && !TIMERS.has(callee.name.text)) return;
    if (ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
      // Aliases (`const t = setTimeout`) are recorded by the walk before their uses.
      const name = semantics.globalNameOf(callee);
      if (!name || !TIMERS.has(name)) return;
      if (isStringCode(first, context, 0)) context.report(first, 'string', { name });
    }
  },
};

/**
 * A string, by syntax or by type, or a const (typed `any`, `unknown`, ...) whose initializer is one:
 * `const h: any = 'x()'` hides the string from the type, not from the timer.
 */
function isStringCode(expression: ts.Expression, context: RuleContext, depth: number): boolean {
  const { ts, checker, semantics } = context;
  const e = semantics.skipOuter(expression);
  if (ts.isStringLiteralLike(e) || ts.isTemplateExpression(e)) return true;
  if ((checker.getTypeAtLocation(e).flags & ts.TypeFlags.StringLike) !== 0) return true;
  if (depth >= 6) return false;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    // 'x' + y is a string as soon as either side is one.
    return isStringCode(e.left, context, depth + 1) || isStringCode(e.right, context, depth + 1);
  }
  if (ts.isConditionalExpression(e)) return isStringCode(e.whenTrue, context, depth + 1) || isStringCode(e.whenFalse, context, depth + 1);
  if (ts.isIdentifier(e)) {
    const symbol = checker.getSymbolAtLocation(e);
    const decl = symbol?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isIdentifier(decl.name) &&
      ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0) {
      return isStringCode(decl.initializer, context, depth + 1);
    }
  }
  return false;
}
