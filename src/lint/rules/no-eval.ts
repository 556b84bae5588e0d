import type { Rule } from '../types.js';

/** The host's `eval`, however it is reached: the name, an alias, the global object, an escape. */
export const noEval: Rule = {
  meta: {
    id: 'no-eval',
    category: 'security',
    defaultSeverity: 'error',
    description: 'Forbids eval, however it is reached (aliases, (0, eval), globalThis["ev" + "al"], \\u0065val)',
    docs: `eval runs a string as code with the plugin's authority, and defeats every other check: what
it runs was never linted. The rule resolves names with the type checker, so every spelling is
the same finding: eval(s), const e = eval, (0, eval)(s), globalThis.eval, window['ev' + 'al'],
const { eval: e } = self, \\u0065val(s). A method of your own called eval (calculator.eval(x))
and a local variable named eval are not the host's eval and are not reported.

Fix: parse the data you need (JSON.parse, a small expression parser) instead of running code.`,
    messages: { eval: 'eval runs a string as code; parse the data instead (JSON.parse or a small parser)' },
  },
  globals: ['eval', 'execScript'],
  checkGlobal(reference, context) {
    context.report(reference.node, 'eval');
  },
};
