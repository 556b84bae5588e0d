import type { Rule } from '../types.js';

/** `import()` loads code at run time, from names the lint may not be able to follow. */
export const noDynamicImport: Rule = {
  meta: {
    id: 'no-dynamic-import',
    category: 'security',
    defaultSeverity: 'error',
    description: 'Forbids import() expressions: modules loaded at run time',
    docs: `import(x) loads a module at run time: a Node built-in, a package of the host or a data: URL
of code, from a name that may be computed. The sandbox cannot provide it and the lint cannot
follow a computed name. Every import() is reported, with the module name when it is constant.
import type and typeof import('x') in types are erased and not reported.

Fix: use a static import at the top of the file (the SDK or a local module).`,
    messages: {
      constant: "import('{specifier}') loads a module at run time; use a static import",
      computed: 'import() of a computed name loads unknown code at run time',
    },
  },
  kinds: ['CallExpression'],
  check(node, context) {
    const { ts, semantics } = context;
    if (!ts.isCallExpression(node) || node.expression.kind !== ts.SyntaxKind.ImportKeyword) return;
    const spec = semantics.moduleSpecifierOf(node);
    if (spec?.specifier !== undefined) context.report(node, 'constant', { specifier: spec.specifier });
    else context.report(node, 'computed');
  },
};
