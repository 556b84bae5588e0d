/**
 * One run of the static analysis: one ts-morph Project for the plugins that share a tsconfig (one
 * for every file in the common case of none), one walk of each file's
 * raw compiler nodes that dispatches to the rules by node kind and by host global, then the
 * plugin-level and run-level rules. Raw nodes, not ts-morph wrappers: wrapping every node cost
 * +35% time and +84 MiB at 500 plugins; raw nodes cost +1 to 4%.
 */
import path from 'node:path';
import type { RuleSetting } from '../config/schema.js';
import { isInsideFolder, type PluginSource } from '../plugins/discovery.js';
import { checkMetadata } from '../plugins/metadata.js';
import { pluginFolderLookup } from './plugin-folders.js';
import { PACKAGE_ROOT, compilerSetup, createProject, defaultTsconfigJson, loadTsMorph } from './project.js';
import { RULES } from './rules/index.js';
import { behaviorDefinitionOf } from './rules/no-invalid-behavior.js';
import { GLOBAL_OBJECT_NAMES, createSemantics, isValueReference } from './semantics.js';
import { createEvaluator, extractStructure } from './structure.js';
import { startTsgo, tsgoExecutable, typeCheckWithProgram, type TsgoRun, type TypeCheckerChoice, type TypeDiagnostic } from './typecheck.js';
import type { BehaviorSite, Finding, GlobalReference, PluginFacts, Rule, RuleContext, Severity, TypeScript, ts } from './types.js';

/** A finding before suppressions and fingerprints: where, which rule, what. */
export type RawFinding = Omit<Finding, 'fingerprint' | 'suppressed'>;

export interface AnalyzeInput {
  sources: readonly PluginSource[];
  /** Effective setting of every rule. */
  settings: ReadonlyMap<string, RuleSetting>;
  /** The tsconfig.json of each plugin by its absolute entry (project.ts tsconfigFor); none: the strict defaults. */
  tsconfigs: ReadonlyMap<string, string | undefined>;
  typeChecker: TypeCheckerChoice;
}

export interface AnalyzeOutput {
  findings: RawFinding[];
  /** Every analysed file (entries and the local modules they import), absolute. */
  files: string[];
  /** Files per plugin. */
  pluginFiles: Map<string, string[]>;
  /** Text of every analysed file, for suppression comments and fingerprints. */
  texts: Map<string, string>;
  /** Comment ranges of the files that mention a suppression, for telling comments from strings. */
  comments: Map<string, [number, number][]>;
  /** Plugin entries the compiler left out of the program (it says why in its own diagnostics). */
  notAnalysed: string[];
  typeChecker: 'tsgo' | 'typescript' | 'none';
  /** A relative import or export of an analysed file names a module that does not resolve. */
  unresolvedImports: boolean;
  /** Every config file the run read: each tsconfig.json used (one program each) and the files they extend. */
  configFiles: string[];
  sdkPath: string;
}

/** What the programs of one run share: findings, and the files already walked (a helper two plugins import is walked once). */
interface SharedState {
  findings: RawFinding[];
  fileOwner: Map<string, string>;
  facts: Map<string, FileFacts>;
  pluginFiles: Map<string, string[]>;
  texts: Map<string, string>;
  comments: Map<string, [number, number][]>;
  notAnalysed: string[];
  plugins: PluginFacts[];
  unresolvedImports: boolean;
}

interface Group {
  tsconfigPath: string | undefined;
  sources: PluginSource[];
}

/**
 * Plugins grouped by the tsconfig.json that applies to them, one program each: compiler options
 * differ between groups, so one program cannot check them all. Plugins without one (the common
 * case) share one program under the defaults, which comes first so tsgo can start before
 * TypeScript loads.
 */
function groupByTsconfig(sources: readonly PluginSource[], tsconfigs: ReadonlyMap<string, string | undefined>): Group[] {
  const groups = new Map<string, Group>();
  for (const source of sources) {
    const tsconfigPath = tsconfigs.get(path.resolve(source.entry));
    const key = tsconfigPath ?? '';
    let group = groups.get(key);
    if (!group) {
      group = { tsconfigPath, sources: [] };
      groups.set(key, group);
    }
    group.sources.push(source);
  }
  return [...groups.entries()].sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))).map(([, g]) => g);
}

