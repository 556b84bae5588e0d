import type { Rule } from '../types.js';

const TIMERS = new Set(['setTimeout', 'setInterval', 'setImmediate']);

/** `setTimeout('code', 10)` is eval with a delay; `setTimeout(fn, 10)` is fine. */
export const noStringTimers: Rule = {
  meta: {
    id: 'no-string-timers',
    category: 'security',
    defaultSeverity: 'error',
    description: 'Forbids passing a string of code to setTimeout, setInterval or setImmediate',
    docs: `Timers given a string compile it like eval. The rule follows aliases (const t = setTimeout)
and global objects (window.setTimeout), and looks at the type of the first argument: a string,
a template or anything typed string is reported; a function is not (setTimeout(fn, 10)).

Fix: pass a function: setTimeout(() => update(), 10). Timers also need 'timers' in
metadata.permissions.`,
    messages: { string: '{name} with a string compiles it like eval; pass a function' },
  },
  kinds: ['CallExpression'],
  check(node, context) {
    const { ts, checker, semantics } = context;
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
      const arg = semantics.skipOuter(first);
      const type = checker.getTypeAtLocation(arg);
      if (ts.isStringLiteralLike(arg) || ts.isTemplateExpression(arg) || (type.flags & ts.TypeFlags.StringLike) !== 0) {
        context.report(first, 'string', { name });
      }
    }
  },
};
