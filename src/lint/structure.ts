/**
 * Reads a plugin's shape from its code without running it: the `definePlugin(...)` default
 * export or the seed's `PLUGIN_METADATA` + `register`, and the metadata as far as it is
 * written as literals. What cannot be worked out statically (a spread, a call) is UNKNOWN and
 * left to the runtime check of `validatePlugin`, never guessed.
 */
import { UNKNOWN, type PluginStructure, type Semantics, type StaticValue, type TypeScript, type ts } from './types.js';

const MAX_DEPTH = 8;

export function createEvaluator(tsApi: TypeScript, checker: ts.TypeChecker, semantics: Semantics) {
  const ts = tsApi;

  function constInitializer(id: ts.Identifier): ts.Expression | undefined {
    let symbol = checker.getSymbolAtLocation(id);
    if (!symbol) return undefined;
    if ((symbol.flags & ts.SymbolFlags.Alias) !== 0) symbol = checker.getAliasedSymbol(symbol);
    const decl = symbol.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0) {
      return decl.initializer;
    }
    return undefined;
  }

  function propertyKey(name: ts.PropertyName): string | undefined {
    if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
    if (ts.isComputedPropertyName(name)) {
      const keys = semantics.constantStrings(name.expression);
      return keys?.length === 1 ? keys[0] : undefined;
    }
    return undefined;
  }

  function evaluate(expression: ts.Expression, depth = 0): StaticValue {
    if (depth > MAX_DEPTH) return UNKNOWN;
    const e = semantics.skipOuter(expression);
    if (ts.isStringLiteralLike(e)) return e.text;
    if (ts.isNumericLiteral(e)) return Number(e.text);
    if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
    if (e.kind === ts.SyntaxKind.NullKeyword) return null;
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(e.operand)) return -Number(e.operand.text);
    if (ts.isTemplateExpression(e) || ts.isBinaryExpression(e)) {
      const values = semantics.constantStrings(e);
      return values?.length === 1 ? values[0] : UNKNOWN;
    }
    if (ts.isIdentifier(e)) {
      if (e.text === 'undefined') return undefined;
      const init = constInitializer(e);
      return init ? evaluate(init, depth + 1) : UNKNOWN;
    }
    if (ts.isArrayLiteralExpression(e)) {
      const out: StaticValue[] = [];
      for (const element of e.elements) {
        if (ts.isSpreadElement(element)) return UNKNOWN;
        out.push(evaluate(element, depth + 1));
      }
      return out;
    }
    if (ts.isObjectLiteralExpression(e)) {
      const out: { [key: string]: StaticValue } = {};
      for (const property of e.properties) {
        if (ts.isPropertyAssignment(property)) {
          const key = propertyKey(property.name);
          if (key === undefined) return UNKNOWN;
          out[key] = evaluate(property.initializer, depth + 1);
        } else if (ts.isShorthandPropertyAssignment(property)) {
          out[property.name.text] = evaluate(property.name, depth + 1);
        } else if (ts.isMethodDeclaration(property) || ts.isAccessor(property)) {
          const key = propertyKey(property.name);
          if (key !== undefined) out[key] = UNKNOWN;
        } else {
          return UNKNOWN; // a spread: any key may come from it
        }
      }
      return out;
    }
    return UNKNOWN;
  }

  /** Follows `const x = <expr>` and imports of such consts to the expression itself. */
  function resolveExpression(expression: ts.Expression, depth = 0): ts.Expression {
    const e = semantics.skipOuter(expression);
    if (depth < MAX_DEPTH && ts.isIdentifier(e)) {
      const init = constInitializer(e);
      if (init) return resolveExpression(init, depth + 1);
    }
    return e;
  }

  return { evaluate, resolveExpression, propertyKey };
}

export type Evaluator = ReturnType<typeof createEvaluator>;

function hasExportModifier(tsApi: TypeScript, node: ts.Node): boolean {
  const modifiers = tsApi.canHaveModifiers(node) ? tsApi.getModifiers(node) : undefined;
  return modifiers?.some((m) => m.kind === tsApi.SyntaxKind.ExportKeyword) === true;
}

function isFunctionLike(tsApi: TypeScript, node: ts.Node): boolean {
  return tsApi.isFunctionExpression(node) || tsApi.isArrowFunction(node) || tsApi.isFunctionDeclaration(node) || tsApi.isMethodDeclaration(node);
}

