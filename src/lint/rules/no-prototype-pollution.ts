import { argumentSites, isWriteTarget, objectLiteralMember, reflectiveCall, siteMayChange, type FlowPolicy } from '../semantics.js';
import type { Rule, RuleContext, ts } from '../types.js';

const WRITERS = new Set(['defineProperty', 'defineProperties', 'assign', 'setPrototypeOf', 'set', '__defineGetter__', '__defineSetter__']);
/** Methods that change the object they are called on (Array.prototype is an array, and __define*__ define properties). */
const MUTATING_METHODS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', '__defineGetter__', '__defineSetter__']);
/** Members whose value is a prototype again: `t.constructor.prototype`, `t.__proto__`. */
const FOLLOWED_KEYS = new Set(['constructor', 'prototype', '__proto__']);
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
on anything.__proto__, on Object.getPrototypeOf(...).* and on x.constructor.prototype.* (the
prototype of an object the rule cannot see may be a built-in one), and Object.defineProperty /
defineProperties / assign / setPrototypeOf and Reflect.set / defineProperty / setPrototypeOf whose
target is such a prototype.

A built-in prototype (X.prototype of a host global, anything.__proto__, Object.getPrototypeOf of
a literal like {} or [], or a const holding one) handed to a function of the plugin is reported
when that function may change it: a function declaration, a const function or arrow, or an
object or class method that writes through the parameter (t.x = 1, t[k] = v, delete t.x, ++t.n,
[t.x] = ..., t.push(...), Object.defineProperty(t, ...)), in its body or in a parameter default;
lets it escape (returns it, stores or aliases it, hands it to a function that does); or
touches it in ways the rule cannot follow (a method result that may be the object itself, like
t.valueOf(), a callback given to one of its methods, \`arguments\`). A function the rule cannot
tell is counted as one that changes it: a parameter, a let or var that is reassigned, an object
method assigned elsewhere (helpers.touch = ...). pollute.call / apply / bind and Reflect.apply
are followed too.

Functions the plugin does not define are not reported, whatever they are given: Map#get,
Array#includes, Object.getOwnPropertyNames, console.log, Object.setPrototypeOf(List.prototype,
Array.prototype) (Array.prototype is the value set, not the object changed), and neither are
functions of the plugin that only read the parameter (p.constructor.name, k in p, p === q).
Your own class's prototype (Shape.prototype.area = ..., helper(Shape.prototype)) is not
reported, nor is Object.getPrototypeOf(v) of an arbitrary v handed to a function.

Fix: use a helper function or a subclass instead of patching built-ins.`,
    messages: {
      write: 'this changes the prototype of the built-in {name}, which every object shares',
      proto: 'writing through __proto__ changes a shared prototype',
      reached: 'this changes the prototype {name} returns, which can be a built-in prototype that every object shares',
      call: '{name} on a built-in prototype changes every object that shares it',
      callReached: '{name} changes the prototype {target} returns, which can be a built-in prototype that every object shares',
      pass: 'the built-in prototype {name} is handed to a function of the plugin that may change it or let it escape, and every object shares it',
      passProto: 'a prototype reached through __proto__ is handed to a function of the plugin that may change it or let it escape, and it can be a built-in prototype that every object shares',
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
      const call = reflectiveCall(ts, semantics, node, WRITERS, context.checker);
      const changed = call?.target ? prototypeOf(call.target, context, 0) : undefined;
      if (call && changed) {
        const name = `${call.owner}.${call.method}`;
        if (changed.kind === 'reached') context.report(node, 'callReached', { name, target: changed.name });
        else context.report(node, 'call', { name });
        return;
      }
      // pollute(Object.prototype): a built-in prototype handed to a function of the plugin that may change it.
      const policy = flowPolicy(context);
      for (const site of argumentSites(context, node)) {
        const proto = prototypeOf(site.argument, context, 0);
        if (!proto || proto.kind === 'reached') continue;
        if (!siteMayChange(context, policy, node, site)) continue;
        if (proto.kind === 'proto') context.report(site.argument, 'passProto');
        else context.report(site.argument, 'pass', { name: `${proto.name}.prototype` });
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
    const proto = prototypeOf(target.expression, context, 0);
    if (proto) context.report(node, proto.kind, { name: proto.name });
  },
};

function memberName(node: ts.PropertyAccessExpression | ts.ElementAccessExpression, context: RuleContext): string | undefined {
  const { ts, semantics } = context;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  const keys = semantics.constantStrings(node.argumentExpression);
  return keys?.length === 1 ? keys[0] : undefined;
}

/**
 * What prototype an expression is: `write` (a built-in's) for X.prototype of a host global (Object.prototype,
 * Array.prototype, and Object.getPrototypeOf / x.constructor.prototype of a literal or of a
 * `new X()` of a host X), with X as name; `proto` for anything.__proto__; `reached` for a
 * prototype the rule cannot tell (Object.getPrototypeOf(v), v.constructor.prototype of any v),
 * which counts as a write target but not as a built-in prototype handed to a function.
 */
interface Prototype {
  kind: 'write' | 'proto' | 'reached';
  name: string;
}

function prototypeOf(expression: ts.Expression, context: RuleContext, depth: number): Prototype | undefined {
  const { ts, semantics, checker } = context;
  if (depth > MAX_DEPTH) return undefined;
  const e = semantics.skipOuter(expression);
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const key = memberName(e, context);
    if (key === '__proto__') return { kind: 'proto', name: '__proto__' };
    if (key === 'prototype') {
      const owner = semantics.skipOuter(e.expression);
      const name = semantics.globalNameOf(owner, { followAliases: true });
      if (name) return { kind: 'write', name };
      // `x.constructor.prototype`: the prototype of whatever built x (a built-in, for literals).
      if ((ts.isPropertyAccessExpression(owner) || ts.isElementAccessExpression(owner)) && memberName(owner, context) === 'constructor') {
        const built = literalConstructor(owner.expression, context, depth + 1);
        return built ? { kind: 'write', name: built } : { kind: 'reached', name: 'x.constructor.prototype' };
      }
      return undefined;
    }
    // const protos = { o: Object.prototype }; protos.o
    const member = objectLiteralMember(ts, checker, semantics, e);
    return member ? prototypeOf(member, context, depth + 1) : undefined;
  }
  if (ts.isCallExpression(e)) {
    const callee = semantics.skipOuter(e.expression);
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'getPrototypeOf') {
      const owner = semantics.globalNameOf(callee.expression, { followAliases: true });
      if (owner === 'Object' || owner === 'Reflect') {
        const built = e.arguments[0] && literalConstructor(e.arguments[0], context, depth + 1);
        return built ? { kind: 'write', name: built } : { kind: 'reached', name: `${owner}.getPrototypeOf(...)` };
      }
    }
    return undefined;
  }
  if (ts.isIdentifier(e)) {
    // const p = Object.prototype; p.x = 1
    const symbol = checker.getSymbolAtLocation(e);
    const decl = symbol?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0) {
      return prototypeOf(decl.initializer, context, depth + 1);
    }
  }
  return undefined;
}

