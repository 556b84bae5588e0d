/**
 * The symbol-aware questions every security rule asks: "is this the host's `eval`?", "is this
 * the global object?", "what string can this key be?". Answered with the type checker, so what
 * matters is the real global or module, not the spelling: a local `process` is not the host's,
 * `\u0065val` is `eval`, and `declare const process: any` still names the host global.
 */
import type { Semantics, TypeScript, ts } from './types.js';

/** Names under which JavaScript hosts expose the global object. */
export const GLOBAL_OBJECT_NAMES: ReadonlySet<string> = new Set(['globalThis', 'window', 'self', 'global', 'frames', 'parent', 'top']);

export const SDK_MODULE = 'svgx-plugins';

const MAX_ALIAS_DEPTH = 6;

export function createSemantics(tsApi: TypeScript, checker: ts.TypeChecker, aliasOf: Map<ts.Symbol, string>): Semantics {
  const ts = tsApi;
  const K = ts.SyntaxKind;

  function skipOuter(expression: ts.Expression): ts.Expression {
    let e = expression;
    for (;;) {
      if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isTypeAssertionExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e)) {
        e = e.expression;
      } else if (ts.isBinaryExpression(e) && e.operatorToken.kind === K.CommaToken) {
        // `(0, eval)(s)`: the comma operator yields its right operand (and makes the call indirect).
        e = e.right;
      } else {
        return e;
      }
    }
  }

  function isAmbientDeclaration(decl: ts.Node): boolean {
    const sf = decl.getSourceFile();
    // Ancestors only: `declare namespace Reflect` itself is a module declaration at the top of a lib file.
    for (let n: ts.Node | undefined = decl.parent; n && n !== sf; n = n.parent) {
      if (ts.isModuleDeclaration(n) && (n.flags & ts.NodeFlags.GlobalAugmentation) !== 0) return true;
      if (ts.isModuleDeclaration(n)) return false; // a namespace or `declare module 'x'`: not the global scope
    }
    if (sf.isDeclarationFile) return !ts.isExternalModule(sf);
    // `declare const process: any` at the top of a plugin: at run time the name is the host's.
    let statement: ts.Node = decl;
    if (ts.isVariableDeclaration(decl) && decl.parent && ts.isVariableDeclarationList(decl.parent)) statement = decl.parent.parent;
    if (statement.parent !== sf) return false;
    const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
    return modifiers?.some((m) => m.kind === K.DeclareKeyword) === true;
  }

  /** A symbol that stands for a host global: declared only by lib files, `declare global` or a top-level `declare`. */
  function isHostGlobalSymbol(symbol: ts.Symbol): boolean {
    if ((symbol.flags & ts.SymbolFlags.Alias) !== 0) return false;
    const decls = symbol.declarations;
    if (!decls || decls.length === 0) return true; // `globalThis` itself has no declaration
    return decls.every(isAmbientDeclaration);
  }

  function symbolOfIdentifier(id: ts.Identifier): ts.Symbol | undefined {
    const parent = id.parent;
    if (parent && ts.isShorthandPropertyAssignment(parent) && parent.name === id) return checker.getShorthandAssignmentValueSymbol(parent);
    return checker.getSymbolAtLocation(id);
  }

  function resolveAlias(symbol: ts.Symbol): ts.Symbol {
    if ((symbol.flags & ts.SymbolFlags.Alias) === 0) return symbol;
    try {
      return checker.getAliasedSymbol(symbol);
    } catch {
      return symbol;
    }
  }

  function globalNameOfIdentifier(id: ts.Identifier, follow: boolean, depth: number): string | undefined {
    const symbol = symbolOfIdentifier(id);
    // An unresolved name is looked up on the global object at run time.
    if (!symbol) return id.text;
    if (isHostGlobalSymbol(symbol)) return symbol.name;
    const target = resolveAlias(symbol);
    const known = aliasOf.get(target);
    if (known !== undefined) return known;
    if (!follow || depth >= MAX_ALIAS_DEPTH) return undefined;
    const decl = target.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isIdentifier(decl.name) && isConst(decl)) {
      return globalNameOfExpression(decl.initializer, true, depth + 1);
    }
    return undefined;
  }

  function isConst(decl: ts.VariableDeclaration): boolean {
    return ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0;
  }

  function globalNameOfExpression(expression: ts.Expression, follow: boolean, depth: number): string | undefined {
    const e = skipOuter(expression);
    if (ts.isIdentifier(e)) return globalNameOfIdentifier(e, follow, depth);
    if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.name)) {
      return isGlobalObjectAt(e.expression, depth) ? e.name.text : undefined;
    }
    if (ts.isElementAccessExpression(e) && isGlobalObjectAt(e.expression, depth)) {
      const keys = constantStrings(e.argumentExpression);
      return keys?.length === 1 ? keys[0] : undefined;
    }
    return undefined;
  }

  function isGlobalObjectAt(expression: ts.Expression, depth: number): boolean {
    if (depth >= MAX_ALIAS_DEPTH) return false;
    const e = skipOuter(expression);
    if (e.kind === K.ThisKeyword) return false;
    const name = globalNameOfExpression(e, true, depth + 1);
    return name !== undefined && GLOBAL_OBJECT_NAMES.has(name);
  }

  function constantStrings(expression: ts.Expression, depth = 0): string[] | undefined {
    const e = skipOuter(expression);
    if (ts.isStringLiteralLike(e)) return [e.text];
    if (ts.isNumericLiteral(e)) return [String(Number(e.text))];
    if (ts.isTemplateExpression(e)) {
      let results = [e.head.text];
      for (const span of e.templateSpans) {
        const parts = constantStrings(span.expression, depth + 1);
        if (!parts) return undefined;
        results = results.flatMap((r) => parts.map((p) => r + p + span.literal.text));
      }
      return results;
    }
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === K.PlusToken) {
      const left = constantStrings(e.left, depth + 1);
      const right = left && constantStrings(e.right, depth + 1);
      if (!left || !right || left.length * right.length > 64) return undefined;
      return left.flatMap((l) => right.map((r) => l + r));
    }
    if (ts.isConditionalExpression(e)) {
      const a = constantStrings(e.whenTrue, depth + 1);
      const b = a && constantStrings(e.whenFalse, depth + 1);
      return a && b ? [...a, ...b] : undefined;
    }
    if (ts.isIdentifier(e) && depth < MAX_ALIAS_DEPTH) {
      const symbol = checker.getSymbolAtLocation(e);
      const decl = symbol ? resolveAlias(symbol).valueDeclaration : undefined;
      if (decl && ts.isVariableDeclaration(decl) && decl.initializer && isConst(decl)) return constantStrings(decl.initializer, depth + 1);
    }
    // Last resort: the checker knows the literal type (`k: 'eval' | 'x'`).
    const type = checker.getTypeAtLocation(e);
    const members = type.isUnion() ? type.types : [type];
    const out: string[] = [];
    for (const member of members) {
      if (member.isStringLiteral()) out.push(member.value);
      else if (member.isNumberLiteral()) out.push(String(member.value));
      else return undefined;
    }
    return out.length > 0 ? out : undefined;
  }

  function moduleSpecifierOf(node: ts.Node): { specifier: string | undefined; node: ts.Node } | undefined {
    let specNode: ts.Expression | undefined;
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) specNode = node.moduleSpecifier;
    else if (ts.isImportEqualsDeclaration(node)) {
      if (!ts.isExternalModuleReference(node.moduleReference)) return undefined;
      specNode = node.moduleReference.expression;
    } else if (ts.isCallExpression(node)) specNode = node.arguments[0];
    else if (ts.isImportTypeNode(node)) return undefined;
    if (!specNode) return { specifier: undefined, node };
    const values = constantStrings(specNode);
    return { specifier: values?.length === 1 ? values[0] : undefined, node: specNode };
  }

  function isTypeOnlyImport(node: ts.Node): boolean {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      if (!clause) return false; // `import 'fs'` runs the module
      if (clause.isTypeOnly) return true;
      if (clause.name) return false;
      const bindings = clause.namedBindings;
      if (!bindings) return false;
      if (ts.isNamespaceImport(bindings)) return false;
      return bindings.elements.length > 0 && bindings.elements.every((s) => s.isTypeOnly);
    }
    if (ts.isExportDeclaration(node)) {
      if (node.isTypeOnly) return true;
      const clause = node.exportClause;
      return clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((s) => s.isTypeOnly);
    }
    if (ts.isImportEqualsDeclaration(node)) return node.isTypeOnly;
    return false;
  }

  return {
    globalNameOf: (expression, options) => globalNameOfExpression(expression, options?.followAliases === true, 0),
    isGlobalObject: (expression) => isGlobalObjectAt(expression, 0),
    constantStrings: (expression) => constantStrings(expression),
    skipOuter,
    moduleSpecifierOf,
    isTypeOnlyImport,
    sdkModule: SDK_MODULE,
    isJavaScript: (node) => /\.[cm]?jsx?$/.test(node.getSourceFile().fileName),
  };
}