/** Finds the plugin definition in a plugin's entry file. */
export function extractStructure(tsApi: TypeScript, checker: ts.TypeChecker, semantics: Semantics, evaluator: Evaluator, entry: ts.SourceFile): PluginStructure {
  const ts = tsApi;
  const structure: PluginStructure = {
    form: 'unknown',
    anchor: undefined,
    metadataNode: undefined,
    metadata: UNKNOWN,
    metadataProperties: new Map(),
    registerNode: undefined,
    registerNotFunction: false,
    behaviors: [],
  };
  let defaultExport: ts.Expression | undefined;
  let defaultAnchor: ts.Node | undefined;
  let seedMetadata: ts.Expression | undefined;
  let seedAnchor: ts.Node | undefined;
  let seedRegister: ts.Node | undefined;
  const localExports = new Map<string, ts.Identifier>();

  for (const statement of entry.statements) {
    if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
      defaultExport = statement.expression;
      defaultAnchor = statement;
    } else if (ts.isVariableStatement(statement) && hasExportModifier(ts, statement)) {
      for (const decl of statement.declarationList.declarations) {
        if (!ts.isIdentifier(decl.name)) continue;
        if (decl.name.text === 'PLUGIN_METADATA' && decl.initializer) {
          seedMetadata = decl.initializer;
          seedAnchor = decl;
        } else if (decl.name.text === 'register') {
          seedRegister = decl.initializer ?? decl;
        }
      }
    } else if (ts.isFunctionDeclaration(statement) && hasExportModifier(ts, statement) && statement.name?.text === 'register') {
      seedRegister = statement;
    } else if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const specifier of statement.exportClause.elements) {
        const local = specifier.propertyName ?? specifier.name;
        if (ts.isIdentifier(local)) localExports.set(specifier.name.text, local);
      }
    }
  }
  // `const plugin = definePlugin(...); export { plugin as default }` and `export { register }`.
  const exportedDefault = localExports.get('default');
  if (!defaultExport && exportedDefault) {
    defaultExport = exportedDefault;
    defaultAnchor = exportedDefault;
  }
  const exportedMetadata = localExports.get('PLUGIN_METADATA');
  if (!seedMetadata && exportedMetadata) {
    seedMetadata = exportedMetadata;
    seedAnchor = exportedMetadata;
  }
  const exportedRegister = localExports.get('register');
  if (!seedRegister && exportedRegister) seedRegister = exportedRegister;

  let definition: ts.ObjectLiteralExpression | undefined;
  if (defaultExport) {
    let e = evaluator.resolveExpression(defaultExport);
    if (ts.isCallExpression(e) && isDefinePluginCall(ts, checker, semantics, e) && e.arguments[0]) e = evaluator.resolveExpression(e.arguments[0]);
    if (ts.isObjectLiteralExpression(e)) definition = e;
  }
  if (definition) {
    structure.form = 'define';
    structure.anchor = defaultAnchor;
    for (const property of definition.properties) {
      const key = property.name ? evaluator.propertyKey(property.name) : undefined;
      if (key === 'metadata') {
        if (ts.isPropertyAssignment(property)) structure.metadataNode = property.initializer;
        else if (ts.isShorthandPropertyAssignment(property)) structure.metadataNode = property.name;
        structure.metadataProperties.set('', property);
      } else if (key === 'register') {
        structure.registerNode = property;
        if (ts.isPropertyAssignment(property)) {
          const value = evaluator.resolveExpression(property.initializer);
          const constant = evaluator.evaluate(value);
          if (constant !== UNKNOWN || ts.isObjectLiteralExpression(value) || ts.isArrayLiteralExpression(value)) structure.registerNotFunction = true;
        }
      }
    }
  } else if (seedMetadata) {
    structure.form = 'seed';
    structure.anchor = seedAnchor;
    structure.metadataNode = seedMetadata;
    if (seedRegister) {
      structure.registerNode = seedRegister;
      const value = ts.isExpression(seedRegister as ts.Expression) ? evaluator.resolveExpression(seedRegister as ts.Expression) : seedRegister;
      if (!isFunctionLike(ts, value) && evaluator.evaluate(value as ts.Expression) !== UNKNOWN) structure.registerNotFunction = true;
    }
  } else if (defaultExport) {
    structure.anchor = defaultAnchor;
  }

  if (structure.metadataNode) {
    const target = evaluator.resolveExpression(structure.metadataNode);
    structure.metadata = evaluator.evaluate(target);
    if (ts.isObjectLiteralExpression(target)) {
      for (const property of target.properties) {
        const key = property.name ? evaluator.propertyKey(property.name) : undefined;
        if (key === undefined) continue;
        structure.metadataProperties.set(key, property);
        if (ts.isPropertyAssignment(property)) {
          const inner = evaluator.resolveExpression(property.initializer);
          if (ts.isObjectLiteralExpression(inner)) {
            for (const sub of inner.properties) {
              const subKey = sub.name ? evaluator.propertyKey(sub.name) : undefined;
              if (subKey !== undefined) structure.metadataProperties.set(`${key}.${subKey}`, sub);
            }
          } else if (ts.isArrayLiteralExpression(inner)) {
            inner.elements.forEach((element, index) => structure.metadataProperties.set(`${key}.${index}`, element));
          }
        }
      }
    }
  }
  return structure;
}

/** `definePlugin(...)` from the SDK, under any local name (`import { definePlugin as dp }`). */
function isDefinePluginCall(tsApi: TypeScript, checker: ts.TypeChecker, semantics: Semantics, call: ts.CallExpression): boolean {
  const ts = tsApi;
  const callee = semantics.skipOuter(call.expression);
  const name = ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) ? callee.name : undefined;
  if (!name || !ts.isIdentifier(name)) return false;
  let symbol = checker.getSymbolAtLocation(name);
  if (symbol && (symbol.flags & ts.SymbolFlags.Alias) !== 0) symbol = checker.getAliasedSymbol(symbol);
  // Unresolved (no types for the SDK, a JS plugin): trust the name.
  return symbol ? symbol.name === 'definePlugin' : name.text === 'definePlugin';
}
