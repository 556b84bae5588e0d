import type { Rule } from '../types.js';

/** The host's `process`: environment, exit, child processes, bindings. */
export const noProcess: Rule = {
  meta: {
    id: 'no-process',
    category: 'security',
    defaultSeverity: 'error',
    description: "Forbids the host's process object in all its forms (globalThis.process, declare const process)",
    docs: `process gives the environment (secrets), exit(), the working folder, native bindings and
mainModule.require. The sandbox has no process; this rule finds it before run time, in every form:
process.env, globalThis.process, const { process: p } = global, and also a
'declare const process: any' written to silence the compiler, which still names the host's
global. A local variable or parameter named process is yours and is not reported; typeof process
checks are not reported either.

Fix: take what you need from the event data or the plugin context.`,
    messages: { process: "process is the host's process object (environment, exit, modules); plugins get none" },
  },
  globals: ['process'],
  checkGlobal(reference, context) {
    const parent = reference.node.parent;
    if (parent && context.ts.isTypeOfExpression(parent)) return;
    context.report(reference.node, 'process');
  },
};
