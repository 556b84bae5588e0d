import type { Rule, ts } from '../types.js';

/** `Error.prepareStackTrace` hands out structured call sites: a classic sandbox escape. */
export const noPrepareStackTrace: Rule = {
  meta: {
    id: 'no-prepare-stack-trace',
    category: 'security',
    defaultSeverity: 'error',
    description: 'Forbids reading or setting Error.prepareStackTrace',
    docs: `V8 calls Error.prepareStackTrace with structured call sites, which expose the functions and
receivers of the host's frames: a well-known way out of a sandbox. Reading it, setting it or
reaching it through an alias of Error (const E = Error; E['prepareStackTrace'] = ...) is
reported. A property of your own object with that name is not.

Fix: use error.stack as a string if you need it.`,
    messages: { prepare: 'Error.prepareStackTrace exposes the host stack frames; use error.stack' },
  },
  kinds: ['PropertyAccessExpression', 'ElementAccessExpression'],
  check(node, context) {
    const { ts, semantics } = context;
    let receiver: ts.Expression;
    if (ts.isPropertyAccessExpression(node)) {
      if (node.name.text !== 'prepareStackTrace') return;
      receiver = node.expression;
    } else if (ts.isElementAccessExpression(node)) {
      if (!semantics.constantStrings(node.argumentExpression)?.includes('prepareStackTrace')) return;
      receiver = node.expression;
    } else {
      return;
    }
    const name = semantics.globalNameOf(receiver, { followAliases: true });
    if (name !== undefined && /Error$/.test(name)) context.report(node, 'prepare');
  },
};