/** True when `id` is read as a value here (not a declaration name, a property name or a label). */
export function isValueReference(tsApi: TypeScript, id: ts.Identifier): boolean {
  const ts = tsApi;
  const parent = id.parent;
  if (!parent) return false;
  switch (parent.kind) {
    case ts.SyntaxKind.PropertyAccessExpression:
      return (parent as ts.PropertyAccessExpression).expression === id;
    case ts.SyntaxKind.QualifiedName:
    case ts.SyntaxKind.LabeledStatement:
    case ts.SyntaxKind.BreakStatement:
    case ts.SyntaxKind.ContinueStatement:
    case ts.SyntaxKind.ImportSpecifier:
    case ts.SyntaxKind.ImportClause:
    case ts.SyntaxKind.NamespaceImport:
    case ts.SyntaxKind.ImportEqualsDeclaration:
    case ts.SyntaxKind.ExportSpecifier:
    case ts.SyntaxKind.NamespaceExport:
    case ts.SyntaxKind.MetaProperty:
    case ts.SyntaxKind.JsxAttribute:
      return false;
    case ts.SyntaxKind.BindingElement: {
      const be = parent as ts.BindingElement;
      return be.initializer === id;
    }
    case ts.SyntaxKind.PropertyAssignment:
      return (parent as ts.PropertyAssignment).initializer === id;
    case ts.SyntaxKind.ShorthandPropertyAssignment:
      return true;
    default:
      break;
  }
  // Any declaration whose name is this identifier declares it rather than reads it.
  const named = parent as ts.Node & { name?: ts.Node };
  if (named.name === id && (ts.isDeclarationStatement(parent) || ts.isVariableDeclaration(parent) || ts.isParameter(parent) ||
    ts.isFunctionExpression(parent) || ts.isClassExpression(parent) || ts.isClassElement(parent) || ts.isTypeElement(parent) ||
    ts.isEnumMember(parent) || ts.isTypeParameterDeclaration(parent))) {
    return false;
  }
  return true;
}

/** A call of the host's `Object.<method>` or `Reflect.<method>` (through aliases and global objects). */
export interface ReflectiveCall {
  owner: 'Object' | 'Reflect';
  method: string;
  /** The first argument: the object the call reads or changes. */
  target: ts.Expression | undefined;
}

export function reflectiveCall(tsApi: TypeScript, semantics: Semantics, node: ts.Node, methods?: ReadonlySet<string>, checker?: ts.TypeChecker): ReflectiveCall | undefined {
  const ts = tsApi;
  if (!ts.isCallExpression(node)) return undefined;
  const fn = reflectiveFunction(ts, semantics, node.expression, checker, 0);
  if (!fn || (methods && !methods.has(fn.method))) return undefined;
  return { ...fn, target: node.arguments[0] };
}

