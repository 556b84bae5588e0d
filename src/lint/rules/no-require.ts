import type { Rule } from '../types.js';

const REQUIRE_MEMBERS = new Set(['require', 'constructor', 'createRequire']);

/** CommonJS loading in every shape: it reaches any module of the host, built-ins included. */
export const noRequire: Rule = {
  meta: {
    id: 'no-require',
    category: 'security',
    defaultSeverity: 'error',
    description: 'Forbids require in every shape: require(), module.require, createRequire, import x = require()',
    docs: `require loads any module the host can, Node built-ins included, at run time and from computed
names the lint cannot follow. Reported: require('x'), require.resolve, an alias of require,
globalThis.require, module.require, module.constructor (Module._load), createRequire from
'module' / 'node:module', and TypeScript's import x = require('x'). A local function or
parameter named require is yours and is not reported.

Fix: import the SDK with a static import: import { definePlugin } from 'svgx-plugins'; local
helpers with import { x } from './helper.js'.`,
    messages: {
      require: 'require loads host modules at run time; use a static import of the SDK or a local file',
      moduleRequire: 'module.{name} loads host modules at run time',
      createRequire: 'createRequire builds a require function that loads host modules',
      importEquals: "import x = require('{specifier}') loads a module with CommonJS require",
    },
  },
  globals: ['require', 'module', '__non_webpack_require__'],
  checkGlobal(reference, context) {
    const { ts, semantics } = context;
    const node = reference.node;
    const parent = node.parent;
    if (parent && ts.isTypeOfExpression(parent)) return;
    if (reference.name === 'module') {
      if (parent && ts.isPropertyAccessExpression(parent) && parent.expression === node && REQUIRE_MEMBERS.has(parent.name.text)) {
        context.report(parent, 'moduleRequire', { name: parent.name.text });
      } else if (parent && ts.isElementAccessExpression(parent) && parent.expression === node) {
        const keys = semantics.constantStrings(parent.argumentExpression);
        if (!keys || keys.some((k) => REQUIRE_MEMBERS.has(k))) context.report(parent, 'moduleRequire', { name: keys?.join('|') ?? '[computed]' });
      }
      return;
    }
    context.report(node, 'require');
  },
  kinds: ['ImportEqualsDeclaration', 'Identifier'],
  check(node, context) {
    const { ts, semantics } = context;
    if (ts.isImportEqualsDeclaration(node)) {
      if (!ts.isExternalModuleReference(node.moduleReference) || node.isTypeOnly) return;
      const spec = semantics.moduleSpecifierOf(node);
      context.report(node, 'importEquals', { specifier: spec?.specifier ?? '?' });
      return;
    }
    // `import { createRequire } from 'node:module'` (also renamed): reported at the import, which
    // every use needs; `import * as m from 'module'` is no-node-builtins' finding.
    if (ts.isIdentifier(node) && node.text === 'createRequire') {
      const parent = node.parent;
      if (parent && ts.isImportSpecifier(parent)) {
        const decl = parent.parent.parent.parent;
        const spec = semantics.moduleSpecifierOf(decl);
        if (spec?.specifier === 'module' || spec?.specifier === 'node:module') context.report(parent, 'createRequire');
      }
    }
  },
};