/** The host constructor that built a value the rule can see: {} Object, [] Array, 'a' String, /a/ RegExp, new Map() Map, Array.prototype Object. */
function literalConstructor(expression: ts.Expression, context: RuleContext, depth: number): string | undefined {
  const { ts, semantics, checker } = context;
  if (depth > MAX_DEPTH) return undefined;
  const e = semantics.skipOuter(expression);
  if (ts.isObjectLiteralExpression(e)) return 'Object';
  if (ts.isArrayLiteralExpression(e)) return 'Array';
  if (ts.isStringLiteralLike(e) || ts.isTemplateExpression(e)) return 'String';
  if (ts.isNumericLiteral(e)) return 'Number';
  if (ts.isBigIntLiteral(e)) return 'BigInt';
  if (ts.isRegularExpressionLiteral(e)) return 'RegExp';
  if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword) return 'Boolean';
  if (ts.isFunctionExpression(e) || ts.isArrowFunction(e)) return 'Function';
  if (ts.isNewExpression(e)) return semantics.globalNameOf(e.expression, { followAliases: true });
  const proto = prototypeOf(e, context, depth + 1);
  if (proto?.kind === 'write' && proto.name !== 'Object') return 'Object';
  if (ts.isIdentifier(e)) {
    const decl = checker.getSymbolAtLocation(e)?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0) {
      return literalConstructor(decl.initializer, context, depth + 1);
    }
  }
  return undefined;
}

/** What counts as changing a built-in prototype inside a function of the plugin. */
function flowPolicy(context: RuleContext): FlowPolicy {
  const { ts, semantics } = context;
  return {
    accessChanges: (access) => isWriteTarget(ts, access),
    followedKeys: FOLLOWED_KEYS,
    mutatingMethods: MUTATING_METHODS,
    hostCallChanges: (call, index) => index === 0 && reflectiveCall(ts, semantics, call, WRITERS, context.checker) !== undefined,
  };
}