/** The Object / Reflect function a callee names: Object.defineProperty, and with a checker a const alias (const d = Object.defineProperty) or a destructured one (const { set } = Reflect). */
function reflectiveFunction(ts: TypeScript, semantics: Semantics, expression: ts.Expression, checker: ts.TypeChecker | undefined, depth: number): { owner: 'Object' | 'Reflect'; method: string } | undefined {
  const callee = semantics.skipOuter(expression);
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name)) {
    const owner = semantics.globalNameOf(callee.expression, { followAliases: true });
    return owner === 'Object' || owner === 'Reflect' ? { owner, method: callee.name.text } : undefined;
  }
  if (!checker || !ts.isIdentifier(callee) || depth >= MAX_ALIAS_DEPTH) return undefined;
  const decl = checker.getSymbolAtLocation(callee)?.valueDeclaration;
  if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isIdentifier(decl.name) && isConstDeclaration(ts, decl)) {
    return reflectiveFunction(ts, semantics, decl.initializer, checker, depth + 1);
  }
  if (decl && ts.isBindingElement(decl) && !decl.dotDotDotToken && ts.isObjectBindingPattern(decl.parent)) {
    const owner = patternSourceGlobal(ts, semantics, decl.parent);
    const keys = propertyNameStrings(ts, semantics, decl.propertyName ?? decl.name);
    if ((owner === 'Object' || owner === 'Reflect') && keys?.length === 1) return { owner, method: keys[0]! };
  }
  return undefined;
}

/**
 * The property keys a reflective call reads or writes on its target: the key argument of
 * defineProperty / set / get / getOwnPropertyDescriptor / deleteProperty / has, the property names
 * of the object literals given to defineProperties and assign. Undefined: keys it cannot tell (a
 * computed key, a spread, a source that is no object literal); [] for methods that take no key.
 */
export function reflectiveKeys(tsApi: TypeScript, semantics: Semantics, node: ts.CallExpression, call: ReflectiveCall): string[] | undefined {
  const ts = tsApi;
  switch (call.method) {
    case 'defineProperty':
    case 'set':
    case 'get':
    case 'getOwnPropertyDescriptor':
    case 'deleteProperty':
    case 'has': {
      const key = node.arguments[1];
      return key ? semantics.constantStrings(key) : undefined;
    }
    case 'defineProperties':
    case 'assign': {
      const keys: string[] = [];
      for (const source of node.arguments.slice(1)) {
        const literal = semantics.skipOuter(source);
        if (!ts.isObjectLiteralExpression(literal)) return undefined;
        for (const property of literal.properties) {
          if (ts.isSpreadAssignment(property)) return undefined;
          const names = propertyNameStrings(tsApi, semantics, property.name);
          if (!names) return undefined;
          keys.push(...names);
        }
      }
      return keys;
    }
    default:
      return [];
  }
}

/** The strings a property or binding name can be: `a`, `'a'`, `1`, `['a' + 'b']`; undefined when not constant. */
export function propertyNameStrings(tsApi: TypeScript, semantics: Semantics, name: ts.PropertyName | ts.BindingName | undefined): string[] | undefined {
  const ts = tsApi;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) return [name.text];
  if (ts.isNumericLiteral(name)) return [String(Number(name.text))];
  if (ts.isComputedPropertyName(name)) return semantics.constantStrings(name.expression);
  return undefined;
}

/**
 * The host global an object destructuring pattern takes apart: `navigator` for
 * `const { sendBeacon } = navigator`, also through aliases, global objects and nested patterns
 * (`const { navigator: { sendBeacon } } = globalThis`).
 */
export function patternSourceGlobal(tsApi: TypeScript, semantics: Semantics, pattern: ts.ObjectBindingPattern, depth = 0): string | undefined {
  const ts = tsApi;
  const parent = pattern.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent)) && parent.initializer) {
    return semantics.globalNameOf(parent.initializer, { followAliases: true });
  }
  if (ts.isBindingElement(parent) && !parent.dotDotDotToken && ts.isObjectBindingPattern(parent.parent) && depth < MAX_ALIAS_DEPTH) {
    const outer = patternSourceGlobal(tsApi, semantics, parent.parent, depth + 1);
    if (outer === undefined || !GLOBAL_OBJECT_NAMES.has(outer)) return undefined;
    const keys = propertyNameStrings(tsApi, semantics, parent.propertyName ?? parent.name);
    return keys?.length === 1 ? keys[0] : undefined;
  }
  return undefined;
}

/**
 * The object-literal value a member access reads when its object is a const bound to an object
 * literal: `errs.E` for `const errs = { E: Error }`, also nested
 * (`o.a.b`) and with constant element keys (`errs['E']`).
 */
export function objectLiteralMember(tsApi: TypeScript, checker: ts.TypeChecker, semantics: Semantics, expression: ts.Expression, depth = 0): ts.Expression | undefined {
  const ts = tsApi;
  if (depth >= MAX_ALIAS_DEPTH) return undefined;
  const e = semantics.skipOuter(expression);
  if (!ts.isPropertyAccessExpression(e) && !ts.isElementAccessExpression(e)) return undefined;
  const keys = ts.isPropertyAccessExpression(e) ? [e.name.text] : semantics.constantStrings(e.argumentExpression);
  if (keys?.length !== 1) return undefined;
  const literal = objectLiteralOf(ts, checker, semantics, e.expression, depth + 1);
  if (!literal) return undefined;
  let found: ts.Expression | undefined;
  for (const property of literal.properties) {
    if (ts.isSpreadAssignment(property)) return undefined; // a later spread may replace it
    const names = propertyNameStrings(ts, semantics, property.name);
    if (names === undefined) return undefined;
    if (!names.includes(keys[0]!)) continue;
    if (ts.isPropertyAssignment(property)) found = property.initializer;
    else if (ts.isShorthandPropertyAssignment(property)) found = property.name;
    else found = undefined;
  }
  return found;
}

