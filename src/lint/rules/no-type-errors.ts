import type { Rule } from '../types.js';

/**
 * Type errors against the SDK's types. The findings come from the type-check pass (the native
 * TypeScript 7 compiler when installed, otherwise the checker of the run's ts-morph Project);
 * this module holds the rule's identity so it can be configured and suppressed like any other.
 */
export const noTypeErrors: Rule = {
  meta: {
    id: 'no-type-errors',
    category: 'types',
    defaultSeverity: 'error',
    description: "The plugin type-checks against the SDK (strict, ES2022, the sandbox's globals only)",
    docs: `Runs the TypeScript compiler over the plugin files with the plugin's own tsconfig.json (one in
the plugin folder), or strict defaults: target ES2022, lib ES2022 only, no @types, module
resolution as a bundler would. 'svgx-plugins' resolves to this package's own SDK types even when
the plugin folder has no node_modules, and the globals the sandbox installs for granted
permissions are declared (setTimeout, setInterval, setImmediate, clearTimeout, clearInterval for
timers; console for log). JavaScript plugins are parsed but not type-checked.

A name the compiler cannot find (process, fetch, document) is not in the sandbox either: the
security rules say why; fix the code rather than adding @types/node.`,
    messages: { diagnostic: '{message} (TS{code})' },
  },
};
