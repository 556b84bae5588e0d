import type { Rule } from '../types.js';
import { SPECIFIER_KINDS, classifySpecifier, loadedSpecifier } from '../module-specifiers.js';

export const noExternalPackages: Rule = {
  meta: {
    id: 'no-external-packages',
    category: 'security',
    defaultSeverity: 'error',
    description: "Forbids importing any package but the SDK ('svgx-plugins'); local files are fine",
    docs: `A sandboxed plugin gets exactly one package, the SDK ('svgx-plugins'); any other package is
code that was not linted here and may reach what the plugin may not. Reported in imports,
re-exports (export * from 'lodash'), import x = require(), require() and import(). Relative
imports of the plugin's own files are fine (they are analysed too), and so are type-only imports.

Fix: copy the few functions you need into a local module of the plugin.`,
    messages: { package: "'{specifier}' is not the SDK: only 'svgx-plugins' and the plugin's own files can be imported" },
  },
  kinds: SPECIFIER_KINDS,
  check(node, context) {
    const loaded = loadedSpecifier(node, context);
    if (loaded && classifySpecifier(loaded.specifier, context.semantics.sdkModule) === 'package') {
      context.report(loaded.node, 'package', { specifier: loaded.specifier });
    }
  },
};