/** The object literal an expression is, or a const binding (or a literal member) holds. */
function objectLiteralOf(ts: TypeScript, checker: ts.TypeChecker, semantics: Semantics, expression: ts.Expression, depth: number): ts.ObjectLiteralExpression | undefined {
  if (depth >= MAX_ALIAS_DEPTH) return undefined;
  const e = semantics.skipOuter(expression);
  if (ts.isObjectLiteralExpression(e)) return e;
  if (ts.isIdentifier(e)) {
    // A const only: this runs for every member access the rules look at, and a let may be given another object.
    const decl = variableOf(ts, checker, e);
    if (!decl?.initializer || !ts.isIdentifier(decl.name) || !isConstDeclaration(ts, decl)) return undefined;
    return objectLiteralOf(ts, checker, semantics, decl.initializer, depth + 1);
  }
  const member = objectLiteralMember(ts, checker, semantics, e, depth + 1);
  return member ? objectLiteralOf(ts, checker, semantics, member, depth + 1) : undefined;
}

function variableOf(ts: TypeScript, checker: ts.TypeChecker, id: ts.Identifier): ts.VariableDeclaration | undefined {
  let symbol = id.parent && ts.isShorthandPropertyAssignment(id.parent) && id.parent.name === id ? checker.getShorthandAssignmentValueSymbol(id.parent) : checker.getSymbolAtLocation(id);
  if (symbol && (symbol.flags & ts.SymbolFlags.Alias) !== 0) symbol = safeAliased(checker, symbol);
  const decl = symbol?.valueDeclaration;
  return decl && ts.isVariableDeclaration(decl) ? decl : undefined;
}

function safeAliased(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  try {
    return checker.getAliasedSymbol(symbol);
  } catch {
    return symbol;
  }
}

function isConstDeclaration(ts: TypeScript, decl: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0;
}

/** True when an expression is assigned to, deleted, incremented or a target of a destructuring assignment or a for-in/of head. */
export function isWriteTarget(tsApi: TypeScript, access: ts.Expression): boolean {
  const ts = tsApi;
  let node: ts.Node = access;
  while (node.parent && (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isNonNullExpression(node.parent) || ts.isTypeAssertionExpression(node.parent) || ts.isSatisfiesExpression(node.parent))) node = node.parent;
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
  else if (ts.isShorthandPropertyAssignment(literal) && literal.name === node) literal = literal.parent;
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
  if (ts.isParenthesizedExpression(literal)) return isWriteTarget(ts, literal as ts.Expression);
  return false;
}

/** The files where a symbol can be written: the files of its declarations. */
function declarationFiles(symbol: ts.Symbol): ts.SourceFile[] {
  const files = new Set<ts.SourceFile>();
  for (const decl of symbol.declarations ?? []) files.add(decl.getSourceFile());
  return [...files];
}

/** True when a binding (a variable, a function declaration) is assigned anywhere after its declaration. */
function symbolIsWritten(ts: TypeScript, checker: ts.TypeChecker, name: ts.Identifier): boolean {
  const symbol = checker.getSymbolAtLocation(name);
  if (!symbol) return true;
  let written = false;
  for (const file of declarationFiles(symbol)) {
    const visit = (n: ts.Node): void => {
      if (written) return;
      if (ts.isIdentifier(n) && n !== name && isWriteTarget(ts, n)) {
        const s = n.parent && ts.isShorthandPropertyAssignment(n.parent) && n.parent.name === n ? checker.getShorthandAssignmentValueSymbol(n.parent) : checker.getSymbolAtLocation(n);
        if (s === symbol) written = true;
      }
      ts.forEachChild(n, visit);
    };
    visit(file);
  }
  return written;
}

export type FunctionLike = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

/**
 * What runs when a callee is called: `host` for functions the plugin does not define (globals,
 * lib and package declarations, methods of host objects like Map#get), `local` with the
 * plugin's own functions it may be, `unknown` when the rule cannot tell (a parameter, a let
 * that is reassigned, an object method assigned elsewhere, the result of a call).
 */
export type CalleeKind = { kind: 'host' } | { kind: 'unknown' } | { kind: 'local'; functions: FunctionLike[] };

export interface FlowContext {
  readonly ts: TypeScript;
  readonly checker: ts.TypeChecker;
  readonly semantics: Semantics;
}

const HOST: CalleeKind = { kind: 'host' };
const UNKNOWN_CALLEE: CalleeKind = { kind: 'unknown' };

function merge(kinds: CalleeKind[]): CalleeKind {
  const functions: FunctionLike[] = [];
  for (const k of kinds) {
    if (k.kind === 'unknown') return UNKNOWN_CALLEE;
    if (k.kind === 'local') functions.push(...k.functions);
  }
  return functions.length > 0 ? { kind: 'local', functions } : HOST;
}

/** Declared only, by a lib or package declaration file or under `declare`: what runs is the host's. */
function isAmbient(ts: TypeScript, decl: ts.Node): boolean {
  if (decl.getSourceFile().isDeclarationFile) return true;
  for (let n: ts.Node | undefined = decl; n && !ts.isSourceFile(n); n = n.parent) {
    const modifiers = ts.canHaveModifiers(n) ? ts.getModifiers(n) : undefined;
    if (modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) return true;
  }
  return false;
}

function isFunctionLike(ts: TypeScript, node: ts.Node): node is FunctionLike {
  return (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node)) && node.body !== undefined;
}