export async function analyze(input: AnalyzeInput): Promise<AnalyzeOutput> {
  const groups = groupByTsconfig(input.sources, input.tsconfigs);
  const shared: SharedState = {
    findings: [],
    fileOwner: new Map(),
    facts: new Map(),
    pluginFiles: new Map(),
    texts: new Map(),
    comments: new Map(),
    notAnalysed: [],
    plugins: [],
    unresolvedImports: false,
  };
  // Type-check with the native compiler first, in a child process: under the default options it
  // starts before TypeScript is loaded here (a plugin tsconfig needs TypeScript to be read). Not
  // overlapped with building the program: the two peaks would add up (measured 1.5x the peak RSS
  // of tsc at 500 plugins, against 1.0x one after the other), and tsgo takes a fifth of tsc's time.
  const typeSetting = severityOf(input.settings.get('no-type-errors'));
  const exe = typeSetting && (input.typeChecker === 'auto' || input.typeChecker === 'tsgo') ? tsgoExecutable() : undefined;
  const first = groups[0];
  const early = exe && first && !first.tsconfigPath ? startTsgo(exe, defaultTsconfigJson(first.sources.map((s) => path.resolve(s.entry)))) : undefined;
  const checkers = new Set<AnalyzeOutput['typeChecker']>();
  let runRules: ((plugins: readonly PluginFacts[]) => void) | undefined;
  let sdkPath = '';
  const configFiles = new Set<string>();
  for (const [i, group] of groups.entries()) {
    const out = await analyzeGroup(input, group, shared, exe, i === 0 ? early : undefined);
    checkers.add(out.typeChecker);
    runRules = out.runRules;
    sdkPath = out.sdkPath;
    for (const file of out.configFiles) configFiles.add(file);
  }
  // Run-level rules (behavior ids unique across files) see the plugins of every program.
  runRules?.(shared.plugins);
  const typeChecker = checkers.has('typescript') ? 'typescript' : checkers.has('tsgo') ? 'tsgo' : 'none';
  const { findings, facts, pluginFiles, texts, comments, notAnalysed, unresolvedImports } = shared;
  return {
    findings,
    files: [...facts.keys()],
    pluginFiles,
    texts,
    comments,
    notAnalysed,
    typeChecker,
    unresolvedImports,
    configFiles: [...configFiles],
    sdkPath,
  };
}

/** Capabilities the sandbox grants by permission, reached through host globals. */
const CAPABILITY_GLOBALS: ReadonlyMap<string, string> = new Map([
  ['setTimeout', 'timers'],
  ['setInterval', 'timers'],
  ['setImmediate', 'timers'],
  ['clearTimeout', 'timers'],
  ['clearInterval', 'timers'],
  ['clearImmediate', 'timers'],
  ['localStorage', 'storage'],
  ['sessionStorage', 'storage'],
  ['indexedDB', 'storage'],
  // The sandbox installs console (writing to the plugin log) only with the log permission.
  ['console', 'log'],
]);
/** Capabilities reached through the plugin context (`ctx.log`, `ctx.storage`). */
const CONTEXT_CAPABILITIES: ReadonlyMap<string, string> = new Map([
  ['log', 'log'],
  ['storage', 'storage'],
]);

const SDK_FOLDERS = [path.join(PACKAGE_ROOT, 'dist'), path.join(PACKAGE_ROOT, 'src')];
function isSdkFile(file: string): boolean {
  return SDK_FOLDERS.some((folder) => isInsideFolder(folder, path.resolve(file)));
}

/** The SDK types whose values are a capability, by type name. */
const SDK_CAPABILITY_TYPES: ReadonlyMap<string, string> = new Map([
  ['PluginLogger', 'log'],
  ['PluginStorageApi', 'storage'],
]);

function severityOf(setting: RuleSetting | undefined): Severity | undefined {
  return setting === 'error' ? 'error' : setting === 'warn' ? 'warning' : undefined;
}

function format(template: string, data: Record<string, string> | undefined): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => data?.[key] ?? `{${key}}`);
}

interface FileFacts {
  capabilities: Map<string, { file: string; node: ts.Node }>;
  behaviors: BehaviorSite[];
  /** Local modules this file imports statically. */
  imports: ts.SourceFile[];
}

