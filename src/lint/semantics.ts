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

export function reflectiveCall(tsApi: TypeScript, semantics: Semantics, node: ts.Node, methods?: ReadonlySet<string>): ReflectiveCall | undefined {
  const ts = tsApi;
  if (!ts.isCallExpression(node)) return undefined;
  const callee = semantics.skipOuter(node.expression);
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.name)) return undefined;
  const method = callee.name.text;
  if (methods && !methods.has(method)) return undefined;
  const owner = semantics.globalNameOf(callee.expression, { followAliases: true });
  if (owner !== 'Object' && owner !== 'Reflect') return undefined;
  return { owner, method, target: node.arguments[0] };
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