/** What a callee expression runs (see CalleeKind). */
export function resolveCallee(c: FlowContext, expression: ts.Expression, depth = 0, env?: Env): CalleeKind {
  const { ts, checker, semantics } = c;
  if (depth >= MAX_ALIAS_DEPTH) return UNKNOWN_CALLEE;
  const e = semantics.skipOuter(expression);
  if (isFunctionLike(ts, e)) return { kind: 'local', functions: [e] };
  if (ts.isConditionalExpression(e)) return merge([resolveCallee(c, e.whenTrue, depth + 1, env), resolveCallee(c, e.whenFalse, depth + 1, env)]);
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)) {
    return merge([resolveCallee(c, e.left, depth + 1, env), resolveCallee(c, e.right, depth + 1, env)]);
  }
  if (ts.isIdentifier(e)) {
    if (semantics.globalNameOf(e) !== undefined) return HOST;
    let symbol = e.parent && ts.isShorthandPropertyAssignment(e.parent) && e.parent.name === e ? checker.getShorthandAssignmentValueSymbol(e.parent) : checker.getSymbolAtLocation(e);
    if (!symbol) return HOST; // looked up on the global object at run time
    if ((symbol.flags & ts.SymbolFlags.Alias) !== 0) symbol = safeAliased(checker, symbol);
    // A parameter of a function followed from a call: the argument that call gives it.
    for (let scope = env; scope; scope = scope.outer) {
      const bound = scope.arguments.get(symbol);
      if (bound) return resolveCallee(c, bound, depth + 1, scope.outer);
    }
    return resolveSymbol(c, symbol, undefined, depth, env);
  }
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    if (semantics.globalNameOf(e) !== undefined) return HOST;
    // errs.touch / helpers['touch'] of an object literal the rule can see.
    const member = objectLiteralMember(ts, checker, semantics, e);
    const keys = ts.isPropertyAccessExpression(e) ? [e.name.text] : semantics.constantStrings(e.argumentExpression);
    if (keys?.length !== 1) return UNKNOWN_CALLEE;
    let symbol = ts.isPropertyAccessExpression(e) ? checker.getSymbolAtLocation(e.name) : checker.getTypeAtLocation(e.expression).getProperty(keys[0]!);
    if (symbol && (symbol.flags & ts.SymbolFlags.Alias) !== 0) symbol = safeAliased(checker, symbol);
    if (symbol) return resolveSymbol(c, symbol, keys[0], depth, env);
    if (member) {
      const literal = member.parent && (ts.isPropertyAssignment(member.parent) || ts.isShorthandPropertyAssignment(member.parent)) ? member.parent.parent : undefined;
      if (literal && ts.isObjectLiteralExpression(literal) && objectMemberIsWritten(c, literal, keys[0]!)) return UNKNOWN_CALLEE;
      return resolveCallee(c, member, depth + 1, env);
    }
    return HOST; // a member of a value typed `any` the rule cannot follow
  }
  return UNKNOWN_CALLEE;
}

function resolveSymbol(c: FlowContext, symbol: ts.Symbol, key: string | undefined, depth: number, env: Env): CalleeKind {
  const { ts, checker } = c;
  const decls = symbol.declarations ?? [];
  if (decls.length === 0) return key === undefined ? HOST : UNKNOWN_CALLEE;
  if (decls.every((d) => isAmbient(ts, d))) return HOST;
  const kinds: CalleeKind[] = [];
  for (const decl of decls) {
    if (isAmbient(ts, decl)) continue;
    if (ts.isFunctionDeclaration(decl)) {
      if (!decl.body) continue; // an overload signature
      if (decl.name && symbolIsWritten(ts, checker, decl.name)) return UNKNOWN_CALLEE;
      kinds.push({ kind: 'local', functions: [decl] });
    } else if (ts.isVariableDeclaration(decl)) {
      if (!decl.initializer || !ts.isIdentifier(decl.name)) return UNKNOWN_CALLEE;
      if (!isConstDeclaration(ts, decl) && symbolIsWritten(ts, checker, decl.name)) return UNKNOWN_CALLEE;
      kinds.push(resolveInitializer(c, decl.initializer, depth + 1, env));
    } else if (ts.isPropertyAssignment(decl) || ts.isShorthandPropertyAssignment(decl) || ts.isMethodDeclaration(decl) || ts.isPropertyDeclaration(decl)) {
      const owner = decl.parent;
      if (ts.isObjectLiteralExpression(owner)) {
        if (key === undefined || objectMemberIsWritten(c, owner, key, symbol)) return UNKNOWN_CALLEE;
      } else if (ts.isClassLike(owner)) {
        if (key === undefined || propertySymbolIsWritten(c, symbol, key) || hasSubclassMember(c, owner, key)) return UNKNOWN_CALLEE;
      } else {
        return UNKNOWN_CALLEE;
      }
      if (ts.isMethodDeclaration(decl)) {
        if (decl.body) kinds.push({ kind: 'local', functions: [decl] });
      } else if (ts.isShorthandPropertyAssignment(decl)) {
        kinds.push(resolveCallee(c, decl.name, depth + 1, env));
      } else if (decl.initializer) {
        kinds.push(resolveInitializer(c, decl.initializer, depth + 1, env));
      } else {
        return UNKNOWN_CALLEE;
      }
    } else {
      // A parameter, a destructured binding, an interface member of the plugin: anything may be behind it.
      return UNKNOWN_CALLEE;
    }
  }
  return merge(kinds);
}

/** What a binding initialized with `init` runs when called. */
function resolveInitializer(c: FlowContext, init: ts.Expression, depth: number, env: Env): CalleeKind {
  const { ts, semantics } = c;
  const e = semantics.skipOuter(init);
  if (ts.isCallExpression(e)) {
    // const g = f.bind(x): runs f; a local f gets its arguments shifted, which the rule does not follow.
    const callee = semantics.skipOuter(e.expression);
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'bind') {
      const target = resolveCallee(c, callee.expression, depth + 1, env);
      return target.kind === 'host' ? HOST : UNKNOWN_CALLEE;
    }
    return UNKNOWN_CALLEE;
  }
  return resolveCallee(c, e, depth + 1, env);
}

