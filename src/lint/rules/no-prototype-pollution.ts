import { reflectiveCall } from '../semantics.js';
import type { Rule, RuleContext, ts } from '../types.js';

const WRITERS = new Set(['defineProperty', 'defineProperties', 'assign', 'setPrototypeOf', 'set', '__defineGetter__', '__defineSetter__']);

/** Host functions known to only read the objects given to them, by owner. */
const READ_ONLY: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['Object', new Set(['getOwnPropertyNames', 'getOwnPropertySymbols', 'getOwnPropertyDescriptor', 'getOwnPropertyDescriptors', 'getPrototypeOf', 'keys', 'values', 'entries', 'isFrozen', 'isSealed', 'isExtensible', 'is', 'create', 'hasOwn'])],
  ['Reflect', new Set(['ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'has', 'isExtensible', 'get'])],
  ['Array', new Set(['isArray'])],
  ['JSON', new Set(['stringify'])],
  ['console', new Set(['log', 'info', 'warn', 'error', 'debug', 'dir', 'table'])],
]);
/** Host functions called on their own that only read their arguments. */
const READ_ONLY_FUNCTIONS = new Set(['String', 'Boolean', 'isNaN', 'isFinite']);
/** Methods of built-in prototypes that only read their receiver: Object.prototype.hasOwnProperty.call(proto, k). */
const READ_ONLY_METHODS = new Set(['hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toString', 'toLocaleString', 'valueOf']);
/** Methods that change the object they are called on (Array.prototype is an array, and __define*__ define properties). */
const MUTATING_METHODS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', '__defineGetter__', '__defineSetter__']);
const MAX_DEPTH = 4;

/**
 * Writes to the prototypes of built-ins change every object of the host realm (or of the
 * sandbox, for every other plugin in it): `Object.prototype.x = ...`, `[].__proto__.push = ...`.
 * A method added to the plugin's own class (`Shape.prototype.area = ...`) is fine.
 */
export const noPrototypePollution: Rule = {
  meta: {
    id: 'no-prototype-pollution',
    category: 'security',
    defaultSeverity: 'error',
    description: 'Forbids changing the prototypes of built-ins (Object.prototype.x = ..., __proto__ writes)',
    docs: `Changing Object.prototype, Array.prototype or any built-in prototype changes every object that
shares it: other plugins, the host, and the checks the host relies on. Reported: assignments,
compound assignments and delete on X.prototype.* or X.prototype itself where X is a host global,
on anything.__proto__, on Object.getPrototypeOf(...).* and on x.constructor.prototype.*, and
Object.defineProperty / defineProperties / assign / setPrototypeOf and Reflect.set /
defineProperty / setPrototypeOf whose target is such a prototype.

A built-in prototype handed to a function is reported unless the function is known to leave it
alone (function pollute(t) { t.x = 1 } pollute(Object.prototype)): host functions that only
read (Object.getPrototypeOf / getOwnPropertyNames / keys / getOwnPropertyDescriptor(s) /
isFrozen / is / create, Reflect.ownKeys / getPrototypeOf / has, console.log, String, and
Object.prototype.hasOwnProperty.call(proto, k) and the like) are not reported, nor are
functions of the plugin whose parameter is only read (t.x, t.m(), typeof t, t === u, k in t,
or handed on to such a function). Any write through the parameter (t.x = 1, t[k] = v,
delete t.x, ++t.n, t.push(...)), or letting it escape (returning it, storing it, aliasing it,
passing it to a function that cannot be seen) counts as a change: the rule cannot follow the
object from there, so it reports the call instead of missing the write. Your own class's
prototype (Shape.prototype.area = ..., helper(Shape.prototype)) is not reported.

Fix: use a helper function or a subclass instead of patching built-ins.`,
    messages: {
      write: 'this changes the prototype of the built-in {name}, which every object shares',
      proto: 'writing through __proto__ changes a shared prototype',
      call: '{name} on a built-in prototype changes every object that shares it',
      pass: 'the built-in prototype {name} is handed to a function that may change it, and every object shares it',
    },
  },
  kinds: ['BinaryExpression', 'DeleteExpression', 'PrefixUnaryExpression', 'PostfixUnaryExpression', 'CallExpression'],
  check(node, context) {
    const { ts, semantics } = context;
    let target: ts.Expression | undefined;
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (op < ts.SyntaxKind.FirstAssignment || op > ts.SyntaxKind.LastAssignment) return;
      target = node.left;
    } else if (ts.isDeleteExpression(node)) {
      target = node.expression;
    } else if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) {
      if (node.operator !== ts.SyntaxKind.PlusPlusToken && node.operator !== ts.SyntaxKind.MinusMinusToken) return;
      target = node.operand;
    } else if (ts.isCallExpression(node)) {
      const call = reflectiveCall(ts, semantics, node, WRITERS);
      if (call?.target && builtinPrototype(call.target, context, 0)) {
        context.report(node, 'call', { name: `${call.owner}.${call.method}` });
        return;
      }
      // pollute(Object.prototype): a prototype handed to a function that may write to it.
      for (const [index, arg] of node.arguments.entries()) {
        if (ts.isSpreadElement(arg)) break;
        const proto = builtinPrototype(arg, context, 0);
        if (proto && !callLeavesArgumentAlone(node, index, context, 0)) {
          context.report(arg, 'pass', { name: proto === '__proto__' || proto.includes('(') || proto.includes('.') ? proto : `${proto}.prototype` });
        }
      }
      return;
    }
    if (!target) return;
    target = semantics.skipOuter(target);
    if (!ts.isPropertyAccessExpression(target) && !ts.isElementAccessExpression(target)) return;
    const key = memberName(target, context);
    if (key === '__proto__') {
      context.report(node, 'proto');
      return;
    }
    // `X.prototype = ...` where X is a host global.
    if (key === 'prototype') {
      const owner = semantics.globalNameOf(target.expression, { followAliases: true });
      if (owner) context.report(node, 'write', { name: owner });
      return;
    }
    const proto = builtinPrototype(target.expression, context, 0);
    if (proto) context.report(node, proto === '__proto__' ? 'proto' : 'write', { name: proto });
  },
};

