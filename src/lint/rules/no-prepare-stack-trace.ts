import { argumentSites, objectLiteralMember, patternSourceGlobal, propertyNameStrings, reflectiveCall, reflectiveKeys, siteMayChange, type FlowPolicy } from '../semantics.js';
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
- an object literal holding it: const errs = { E: Error }; errs.E.prepareStackTrace = ...;
- handing it to a function of the plugin (a function declaration, a const function or arrow, an
  object method) that reads or sets prepareStackTrace on the parameter, in its body or in a
  parameter default, or lets it escape (returns, stores or aliases it, passes it on to a function
  that does, uses \`arguments\`, takes a method result that may be the constructor itself), or
  to a function the rule cannot tell (a parameter, a reassigned let, an object method assigned
  elsewhere): function setIt(E) { E.prepareStackTrace = f } setIt(Error). Host functions given
  Error (console.log(Error), new Map([[Error, 1]])) and functions that only read other members
  (E.name, new E(msg), e instanceof E) are not reported.
A property of your own object with that name (const o = { prepareStackTrace: 1 },
Object.defineProperty(myObj, 'prepareStackTrace', ...)) is not.

Fix: use error.stack as a string if you need it.`,
    messages: {
      prepare: 'Error.prepareStackTrace exposes the host stack frames; use error.stack',
      pass: 'an error constructor is handed to a function of the plugin that may set or read its prepareStackTrace (or let it escape), which exposes the host stack frames; use error.stack',
    },
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
      if (reflectiveChange(node, 0, context)) {
        context.report(node, 'prepare');
        return;
      }
      // setIt(Error): an error constructor handed to a function of the plugin that may reach the property.
      const policy = flowPolicy(context);
      for (const site of argumentSites(context, node)) {
        if (isErrorConstructor(site.argument, context) && siteMayChange(context, policy, node, site)) context.report(site.argument, 'pass');
      }
    } else if (ts.isObjectBindingPattern(node)) {
      // const { prepareStackTrace } = Error
      const source = patternSourceGlobal(ts, semantics, node);
      const holder = node.parent;
      const fromError = source !== undefined ? isErrorName(source) : ts.isVariableDeclaration(holder) && holder.initializer !== undefined && isErrorConstructor(holder.initializer, context);
      if (!fromError) return;
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

/** Error or another host error constructor, however reached: globalThis.Error, const E = Error, Error as any, errs.E of const errs = { E: Error }. */
function isErrorConstructor(expression: ts.Expression, context: RuleContext, depth = 0): boolean {
  const { ts, checker, semantics } = context;
  const name = semantics.globalNameOf(expression, { followAliases: true });
  if (name !== undefined) return isErrorName(name);
  if (depth > 4) return false;
  const member = objectLiteralMember(ts, checker, semantics, expression);
  if (member) return isErrorConstructor(member, context, depth + 1);
  // const E = errs.E
  const e = semantics.skipOuter(expression);
  if (ts.isIdentifier(e)) {
    const decl = checker.getSymbolAtLocation(e)?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0) {
      return isErrorConstructor(decl.initializer, context, depth + 1);
    }
  }
  return false;
}

/** A reflective call that reads or writes prepareStackTrace of its argument at `index` (the target), when that is an error constructor or `index` is given for a followed parameter. */
function reflectiveChange(node: ts.CallExpression, index: number, context: RuleContext, followed = false): boolean {
  const { ts, semantics } = context;
  if (index !== 0) return false;
  const call = reflectiveCall(ts, semantics, node, REFLECTIVE, context.checker);
  if (!call?.target || (!followed && !isErrorConstructor(call.target, context))) return false;
  const keys = reflectiveKeys(ts, semantics, node, call);
  return keys ? keys.includes(KEY) : WRITERS.has(call.method);
}

/** What counts as reaching prepareStackTrace of an error constructor inside a function of the plugin. */
function flowPolicy(context: RuleContext): FlowPolicy {
  const { ts, semantics } = context;
  return {
    accessChanges: (access) => {
      if (ts.isPropertyAccessExpression(access)) return access.name.text === KEY;
      return takesKey(semantics.constantStrings(access.argumentExpression));
    },
    followedKeys: new Set(),
    mutatingMethods: new Set(),
    hostCallChanges: (call, index) => reflectiveChange(call, index, context, true),
  };
}
