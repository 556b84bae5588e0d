import type { Rule } from '../types.js';
import { SPECIFIER_KINDS, classifySpecifier, loadedSpecifier } from '../module-specifiers.js';

export const noNodeBuiltins: Rule = {
  meta: {
    id: 'no-node-builtins',
    category: 'security',
    defaultSeverity: 'error',
    description: 'Forbids Node built-in modules (fs, child_process, node:*), in imports, re-exports and requires',
    docs: `Node's built-in modules are the host's authority: files, processes, network, workers, vm.
Reported wherever the module name appears: import fs from 'fs', import 'node:fs',
export * from 'child_process', export { readFile } from 'fs/promises', import x = require('os'),
require('net'), import('node:vm'). import type { Stats } from 'fs' is erased by the compiler and
not reported.

Fix: plugins get what they need from events and the SDK; the host owns the machine.`,
    messages: { builtin: "'{specifier}' is a Node built-in module: the host's file system, processes and network" },
  },
  kinds: SPECIFIER_KINDS,
  check(node, context) {
    const loaded = loadedSpecifier(node, context);
    if (loaded && classifySpecifier(loaded.specifier, context.semantics.sdkModule) === 'builtin') {
      context.report(loaded.node, 'builtin', { specifier: loaded.specifier });
    }
  },
};