function memberName(node: ts.PropertyAccessExpression | ts.ElementAccessExpression, context: RuleContext): string | undefined {
  const { ts, semantics } = context;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  const keys = semantics.constantStrings(node.argumentExpression);
  return keys?.length === 1 ? keys[0] : undefined;
}

/** The name of the built-in whose prototype `e` is, `__proto__` for a prototype reached that way, else undefined. */
function builtinPrototype(expression: ts.Expression, context: RuleContext, depth: number): string | undefined {
  const { ts, semantics } = context;
  if (depth > 4) return undefined;
  const e = semantics.skipOuter(expression);
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const key = memberName(e, context);
    if (key === '__proto__') return '__proto__';
    if (key === 'prototype') {
      const owner = semantics.skipOuter(e.expression);
      const name = semantics.globalNameOf(owner, { followAliases: true });
      if (name) return name;
      // `x.constructor.prototype`: the prototype of whatever built x (a built-in, for literals).
      if ((ts.isPropertyAccessExpression(owner) && owner.name.text === 'constructor') || (ts.isElementAccessExpression(owner) && memberName(owner, context) === 'constructor')) {
        return 'constructor.prototype';
      }
    }
    return undefined;
  }
  if (ts.isCallExpression(e)) {
    const callee = semantics.skipOuter(e.expression);
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'getPrototypeOf') {
      const owner = semantics.globalNameOf(callee.expression, { followAliases: true });
      if (owner === 'Object' || owner === 'Reflect') return 'getPrototypeOf(...)';
    }
  }
  if (ts.isIdentifier(e)) {
    // const p = Object.prototype; p.x = 1
    const symbol = context.checker.getSymbolAtLocation(e);
    const decl = symbol?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0) {
      return builtinPrototype(decl.initializer, context, depth + 1);
    }
  }
  return undefined;
}

type FunctionLike = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

