import type { Rule } from '../types.js';

export const noWebAssembly: Rule = {
  meta: {
    id: 'no-webassembly',
    category: 'security',
    defaultSeverity: 'error',
    description: 'Forbids WebAssembly: compiled code the lint cannot read',
    docs: `WebAssembly.instantiate and friends run compiled code that no rule here can inspect, and
a memory the sandbox budget does not see the same way. Any reference to the host's
WebAssembly object is reported, however reached.

Fix: write the logic in TypeScript.`,
    messages: { wasm: 'WebAssembly runs compiled code the lint cannot inspect' },
  },
  globals: ['WebAssembly'],
  checkGlobal(reference, context) {
    const parent = reference.node.parent;
    if (parent && context.ts.isTypeOfExpression(parent)) return;
    context.report(reference.node, 'wasm');
  },
};