/** The plugins of one group in one program: walked, plugin-level rules, type errors. */
async function analyzeGroup(
  input: AnalyzeInput,
  group: Group,
  shared: SharedState,
  exe: string | undefined,
  early: TsgoRun | undefined,
): Promise<{ typeChecker: AnalyzeOutput['typeChecker']; sdkPath: string; configFiles: string[]; runRules: (plugins: readonly PluginFacts[]) => void }> {
  const tsconfigPath = group.tsconfigPath;
  const roots = group.sources.map((s) => path.resolve(s.entry));

  const typeSetting = severityOf(input.settings.get('no-type-errors'));
  let tsgoRun = early;
  const { ts } = loadTsMorph();
  const tsApi: TypeScript = ts;
  const setup = compilerSetup(tsApi, tsconfigPath);
  if (exe && !tsgoRun) tsgoRun = startTsgo(exe, setup.tsconfigJson(roots));
  const tsgoOutcome = tsgoRun ? await tsgoRun.result : undefined;

  const project = createProject(setup, roots);
  const program = project.getProgram().compilerObject;
  const checker = program.getTypeChecker();
  const aliasOf = new Map<ts.Symbol, string>();
  const semantics = createSemantics(tsApi, checker, aliasOf);
  const evaluator = createEvaluator(tsApi, checker, semantics);

  const { findings, fileOwner, facts, pluginFiles, texts, comments, notAnalysed } = shared;
  const locate = (node: ts.Node) => {
    const sf = node.getSourceFile();
    const start = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    const end = sf.getLineAndCharacterOfPosition(node.getEnd());
    return { file: path.resolve(sf.fileName), line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
  };
  const push = (rule: Rule, severity: Severity, node: ts.Node, messageId: string, data: Record<string, string> | undefined) => {
    const where = locate(node);
    const template = rule.meta.messages[messageId] ?? messageId;
    findings.push({ ruleId: rule.meta.id, severity, message: format(template, data), ...where, plugin: fileOwner.get(where.file) });
  };

  // Active rules, indexed by what they listen to.
  const active = RULES.map((rule) => ({ rule, severity: severityOf(input.settings.get(rule.meta.id)) })).filter(
    (r): r is { rule: Rule; severity: Severity } => r.severity !== undefined,
  );
  const byKind = new Map<number, { rule: Rule; severity: Severity }[]>();
  const byGlobal = new Map<string, { rule: Rule; severity: Severity }[]>();
  for (const entry of active) {
    for (const kindName of entry.rule.kinds ?? []) {
      const kind = ts.SyntaxKind[kindName];
      const list = byKind.get(kind) ?? [];
      list.push(entry);
      byKind.set(kind, list);
    }
    for (const name of entry.rule.globals ?? []) {
      const list = byGlobal.get(name) ?? [];
      list.push(entry);
      byGlobal.set(name, list);
    }
  }
  /** Names worth asking the checker about: every global a rule or a capability listens to. */
  const watched = new Set<string>([...byGlobal.keys(), ...GLOBAL_OBJECT_NAMES, ...CAPABILITY_GLOBALS.keys()]);

  // Which plugin owns which file: the entry and, transitively, the local modules it imports.
  const sourceFiles = new Map<string, ts.SourceFile>();
  for (const sf of program.getSourceFiles()) sourceFiles.set(path.resolve(sf.fileName), sf);
  const plugins: PluginFacts[] = [];
  /** The plugin folder a file's imports must stay in: of every plugin of the run, not only this group's. */
  const folderOf = pluginFolderLookup(input.sources);
  const compilerOptions = program.getCompilerOptions();
  /** The files of this group's plugins, whose type errors this program reports. */
  const groupFiles = new Set<string>();

  const walkFile = (sf: ts.SourceFile, file: string): FileFacts => {
    const fileFacts: FileFacts = { capabilities: new Map(), behaviors: [], imports: [] };
    const aliasNames = new Set<string>();
    const pluginFolder = folderOf(file);
    const context = (entry: { rule: Rule; severity: Severity }): RuleContext => ({
      ts: tsApi,
      checker,
      sourceFile: sf,
      semantics,
      pluginFolder,
      compilerOptions,
      report: (node, messageId, data) => push(entry.rule, entry.severity, node, messageId, data),
    });
    const contexts = new Map<Rule, RuleContext>();
    const contextOf = (entry: { rule: Rule; severity: Severity }) => {
      let c = contexts.get(entry.rule);
      if (!c) {
        c = context(entry);
        contexts.set(entry.rule, c);
      }
      return c;
    };
    const emitGlobal = (reference: GlobalReference) => {
      // `typeof fetch === 'function'` asks whether a global exists; it neither calls nor hands it out.
      if (reference.node.parent && ts.isTypeOfExpression(reference.node.parent)) return;
      const capability = CAPABILITY_GLOBALS.get(reference.name);
      if (capability && !fileFacts.capabilities.has(capability)) fileFacts.capabilities.set(capability, { file, node: reference.node });
      const listeners = byGlobal.get(reference.name);
      if (!listeners) return;
      for (const entry of listeners) entry.rule.checkGlobal?.(reference, contextOf(entry));
    };
    const recordAlias = (decl: ts.VariableDeclaration) => {
      if (!decl.initializer || !ts.isIdentifier(decl.name)) return;
      const list = decl.parent;
      if (!ts.isVariableDeclarationList(list) || (list.flags & ts.NodeFlags.Const) === 0) return;
      const name = semantics.globalNameOf(decl.initializer, { followAliases: true });
      if (!name || !watched.has(name)) return;
      const symbol = checker.getSymbolAtLocation(decl.name);
      if (!symbol) return;
      aliasOf.set(symbol, name);
      aliasNames.add(decl.name.text);
    };
    /** The second parameter of a function named register: the context, typed or not (JavaScript). */
    const isRegisterContextParameter = (decl: ts.Node): boolean => {
      if (!ts.isParameter(decl)) return false;
      const fn = decl.parent;
      const fnName = (fn as { name?: ts.Node }).name;
      return fn.parameters.indexOf(decl) === 1 && fnName !== undefined && ts.isIdentifier(fnName) && fnName.text === 'register';
    };
    /** A declared type written as PluginContext or BehaviorContext (read from the annotation, no inference). */
    const isContextAnnotation = (decl: ts.Node): boolean => {
      const annotation = ts.isParameter(decl) || ts.isVariableDeclaration(decl) ? decl.type : undefined;
      if (!annotation || !ts.isTypeReferenceNode(annotation)) return false;
      const name = ts.isIdentifier(annotation.typeName) ? annotation.typeName.text : annotation.typeName.right.text;
      return name === 'PluginContext' || name === 'BehaviorContext';
    };
    /**
     * Whether `ctx` in `ctx.log` is the plugin context. Syntax first (the register parameter, an
     * annotation): asking the checker for the type of an unannotated register parameter makes it
     * infer the whole definePlugin(...) call, which measured 270 ms per 100 plugins.
     */
    const isContextReceiver = (receiver: ts.Node): boolean => {
      const e = ts.isObjectBindingPattern(receiver) ? receiver : semantics.skipOuter(receiver as ts.Expression);
      if (ts.isObjectBindingPattern(e)) return isRegisterContextParameter(e.parent) || isContextAnnotation(e.parent);
      if (ts.isIdentifier(e)) {
        if (e.text === 'Math' || e.text === 'console' || e.text === 'JSON') return false;
        const decl = checker.getSymbolAtLocation(e)?.valueDeclaration;
        if (!decl) return false;
        if (isRegisterContextParameter(decl) || isContextAnnotation(decl)) return true;
        if (ts.isParameter(decl) || ts.isFunctionDeclaration(decl) || ts.isClassDeclaration(decl) || ts.isImportSpecifier(decl)) return false;
      }
      // Anything else (`this.ctx.log`, `const c = ctx; c.log`, `getContext().log`): ask the checker.
      const type = checker.getTypeAtLocation(e);
      const symbol = type.getSymbol() ?? type.aliasSymbol;
      return symbol !== undefined && (symbol.name === 'PluginContext' || symbol.name === 'BehaviorContext');
    };
    /**
     * The capability an access gives by its type: a value of the SDK's PluginLogger or
     * PluginStorageApi type, however the context reached it (`deps.log` of an interface of the
     * plugin's own, `this.host.storage` of a Pick<PluginContext, ...>).
     */
    const capabilityByType = (access: ts.PropertyAccessExpression): string | undefined => {
      const receiver = semantics.skipOuter(access.expression);
      if (ts.isIdentifier(receiver) && (receiver.text === 'console' || receiver.text === 'Math' || receiver.text === 'JSON')) return undefined;
      const type = checker.getNonNullableType(checker.getTypeAtLocation(access));
      const symbol = type.aliasSymbol ?? type.getSymbol();
      const capability = symbol ? SDK_CAPABILITY_TYPES.get(symbol.name) : undefined;
      // Declared by this package (its declarations, or its source under tests), not an interface of the plugin that shares the name.
      return capability !== undefined && symbol?.declarations?.some((d) => isSdkFile(d.getSourceFile().fileName)) ? capability : undefined;
    };
    const recordContextUse = (name: string, node: ts.Node) => {
      const capability = CONTEXT_CAPABILITIES.get(name);
      if (capability && !fileFacts.capabilities.has(capability)) fileFacts.capabilities.set(capability, { file, node });
    };

    const visit = (node: ts.Node): void => {
      const kind = node.kind;
      // Types are erased: nothing in them runs. (`class X extends Function` is an
      // ExpressionWithTypeArguments, outside this range, so it is still walked.)
      if (kind >= ts.SyntaxKind.FirstTypeNode && kind <= ts.SyntaxKind.LastTypeNode) return;
      if (kind === ts.SyntaxKind.InterfaceDeclaration || kind === ts.SyntaxKind.TypeAliasDeclaration) return;
      if (kind === ts.SyntaxKind.HeritageClause && (node as ts.HeritageClause).token === ts.SyntaxKind.ImplementsKeyword) return;
      if (kind === ts.SyntaxKind.ModuleDeclaration && ((node as ts.ModuleDeclaration).flags & ts.NodeFlags.GlobalAugmentation) !== 0) return;
      const kindRules = byKind.get(kind);
      if (kindRules) for (const entry of kindRules) entry.rule.check?.(node, contextOf(entry));

      switch (kind) {
        case ts.SyntaxKind.Identifier: {
          const id = node as ts.Identifier;
          const text = id.text;
          const isAlias = aliasNames.has(text);
          if ((watched.has(text) || isAlias) && isValueReference(tsApi, id)) {
            const name = semantics.globalNameOf(id);
            if (name !== undefined) {
              const symbol = checker.getSymbolAtLocation(id);
              const viaAlias = symbol !== undefined && aliasOf.has(symbol);
              // An alias use is reported where the alias was made (`const e = eval`), except for
              // the global object, whose every use must be checked for escapes.
              if (!viaAlias) emitGlobal({ name, node: id, via: 'name' });
              else if (GLOBAL_OBJECT_NAMES.has(name)) emitGlobal({ name, node: id, via: 'alias' });
            }
          }
          break;
        }
        case ts.SyntaxKind.PropertyAccessExpression: {
          const access = node as ts.PropertyAccessExpression;
          const name = access.name.text;
          if (watched.has(name) && semantics.isGlobalObject(access.expression)) emitGlobal({ name, node: access, via: 'member' });
          if (CONTEXT_CAPABILITIES.has(name)) {
            if (isContextReceiver(access.expression)) recordContextUse(name, access);
            else if (capabilityByType(access) === name) recordContextUse(name, access);
          }
          break;
        }
        case ts.SyntaxKind.ElementAccessExpression: {
          const access = node as ts.ElementAccessExpression;
          if (semantics.isGlobalObject(access.expression)) {
            const keys = semantics.constantStrings(access.argumentExpression);
            if (!keys) emitGlobal({ name: '*', node: access, via: 'member' });
            else for (const key of keys) if (watched.has(key)) emitGlobal({ name: key, node: access, via: 'member' });
          }
          break;
        }
        case ts.SyntaxKind.VariableDeclaration: {
          const decl = node as ts.VariableDeclaration;
          recordAlias(decl);
          if (ts.isObjectBindingPattern(decl.name) && decl.initializer) {
            const fromGlobal = semantics.isGlobalObject(decl.initializer);
            const fromContext = !fromGlobal && isContextReceiver(decl.initializer);
            if (fromGlobal || fromContext) visitPattern(decl.name, fromGlobal);
          }
          break;
        }
        case ts.SyntaxKind.Parameter: {
          // register(registry, { log }) destructures the context.
          const param = node as ts.ParameterDeclaration;
          if (ts.isObjectBindingPattern(param.name) && isContextReceiver(param.name)) visitPattern(param.name, false);
          break;
        }
        case ts.SyntaxKind.CallExpression: {
          const definition = behaviorDefinitionOf(node, { ts: tsApi, checker, semantics, sourceFile: sf, pluginFolder, compilerOptions, report: () => undefined });
          if (definition) fileFacts.behaviors.push(behaviorSite(node as ts.CallExpression, definition));
          break;
        }
        case ts.SyntaxKind.ImportDeclaration:
        case ts.SyntaxKind.ExportDeclaration: {
          const spec = (node as ts.ImportDeclaration | ts.ExportDeclaration).moduleSpecifier;
          if (spec && ts.isStringLiteral(spec) && spec.text.startsWith('.')) {
            const target = checker.getSymbolAtLocation(spec)?.valueDeclaration;
            if (target && ts.isSourceFile(target)) fileFacts.imports.push(target);
            // No symbol is also a file that is no module; only a failed resolution counts.
            else if (!target && !tsApi.resolveModuleName(spec.text, sf.fileName, program.getCompilerOptions(), tsApi.sys).resolvedModule) shared.unresolvedImports = true;
          }
          break;
        }
        default:
          break;
      }
      ts.forEachChild(node, visit);
    };

    const visitPattern = (pattern: ts.ObjectBindingPattern, fromGlobal: boolean) => {
      for (const element of pattern.elements) {
        if (element.dotDotDotToken) {
          if (fromGlobal) emitGlobal({ name: '*', node: element, via: 'destructuring' });
          continue;
        }
        const keyNode = element.propertyName ?? element.name;
        let keys: string[] | undefined;
        if (ts.isIdentifier(keyNode) || ts.isStringLiteral(keyNode)) keys = [keyNode.text];
        else if (ts.isComputedPropertyName(keyNode)) keys = semantics.constantStrings(keyNode.expression);
        if (!fromGlobal) {
          for (const key of keys ?? []) recordContextUse(key, element);
          continue;
        }
        if (!keys) emitGlobal({ name: '*', node: element, via: 'destructuring' });
        else for (const key of keys) if (watched.has(key)) emitGlobal({ name: key, node: element, via: 'destructuring' });
      }
    };

    const behaviorSite = (call: ts.CallExpression, definition: ts.ObjectLiteralExpression): BehaviorSite => {
      let id: string | undefined;
      let idNode: ts.Node = definition;
      for (const p of definition.properties) {
        if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === 'id') {
          idNode = p.initializer;
          const values = semantics.constantStrings(p.initializer);
          if (values?.length === 1) id = values[0];
        }
      }
      return { file, call, definition, id, idNode };
    };

    ts.forEachChild(sf, visit);
    return fileFacts;
  };

  for (const source of group.sources) {
    const entryPath = path.resolve(source.entry);
    const entry = sourceFiles.get(entryPath);
    if (!entry) {
      notAnalysed.push(entryPath);
      continue;
    }
    const files: string[] = [];
    const capabilities = new Map<string, { file: string; node: ts.Node }>();
    const behaviors: BehaviorSite[] = [];
    const queue: ts.SourceFile[] = [entry];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const sf = queue.shift();
      if (!sf) break;
      const file = path.resolve(sf.fileName);
      if (seen.has(file) || sf.isDeclarationFile || file.includes(`${path.sep}node_modules${path.sep}`)) continue;
      seen.add(file);
      files.push(file);
      groupFiles.add(file);
      if (!fileOwner.has(file)) fileOwner.set(file, source.name);
      let fileFacts = facts.get(file);
      if (!fileFacts) {
        texts.set(file, sf.text);
        if (sf.text.includes('svgx-disable-')) comments.set(file, commentRanges(tsApi, sf));
        fileFacts = walkFile(sf, file);
        facts.set(file, fileFacts);
      }
      for (const [capability, use] of fileFacts.capabilities) if (!capabilities.has(capability)) capabilities.set(capability, use);
      behaviors.push(...fileFacts.behaviors);
      queue.push(...fileFacts.imports);
    }
    pluginFiles.set(source.name, files);
    const structure = extractStructure(tsApi, checker, semantics, evaluator, entry);
    structure.behaviors = behaviors;
    plugins.push({ name: source.name, entry: entryPath, files, structure, capabilities });
  }
  shared.plugins.push(...plugins);

  // Plugin-level rules here; run-level rules once every group is done (runRules).
  const pluginContextOf = (entry: { rule: Rule; severity: Severity }) => ({
      ts: tsApi,
      checker,
      semantics,
      checkMetadata,
      report: (file: string, node: ts.Node | undefined, messageId: string, data?: Record<string, string>) => {
        if (node) {
          push(entry.rule, entry.severity, node, messageId, data);
          return;
        }
        const template = entry.rule.meta.messages[messageId] ?? messageId;
        findings.push({ ruleId: entry.rule.meta.id, severity: entry.severity, message: format(template, data), file, line: 1, column: 1, endLine: 1, endColumn: 1, plugin: fileOwner.get(file) });
      },
  });
  for (const entry of active) {
    if (entry.rule.checkPlugin) for (const plugin of plugins) entry.rule.checkPlugin(plugin, pluginContextOf(entry));
  }
  const runRules = (all: readonly PluginFacts[]) => {
    for (const entry of active) entry.rule.checkRun?.({ ...pluginContextOf(entry), plugins: all });
  };

  // Type errors, of the analysed files only (not of the SDK or libraries).
  let typeChecker: AnalyzeOutput['typeChecker'] = 'none';
  if (typeSetting) {
    let diagnostics: TypeDiagnostic[] | undefined;
    // Like tsc, tsgo reports no semantic errors at all once any file has a syntax error; one
    // broken plugin must not hide the type errors of the others, so then the in-process checker
    // takes over (it checks each file on its own).
    const analysedFiles = [...groupFiles].map((f) => sourceFiles.get(f)).filter((sf): sf is ts.SourceFile => sf !== undefined);
    const anySyntaxError = analysedFiles.some((sf) => program.getSyntacticDiagnostics(sf).length > 0);
    if (tsgoOutcome && 'diagnostics' in tsgoOutcome && !anySyntaxError) {
      diagnostics = tsgoOutcome.diagnostics;
      typeChecker = 'tsgo';
    }
    if (!diagnostics && input.typeChecker !== 'none') {
      diagnostics = typeCheckWithProgram(tsApi, program, analysedFiles);
      typeChecker = 'typescript';
    }
    for (const d of diagnostics ?? []) {
      if (!groupFiles.has(d.file)) continue;
      // tsgo prints only where a diagnostic starts; end it after the word there, for editors and SARIF.
      if (d.endLine === d.line && d.endColumn === d.column) {
        const lineText = texts.get(d.file)?.split('\n', d.line)[d.line - 1] ?? '';
        const word = /^[\w$]+|^\S/.exec(lineText.slice(d.column - 1))?.[0] ?? '';
        d.endColumn = d.column + word.length;
      }
      findings.push({
        ruleId: 'no-type-errors',
        severity: typeSetting,
        message: `${d.message} (TS${d.code})`,
        file: d.file,
        line: d.line,
        column: d.column,
        endLine: d.endLine,
        endColumn: d.endColumn,
        plugin: fileOwner.get(d.file),
      });
    }
  }

  return { typeChecker, sdkPath: setup.sdkPath, configFiles: setup.configFiles, runRules };
}


/** Every comment of a file, as the parser attached them (leading and trailing trivia of each node). */
function commentRanges(tsApi: TypeScript, sf: ts.SourceFile): [number, number][] {
  const seen = new Set<number>();
  const out: [number, number][] = [];
  const add = (ranges: ts.CommentRange[] | undefined) => {
    for (const r of ranges ?? []) {
      if (seen.has(r.pos)) continue;
      seen.add(r.pos);
      out.push([r.pos, r.end]);
    }
  };
  const visit = (node: ts.Node): void => {
    add(tsApi.getLeadingCommentRanges(sf.text, node.pos));
    add(tsApi.getTrailingCommentRanges(sf.text, node.end));
    tsApi.forEachChild(node, visit);
  };
  visit(sf);
  add(tsApi.getLeadingCommentRanges(sf.text, sf.endOfFileToken.pos));
  return out;
}