/** True when the call is known not to change its argument at `index` (see the docs of the rule). */
function callLeavesArgumentAlone(call: ts.CallExpression, index: number, context: RuleContext, depth: number): boolean {
  const { ts, semantics } = context;
  if (depth > MAX_DEPTH) return false;
  let callee = semantics.skipOuter(call.expression);
  let argIndex = index;
  // f.call(thisArg, a, b): the arguments move one place; thisArg is the receiver of f.
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'call') {
    const fn = semantics.skipOuter(callee.expression);
    if (index === 0) {
      // Object.prototype.hasOwnProperty.call(proto, k): a built-in method that only reads its receiver.
      return ts.isPropertyAccessExpression(fn) && READ_ONLY_METHODS.has(fn.name.text) && builtinPrototype(fn.expression, context, 0) !== undefined;
    }
    callee = fn;
    argIndex = index - 1;
  }
  if (ts.isPropertyAccessExpression(callee)) {
    const owner = semantics.globalNameOf(callee.expression, { followAliases: true });
    if (owner !== undefined && READ_ONLY.get(owner)?.has(callee.name.text)) return true;
  } else if (ts.isIdentifier(callee)) {
    const name = semantics.globalNameOf(callee, { followAliases: true });
    if (name !== undefined && READ_ONLY_FUNCTIONS.has(name)) return true;
  }
  const fn = localFunction(callee, context);
  return fn !== undefined && parameterOnlyRead(fn, argIndex, context, depth);
}

/** The function of the plugin a callee names (a declaration, a const arrow or function, an object method), with a body. */
function localFunction(callee: ts.Expression, context: RuleContext): FunctionLike | undefined {
  const { ts, checker } = context;
  if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee)) return undefined;
  let symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(callee) ? callee.name : callee);
  if (symbol && (symbol.flags & ts.SymbolFlags.Alias) !== 0) symbol = checker.getAliasedSymbol(symbol);
  // Only a declaration of its own: an overloaded or merged name could run something else.
  const decls = symbol?.declarations;
  if (!decls || decls.length !== 1) return undefined;
  let decl: ts.Node = decls[0]!;
  if (decl.getSourceFile().isDeclarationFile) return undefined;
  if (ts.isVariableDeclaration(decl)) {
    if (!ts.isVariableDeclarationList(decl.parent) || (decl.parent.flags & ts.NodeFlags.Const) === 0 || !decl.initializer) return undefined;
    decl = context.semantics.skipOuter(decl.initializer);
  } else if (ts.isPropertyAssignment(decl)) {
    decl = context.semantics.skipOuter(decl.initializer);
  }
  if ((ts.isFunctionDeclaration(decl) || ts.isFunctionExpression(decl) || ts.isArrowFunction(decl) || ts.isMethodDeclaration(decl)) && decl.body) return decl;
  return undefined;
}