/** True when `key` of an object literal may be replaced: written through its symbol, or the object escapes or is written with a key the rule cannot tell. */
function objectMemberIsWritten(c: FlowContext, literal: ts.ObjectLiteralExpression, key: string, symbol?: ts.Symbol): boolean {
  const { ts, checker } = c;
  if (symbol && propertySymbolIsWritten(c, symbol, key)) return true;
  // The binding that holds the object: every use of it must be a plain member read or call.
  let holder: ts.Node = literal;
  while (holder.parent && (ts.isParenthesizedExpression(holder.parent) || ts.isAsExpression(holder.parent) || ts.isSatisfiesExpression(holder.parent) || ts.isTypeAssertionExpression(holder.parent))) holder = holder.parent;
  const decl = holder.parent;
  if (!decl || !ts.isVariableDeclaration(decl) || decl.initializer !== holder || !ts.isIdentifier(decl.name)) return true;
  const variable = checker.getSymbolAtLocation(decl.name);
  if (!variable) return true;
  let written = false;
  const visit = (n: ts.Node): void => {
    if (written) return;
    if (ts.isIdentifier(n) && n !== decl.name) {
      const s = n.parent && ts.isShorthandPropertyAssignment(n.parent) && n.parent.name === n ? checker.getShorthandAssignmentValueSymbol(n.parent) : checker.getSymbolAtLocation(n);
      if (s === variable) {
        if (n.parent && ts.isExportSpecifier(n.parent)) written = true;
        else if (!memberUseLeavesKey(c, n, key)) written = true;
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(decl.getSourceFile());
  // An exported object can be changed by another module.
  const statement = decl.parent?.parent;
  if (statement && ts.isVariableStatement(statement) && statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return true;
  return written;
}

/** A use of the object's binding that cannot replace `key`: `o.k`, `o.k(...)`, `o.other = v`. */
function memberUseLeavesKey(c: FlowContext, id: ts.Identifier, key: string): boolean {
  const { ts, semantics } = c;
  let use: ts.Node = id;
  while (use.parent && (ts.isParenthesizedExpression(use.parent) || ts.isAsExpression(use.parent) || ts.isNonNullExpression(use.parent) || ts.isTypeAssertionExpression(use.parent) || ts.isSatisfiesExpression(use.parent))) use = use.parent;
  const parent = use.parent;
  if (!parent) return false;
  if (ts.isTypeQueryNode(parent)) return true;
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === use) {
    if (!isWriteTarget(ts, parent)) return true;
    const keys = ts.isPropertyAccessExpression(parent) ? [parent.name.text] : semantics.constantStrings(parent.argumentExpression);
    return keys !== undefined && !keys.includes(key);
  }
  return false;
}

/** True when a property symbol is written anywhere in the files that declare it (`helpers.touch = ...`, `this.touch = ...`). */
function propertySymbolIsWritten(c: FlowContext, symbol: ts.Symbol, key: string): boolean {
  const { ts, checker, semantics } = c;
  let written = false;
  for (const file of declarationFiles(symbol)) {
    const visit = (n: ts.Node): void => {
      if (written) return;
      if ((ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) && isWriteTarget(ts, n)) {
        if (ts.isPropertyAccessExpression(n)) {
          if (n.name.text === key && checker.getSymbolAtLocation(n.name) === symbol) written = true;
        } else {
          // helpers['touch'] = ..., helpers[k] = ... on an object of the same type.
          const keys = semantics.constantStrings(n.argumentExpression);
          if ((keys === undefined || keys.includes(key)) && checker.getTypeAtLocation(n.expression).getProperty(key) === symbol) written = true;
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(file);
  }
  return written;
}

/** True when a class of the declaring file that extends another declares a member named `key` too (an override may run instead). */
function hasSubclassMember(c: FlowContext, owner: ts.ClassLikeDeclaration, key: string): boolean {
  const { ts, semantics } = c;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isClassLike(n) && n !== owner && n.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ExtendsKeyword)) {
      if (n.members.some((m) => m.name !== undefined && propertyNameStrings(ts, semantics, m.name)?.includes(key))) found = true;
    }
    ts.forEachChild(n, visit);
  };
  visit(owner.getSourceFile());
  return found;
}

/** What a rule counts as a change of the object it follows into a function of the plugin. */
export interface FlowPolicy {
  /** The tracked object is the object of this member access: true when the access changes (or exposes) what the rule protects. */
  accessChanges(access: ts.PropertyAccessExpression | ts.ElementAccessExpression): boolean;
  /** Member names whose value is followed as the object itself (`t.constructor.prototype` is Object.prototype again). */
  followedKeys: ReadonlySet<string>;
  /** Methods that change the object they are called on. */
  mutatingMethods: ReadonlySet<string>;
  /** A host call that changes its argument at `index` (Object.defineProperty(t, ...)). */
  hostCallChanges(call: ts.CallExpression, index: number): boolean;
}

/** Methods of the built-ins that return a primitive and call nothing given to them: a result that is not the receiver. */
const RECEIVER_SAFE_METHODS = new Set(['hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toString', 'toLocaleString']);
/** Host functions that return the object given to them. */
const RETURNS_ARGUMENT = new Set(['freeze', 'seal', 'preventExtensions']);
const MAX_FLOW_DEPTH = 4;

type Active = Map<ts.Node, Set<number | 'this'>>;

/** The arguments a followed call gives the parameters of the function it runs (walk(proto, (p) => log(p)): visit is that arrow). */
interface Scope {
  arguments: Map<ts.Symbol, ts.Expression>;
  outer: Env;
}
type Env = Scope | undefined;

/** The scope of a function run by a direct call: each identifier parameter that is never reassigned, bound to its argument. */
function bindArguments(c: FlowContext, fn: FunctionLike, call: ts.CallExpression, site: ArgumentSite, env: Env): Env {
  const { ts, checker } = c;
  const bound = new Map<ts.Symbol, ts.Expression>();
  if (site.fn === call.expression) {
    for (const [i, param] of fn.parameters.entries()) {
      const arg = call.arguments[i];
      if (!arg || ts.isSpreadElement(arg) || param.dotDotDotToken || !ts.isIdentifier(param.name)) break;
      const symbol = checker.getSymbolAtLocation(param.name);
      if (symbol && !symbolIsWritten(ts, checker, param.name)) bound.set(symbol, arg);
    }
  }
  return bound.size > 0 ? { arguments: bound, outer: env } : env;
}

/** Where an argument of a call lands: the function it goes to and its parameter position (`this` for the receiver of .call/.apply/.bind). */
export interface ArgumentSite {
  argument: ts.Expression;
  fn: ts.Expression;
  position: number | 'this';
}

/** The arguments of a call with where each lands: f(a), f.call(t, a), f.apply(t, [a]), f.bind(t, a), Reflect.apply(f, t, [a]). */
export function argumentSites(c: FlowContext, call: ts.CallExpression): ArgumentSite[] {
  const { ts, checker, semantics } = c;
  const callee = semantics.skipOuter(call.expression);
  const args = call.arguments;
  const sites: ArgumentSite[] = [];
  const spreadAt = args.findIndex((a) => ts.isSpreadElement(a));
  const direct = (fn: ts.Expression, from: number, shift: number, list: readonly ts.Expression[]) => {
    for (let i = from; i < list.length; i++) {
      const a = list[i]!;
      if (ts.isSpreadElement(a)) break;
      sites.push({ argument: a, fn, position: i - shift });
    }
  };
  if (ts.isPropertyAccessExpression(callee) && ['call', 'apply', 'bind'].includes(callee.name.text)) {
    const type = checker.getTypeAtLocation(callee.expression);
    const callable = type.getCallSignatures().length > 0 || (type.flags & ts.TypeFlags.Any) !== 0;
    if (callable) {
      const fn = callee.expression;
      if (args[0] && !ts.isSpreadElement(args[0])) sites.push({ argument: args[0], fn, position: 'this' });
      if (callee.name.text === 'apply') {
        const list = args[1] && semantics.skipOuter(args[1]);
        if (list && ts.isArrayLiteralExpression(list)) direct(fn, 0, 0, list.elements);
      } else {
        direct(fn, 1, 1, args);
      }
      return sites;
    }
  }
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'apply' && semantics.globalNameOf(callee.expression, { followAliases: true }) === 'Reflect' && args[0]) {
    const fn = args[0];
    if (args[1] && !ts.isSpreadElement(args[1])) sites.push({ argument: args[1], fn, position: 'this' });
    const list = args[2] && semantics.skipOuter(args[2]);
    if (list && ts.isArrayLiteralExpression(list)) direct(fn, 0, 0, list.elements);
    return sites;
  }
  direct(call.expression, 0, 0, spreadAt >= 0 ? args.slice(0, spreadAt) : args);
  return sites;
}

/** True when the function an argument lands in may change it (see FlowPolicy), or the rule cannot tell. Host functions do not, but for the policy's own host writers. */
export function siteMayChange(c: FlowContext, policy: FlowPolicy, call: ts.CallExpression, site: ArgumentSite, depth = 0, active: Active = new Map(), env?: Env): boolean {
  const { ts, semantics } = c;
  if (depth > MAX_FLOW_DEPTH) return true;
  const callee = resolveCallee(c, site.fn, 0, env);
  if (callee.kind === 'unknown') return true;
  if (callee.kind === 'host') {
    if (site.position === 'this') {
      // Array.prototype.push.call(Array.prototype, 1)
      const fn = semantics.skipOuter(site.fn);
      if (ts.isElementAccessExpression(fn)) return true;
      return ts.isPropertyAccessExpression(fn) && policy.mutatingMethods.has(fn.name.text);
    }
    if (site.fn === call.expression) {
      if (policy.hostCallChanges(call, site.position)) return true;
      const fn = semantics.skipOuter(site.fn);
      if (ts.isPropertyAccessExpression(fn) && RETURNS_ARGUMENT.has(fn.name.text) && site.position === 0 && resultIsUsed(ts, call)) return true;
    }
    return false;
  }
  return callee.functions.some((fn) => parameterMayChange(c, policy, fn, site.position, depth + 1, active, bindArguments(c, fn, call, site, env)));
}

function resultIsUsed(ts: TypeScript, expression: ts.Expression): boolean {
  let node: ts.Node = expression;
  while (node.parent && (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isNonNullExpression(node.parent) || ts.isTypeAssertionExpression(node.parent))) node = node.parent;
  const parent = node.parent;
  return !(parent && (ts.isExpressionStatement(parent) || ts.isVoidExpression(parent)));
}

/** True when a function of the plugin may change what it receives at `position` (or lets it escape, or reads `arguments`). */
function parameterMayChange(c: FlowContext, policy: FlowPolicy, fn: FunctionLike, position: number | 'this', depth: number, active: Active, env: Env): boolean {
  // A recursive call with the same parameter: its other uses decide.
  const seen = active.get(fn) ?? new Set<number | 'this'>();
  if (seen.has(position)) return false;
  if (depth > MAX_FLOW_DEPTH) return true;
  seen.add(position);
  active.set(fn, seen);
  try {
    return parameterUsesMayChange(c, policy, fn, position, depth, active, env);
  } finally {
    seen.delete(position);
  }
}

function parameterUsesMayChange(c: FlowContext, policy: FlowPolicy, fn: FunctionLike, position: number | 'this', depth: number, active: Active, env: Env): boolean {
  const { ts, checker } = c;
  const body = fn.body;
  if (!body) return true;
  // The function's defaults and body: a default runs with the arguments too.
  const roots: ts.Node[] = [...fn.parameters, body];
  let usesArguments = false;
  const findArguments = (n: ts.Node): void => {
    if (usesArguments) return;
    if (ts.isIdentifier(n) && n.text === 'arguments' && !(n.parent && ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) usesArguments = true;
    else ts.forEachChild(n, findArguments);
  };
  roots.forEach(findArguments);
  if (usesArguments) return true;
  const uses: ts.Expression[] = [];
  if (position === 'this') {
    if (ts.isArrowFunction(fn)) return false;
    const findThis = (n: ts.Node): void => {
      if (n.kind === ts.SyntaxKind.ThisKeyword) uses.push(n as ts.Expression);
      // A nested function or class has a `this` of its own.
      if (n !== fn && (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isMethodDeclaration(n) || ts.isClassLike(n) || ts.isAccessor(n) || ts.isConstructorDeclaration(n))) return;
      ts.forEachChild(n, findThis);
    };
    roots.forEach(findThis);
  } else {
    const restAt = fn.parameters.findIndex((p) => p.dotDotDotToken !== undefined);
    if (restAt >= 0 && restAt <= position) return true;
    const param = fn.parameters[position];
    if (!param) return false;
    if (!ts.isIdentifier(param.name)) return true; // destructured: its parts are taken out of the object
    const name = param.name;
    const symbol = checker.getSymbolAtLocation(name);
    if (!symbol) return true;
    const find = (n: ts.Node): void => {
      if (ts.isIdentifier(n) && n !== name) {
        const s = n.parent && ts.isShorthandPropertyAssignment(n.parent) && n.parent.name === n ? checker.getShorthandAssignmentValueSymbol(n.parent) : checker.getSymbolAtLocation(n);
        if (s === symbol) uses.push(n);
      }
      ts.forEachChild(n, find);
    };
    roots.forEach(find);
  }
  return uses.some((use) => useMayChange(c, policy, use, depth, active, env));
}

/** True when this use of the followed object may change it or let it escape. */
function useMayChange(c: FlowContext, policy: FlowPolicy, expression: ts.Expression, depth: number, active: Active, env: Env): boolean {
  const { ts, checker, semantics } = c;
  let use: ts.Expression = expression;
  for (;;) {
    const p = use.parent;
    if (p && (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isTypeAssertionExpression(p) || ts.isNonNullExpression(p) || ts.isSatisfiesExpression(p))) use = p;
    else break;
  }
  const parent = use.parent;
  if (!parent) return true;
  const K = ts.SyntaxKind;
  if (ts.isTypeQueryNode(parent) || ts.isTypeOfExpression(parent) || ts.isVoidExpression(parent) || ts.isTemplateSpan(parent) || ts.isExpressionStatement(parent)) return false;
  if (ts.isPrefixUnaryExpression(parent) && parent.operator === K.ExclamationToken) return false;
  if ((ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent)) && parent.expression === use) return false;
  if (ts.isConditionalExpression(parent)) return parent.condition === use ? false : useMayChange(c, policy, parent, depth, active, env);
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === use) {
    if (policy.accessChanges(parent)) return true;
    const keys = ts.isPropertyAccessExpression(parent) ? [parent.name.text] : semantics.constantStrings(parent.argumentExpression);
    let outer: ts.Node = parent;
    while (outer.parent && (ts.isParenthesizedExpression(outer.parent) || ts.isAsExpression(outer.parent) || ts.isNonNullExpression(outer.parent))) outer = outer.parent;
    const call = outer.parent;
    if (call && ts.isCallExpression(call) && call.expression === outer) {
      // A method called on the object: it may change it, or return it (valueOf), or hand it to a callback (forEach).
      if (keys?.length !== 1) return true;
      const method = keys[0]!;
      if (policy.mutatingMethods.has(method)) return true;
      if (RECEIVER_SAFE_METHODS.has(method)) return false;
      if (resultIsUsed(ts, call)) return true;
      return call.arguments.some((a) => {
        const e = semantics.skipOuter(a);
        if (ts.isLiteralExpression(e) || e.kind === K.TrueKeyword || e.kind === K.FalseKeyword || e.kind === K.NullKeyword) return false;
        if (ts.isFunctionLike(e) || ts.isSpreadElement(e)) return true;
        const type = checker.getTypeAtLocation(e);
        return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0 || type.getCallSignatures().length > 0;
      });
    }
    if (keys === undefined || keys.some((k) => policy.followedKeys.has(k))) return useMayChange(c, policy, parent, depth, active, env);
    return false;
  }
  if (ts.isCallExpression(parent)) {
    if (parent.expression === use) return false; // calling it (a constructor as a function) does not change it
    const site = argumentSites(c, parent).find((s) => s.argument === use);
    return site === undefined || siteMayChange(c, policy, parent, site, depth, active, env);
  }
  if (ts.isNewExpression(parent) && parent.expression === use) return false;
  // class extends t: the subclass gets its own statics; t itself is left alone.
  if (ts.isExpressionWithTypeArguments(parent) && parent.expression === use && ts.isHeritageClause(parent.parent)) return false;
  if (ts.isBinaryExpression(parent)) {
    const op = parent.operatorToken.kind;
    // u = t aliases it; t = u gives the binding another value and leaves the object alone.
    if (op >= K.FirstAssignment && op <= K.LastAssignment) return parent.right === use;
    if (op === K.AmpersandAmpersandToken && parent.left === use) return false;
    if (op === K.CommaToken) return parent.right === use ? useMayChange(c, policy, parent, depth, active, env) : false;
    if (op === K.BarBarToken || op === K.QuestionQuestionToken || op === K.AmpersandAmpersandToken) return useMayChange(c, policy, parent, depth, active, env);
    // Comparisons, instanceof, in, arithmetic and concatenation yield a new value.
    return false;
  }
  // for (k in t), for (x of t), [...t], { ...t }, f(...t): its keys or elements are read.
  if ((ts.isForInStatement(parent) || ts.isForOfStatement(parent)) && parent.expression === use) return false;
  if (ts.isSpreadElement(parent) || ts.isSpreadAssignment(parent)) return false;
  if (ts.isSwitchStatement(parent) || ts.isCaseClause(parent)) return false;
  // Returned, stored, aliased, spread, thrown, awaited, yielded: the rule cannot follow it from there.
  return true;
}

/** `===`, `!==`, `==` or `!=`: compares, yields a boolean, changes nothing. */
export function isEqualityOperator(tsApi: TypeScript, kind: ts.SyntaxKind): boolean {
  const K = tsApi.SyntaxKind;
  return kind === K.EqualsEqualsEqualsToken || kind === K.ExclamationEqualsEqualsToken || kind === K.EqualsEqualsToken || kind === K.ExclamationEqualsToken;
}
