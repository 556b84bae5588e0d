import { patternSourceGlobal, propertyNameStrings, reflectiveCall, reflectiveKeys } from '../semantics.js';
import type { Rule, RuleContext, ts } from '../types.js';

const KEY = 'prepareStackTrace';
/** Reflective calls that read or write a named property of their target. */
const REFLECTIVE = new Set(['defineProperty', 'defineProperties', 'assign', 'set', 'get', 'getOwnPropertyDescriptor', 'deleteProperty']);
/** Of those, the ones that write: with keys the rule cannot tell, they may set prepareStackTrace. */
const WRITERS = new Set(['defineProperty', 'defineProperties', 'assign', 'set', 'deleteProperty']);

/** `Error.prepareStackTrace` hands out structured call sites: a classic sandbox escape. */
export const noPrepareStackTrace: Rule = {
  meta: {
    id: 'no-prepare-stack-trace',
    category: 'security',
    defaultSeverity: 'error',
    description: 'Forbids reading or setting Error.prepareStackTrace',
    docs: `V8 calls Error.prepareStackTrace with structured call sites, which expose the functions and
receivers of the host's frames: a well-known way out of a sandbox. Reported on Error and the
other host error constructors (TypeError, ...), reached directly, through globalThis.Error or
through an alias (const E = Error):
- reading or setting it: Error.prepareStackTrace, E['prepareStackTrace'] = ...;
- destructuring it: const { prepareStackTrace } = Error;
- reflective calls: Reflect.set / get / defineProperty / getOwnPropertyDescriptor /
  deleteProperty(Error, 'prepareStackTrace', ...), Object.defineProperty(Error,
  'prepareStackTrace', ...), Object.defineProperties(Error, { prepareStackTrace: ... }) and
  Object.assign(Error, { prepareStackTrace }); a write to an error constructor whose keys
  cannot be told (Object.assign(Error, options)) is reported too.
A property of your own object with that name (const o = { prepareStackTrace: 1 },
Object.defineProperty(myObj, 'prepareStackTrace', ...)) is not.

Fix: use error.stack as a string if you need it.`,
    messages: { prepare: 'Error.prepareStackTrace exposes the host stack frames; use error.stack' },
  },
  kinds: ['PropertyAccessExpression', 'ElementAccessExpression', 'CallExpression', 'ObjectBindingPattern', 'BinaryExpression'],
  check(node, context) {
    const { ts, semantics } = context;
    if (ts.isPropertyAccessExpression(node)) {
      if (node.name.text === KEY && isErrorConstructor(node.expression, context)) context.report(node, 'prepare');
    } else if (ts.isElementAccessExpression(node)) {
      if (semantics.constantStrings(node.argumentExpression)?.includes(KEY) && isErrorConstructor(node.expression, context)) context.report(node, 'prepare');
    } else if (ts.isCallExpression(node)) {
      // Reflect.set(Error, 'prepareStackTrace', f), Object.assign(Error, { prepareStackTrace: f }), ...
      const call = reflectiveCall(ts, semantics, node, REFLECTIVE);
      if (!call?.target || !isErrorConstructor(call.target, context)) return;
      const keys = reflectiveKeys(ts, semantics, node, call);
      if (keys ? keys.includes(KEY) : WRITERS.has(call.method)) context.report(node, 'prepare');
    } else if (ts.isObjectBindingPattern(node)) {
      // const { prepareStackTrace } = Error
      const source = patternSourceGlobal(ts, semantics, node);
      if (source === undefined || !isErrorName(source)) return;
      for (const element of node.elements) {
        if (element.dotDotDotToken) continue; // a rest copies own enumerable properties; prepareStackTrace is not one until set
        if (takesKey(propertyNameStrings(ts, semantics, element.propertyName ?? element.name))) context.report(element, 'prepare');
      }
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      // ({ prepareStackTrace: p } = Error)
      const left = semantics.skipOuter(node.left);
      if (!ts.isObjectLiteralExpression(left) || !isErrorConstructor(node.right, context)) return;
      for (const property of left.properties) {
        if (ts.isSpreadAssignment(property)) continue;
        if (takesKey(propertyNameStrings(ts, semantics, property.name))) context.report(property, 'prepare');
      }
    }
  },
};

/** A key that is or may be prepareStackTrace (a computed key the compiler cannot tell counts). */
function takesKey(keys: string[] | undefined): boolean {
  return keys === undefined || keys.includes(KEY);
}

function isErrorName(name: string): boolean {
  return /Error$/.test(name);
}

/** Error or another host error constructor, however reached: globalThis.Error, const E = Error, Error as any. */
function isErrorConstructor(expression: ts.Expression, context: RuleContext): boolean {
  const name = context.semantics.globalNameOf(expression, { followAliases: true });
  return name !== undefined && isErrorName(name);
}