/** True when the function's parameter at `index` is only read in its body. */
function parameterOnlyRead(fn: FunctionLike, index: number, context: RuleContext, depth: number): boolean {
  const { ts, checker } = context;
  const body = fn.body;
  if (!body) return false;
  const param = fn.parameters[index];
  if (!param) {
    // An argument without a parameter is still reachable through `arguments`.
    let usesArguments = false;
    const find = (n: ts.Node): void => {
      if (usesArguments) return;
      if (ts.isIdentifier(n) && n.text === 'arguments') usesArguments = true;
      else ts.forEachChild(n, find);
    };
    find(body);
    return !usesArguments;
  }
  if (param.dotDotDotToken || !ts.isIdentifier(param.name)) return false;
  const symbol = checker.getSymbolAtLocation(param.name);
  if (!symbol) return false;
  let onlyRead = true;
  const visit = (n: ts.Node): void => {
    if (!onlyRead) return;
    // { t } hands the parameter out under a property of the same name.
    const used = ts.isIdentifier(n) && n.parent && ts.isShorthandPropertyAssignment(n.parent) && n.parent.name === n
      ? checker.getShorthandAssignmentValueSymbol(n.parent) === symbol
      : ts.isIdentifier(n) && n !== param.name && checker.getSymbolAtLocation(n) === symbol;
    if (used && ts.isIdentifier(n) && !isReadOnlyUse(n, context, depth)) {
      onlyRead = false;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(body);
  return onlyRead;
}

/** A use of a parameter that leaves the object alone: reading a property, calling a non-mutating method, comparing, handing it to a function that only reads. */
function isReadOnlyUse(id: ts.Identifier, context: RuleContext, depth: number): boolean {
  const { ts } = context;
  // Through parentheses, casts and non-null assertions.
  let use: ts.Expression = id;
  while (use.parent && (ts.isParenthesizedExpression(use.parent) || ts.isAsExpression(use.parent) || ts.isTypeAssertionExpression(use.parent) || ts.isNonNullExpression(use.parent) || ts.isSatisfiesExpression(use.parent))) {
    use = use.parent;
  }
  const parent = use.parent;
  if (!parent) return false;
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === use) {
    if (isWriteTarget(parent, context)) return false;
    const outer = parent.parent;
    if (outer && ts.isCallExpression(outer) && outer.expression === parent) {
      // t.push(x) changes Array.prototype; t[k]() could be anything.
      if (ts.isElementAccessExpression(parent)) return false;
      return !MUTATING_METHODS.has(parent.name.text);
    }
    return true;
  }
  if (ts.isCallExpression(parent)) {
    const index = parent.arguments.indexOf(use);
    return index >= 0 && callLeavesArgumentAlone(parent, index, context, depth + 1);
  }
  if (ts.isTypeOfExpression(parent) || ts.isTemplateSpan(parent)) return true;
  if (ts.isBinaryExpression(parent)) {
    const op = parent.operatorToken.kind;
    const K = ts.SyntaxKind;
    if (op === K.EqualsEqualsEqualsToken || op === K.ExclamationEqualsEqualsToken || op === K.EqualsEqualsToken || op === K.ExclamationEqualsToken || op === K.InstanceOfKeyword) return true;
    if (op === K.InKeyword) return parent.right === use;
  }
  return false;
}

/** True when a property access is assigned to, deleted or incremented. */
function isWriteTarget(access: ts.Expression, context: RuleContext): boolean {
  const { ts } = context;
  let node: ts.Node = access;
  while (node.parent && (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isNonNullExpression(node.parent) || ts.isTypeAssertionExpression(node.parent))) node = node.parent;
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isBinaryExpression(parent)) {
    const op = parent.operatorToken.kind;
    return parent.left === node && op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment;
  }
  if (ts.isDeleteExpression(parent)) return true;
  if (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) {
    return parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken;
  }
  if (ts.isForInStatement(parent) || ts.isForOfStatement(parent)) return parent.initializer === node;
  // [t.x] = ..., ({ a: t.x } = ...): a target of a destructuring assignment (of a loop too).
  let literal: ts.Node = parent;
  if (ts.isPropertyAssignment(literal) && literal.initializer === node) literal = literal.parent;
  else if (ts.isSpreadElement(literal) || ts.isSpreadAssignment(literal)) literal = literal.parent;
  while (ts.isArrayLiteralExpression(literal) || ts.isObjectLiteralExpression(literal)) {
    const up = literal.parent;
    if (!up) return false;
    if (ts.isBinaryExpression(up)) return up.left === literal && up.operatorToken.kind === ts.SyntaxKind.EqualsToken;
    if (ts.isForInStatement(up) || ts.isForOfStatement(up)) return up.initializer === literal;
    if (ts.isArrayLiteralExpression(up) || ts.isSpreadElement(up)) literal = ts.isSpreadElement(up) ? up.parent : up;
    else if ((ts.isPropertyAssignment(up) && up.initializer === literal) || ts.isSpreadAssignment(up)) literal = up.parent;
    else if (ts.isParenthesizedExpression(up)) literal = up;
    else return false;
  }
  if (ts.isParenthesizedExpression(literal)) return isWriteTarget(literal as ts.Expression, context);
  return false;
}
