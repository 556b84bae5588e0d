import { isEqualityOperator } from '../semantics.js';
import type { Rule, ts } from '../types.js';

/** Reading these of a constructor runs nothing: `x.constructor.name`, `fn.constructor.length`. */
const HARMLESS_CONSTRUCTOR_READS = new Set(['name', 'length']);

/**
 * `Function` builds code from strings like eval. Besides the global itself, every function value
 * carries it as `.constructor` (also the async and generator function constructors), so
 * `(() => {}).constructor('code')` and `[].constructor.constructor` are the same finding.
 */
export const noFunctionConstructor: Rule = {
  meta: {
    id: 'no-function-constructor',
    category: 'security',
    defaultSeverity: 'error',
    description: 'Forbids the Function constructor and constructor chains that reach it (async and generator too)',
    docs: `new Function('code'), Function('code') and the constructors reached from any function value,
((() => {}).constructor, [].constructor.constructor, Object.getPrototypeOf(async function () {})
.constructor) compile a string into code, like eval. The rule checks the type of what
.constructor is read from: a function, the Function type, or a prototype read with
getPrototypeOf/__proto__. Looking at a constructor is not reported: its name or length read
(this.constructor.name, fn.constructor.name === 'AsyncFunction') or a comparison
(Object.getPrototypeOf(e).constructor === Error), nor is x instanceof Function or
Function.prototype (whose .constructor is reported where it is read).

Fix: write the function in the plugin's source.`,
    messages: {
      global: 'the Function constructor compiles a string into code; write the function in the source',
      chain: '.constructor of a function is the Function constructor (compiles strings into code)',
    },
  },
  globals: ['Function'],
  checkGlobal(reference, context) {
    const { ts } = context;
    const node = reference.node;
    const parent = node.parent;
    // `x instanceof Function` only compares; `Function.prototype.call` is a harmless helper.
    if (parent && ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword && parent.right === node) return;
    // `Function.prototype` holds no way to compile code but its `.constructor`, which the chain
    // check reports where it is read (its type is Function): `Function.prototype.call`, a no-op.
    if (parent && ts.isPropertyAccessExpression(parent) && parent.name.text === 'prototype' && parent.expression === node) return;
    context.report(node, 'global');
  },
  kinds: ['PropertyAccessExpression', 'ElementAccessExpression', 'BindingElement', 'CallExpression'],
  check(node, context) {
    const { ts, checker, semantics } = context;
    let receiver: ts.Expression;
    if (ts.isBindingElement(node)) {
      // const { constructor: F } = () => {}
      const key = node.propertyName ?? node.name;
      const keys = ts.isIdentifier(key) || ts.isStringLiteral(key) ? [key.text] : ts.isComputedPropertyName(key) ? semantics.constantStrings(key.expression) : undefined;
      const declaration = node.parent.parent;
      if (!keys?.includes('constructor') || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return;
      const source = semantics.skipOuter(declaration.initializer);
      if (isPrototypeRead(ts, semantics, source) || isFunctionValue(ts, checker, source)) context.report(node, 'chain');
      return;
    }
    if (ts.isCallExpression(node)) {
      // Reflect.get(fn, 'constructor')
      const callee = semantics.skipOuter(node.expression);
      const [target, key] = node.arguments;
      if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'get' || !target || !key) return;
      if (semantics.globalNameOf(callee.expression, { followAliases: true }) !== 'Reflect') return;
      if (!semantics.constantStrings(key)?.includes('constructor')) return;
      const source = semantics.skipOuter(target);
      if (isPrototypeRead(ts, semantics, source) || isFunctionValue(ts, checker, source)) context.report(node, 'chain');
      return;
    }
    if (ts.isPropertyAccessExpression(node)) {
      if (node.name.text !== 'constructor') return;
      receiver = node.expression;
    } else if (ts.isElementAccessExpression(node)) {
      const keys = semantics.constantStrings(node.argumentExpression);
      if (!keys?.includes('constructor')) return;
      receiver = node.expression;
    } else {
      return;
    }
    const inner = semantics.skipOuter(receiver);
    if (inner.kind === ts.SyntaxKind.ThisKeyword) return; // `this.constructor.name`, `new this.constructor()`
    if (isHarmlessRead(ts, node)) return;
    if (isPrototypeRead(ts, semantics, inner) || isFunctionValue(ts, checker, inner)) {
      context.report(node, 'chain');
      return;
    }
    // An untyped receiver whose .constructor is then called or constructed.
    const type = checker.getTypeAtLocation(inner);
    if ((type.flags & ts.TypeFlags.Any) !== 0) {
      let outer: ts.Node = node;
      while (outer.parent && ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
      const p = outer.parent;
      if (p && (ts.isCallExpression(p) || ts.isNewExpression(p)) && p.expression === outer) context.report(node, 'chain');
    }
  },
};

/**
 * A `.constructor` only looked at: its name or length read (`fn.constructor.name ===
 * 'AsyncFunction'`), or compared (`Object.getPrototypeOf(e).constructor === Error`). Called,
 * constructed, stored or passed on, it is a way to compile code.
 */
function isHarmlessRead(tsApi: typeof ts, access: ts.Node): boolean {
  let outer: ts.Node = access;
  while (outer.parent && (tsApi.isParenthesizedExpression(outer.parent) || tsApi.isNonNullExpression(outer.parent) || tsApi.isAsExpression(outer.parent))) outer = outer.parent;
  const parent = outer.parent;
  if (!parent) return false;
  if (tsApi.isPropertyAccessExpression(parent) && parent.expression === outer) return HARMLESS_CONSTRUCTOR_READS.has(parent.name.text);
  return tsApi.isBinaryExpression(parent) && isEqualityOperator(tsApi, parent.operatorToken.kind);
}

function isPrototypeRead(tsApi: typeof ts, semantics: { skipOuter(e: ts.Expression): ts.Expression }, e: ts.Expression): boolean {
  if (tsApi.isPropertyAccessExpression(e) && e.name.text === '__proto__') return true;
  if (tsApi.isCallExpression(e)) {
    const callee = semantics.skipOuter(e.expression);
    return tsApi.isPropertyAccessExpression(callee) && callee.name.text === 'getPrototypeOf';
  }
  return false;
}

function isFunctionValue(tsApi: typeof ts, checker: ts.TypeChecker, e: ts.Expression): boolean {
  if (tsApi.isFunctionExpression(e) || tsApi.isArrowFunction(e) || tsApi.isClassExpression(e)) return true;
  const type = checker.getTypeAtLocation(e);
  if (type.getCallSignatures().length > 0) return true;
  const symbol = type.getSymbol();
  // `x.constructor` is typed `Function` (lib's Object.constructor), so a second `.constructor` lands here.
  return symbol !== undefined && (symbol.name === 'Function' || symbol.name === 'FunctionConstructor') && symbol.declarations?.every((d) => d.getSourceFile().isDeclarationFile) === true;
}
