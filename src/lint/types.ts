/**
 * The vocabulary of `validate`: rules, findings and the result of a run. Type-only imports of
 * the compiler: nothing here loads TypeScript, so `--list-rules`, `explain` and a warm cached
 * run never pay for the 9 MB compiler.
 */
import type { ts } from 'ts-morph';
import type { RuleSetting } from '../config/schema.js';

export type TypeScript = typeof ts;
export type { ts };

/** Severity as printed and counted: a rule set to `warn` in .arxosrc reports `warning`s. */
export type Severity = 'error' | 'warning';

export interface RuleMeta {
  /** Reads as what the rule forbids: `no-eval`, `no-node-builtins`. */
  id: string;
  /** The severity when `.arxosrc` `rules` does not set one. */
  defaultSeverity: RuleSetting;
  /** One line, shown by `--list-rules` and in SARIF `shortDescription`. */
  description: string;
  /** What it catches, why it matters and how to fix it: `svgx-plugins explain <id>`. */
  docs: string;
  /** Message templates by id; `{name}` placeholders are filled from the report's data. */
  messages: Record<string, string>;
  /** Which part of validate the rule belongs to, for grouping in `--list-rules`. */
  category: 'types' | 'structure' | 'security' | 'permissions' | 'suppressions';
}

/** A reference to a host global, however it was spelled: `eval`, `globalThis['ev' + 'al']`, `{ eval: e } = window`. */
export interface GlobalReference {
  /** The global's name (`eval`, `process`, `globalThis`). */
  name: string;
  /** The node to report: an identifier, a property or element access, or a binding element. */
  node: ts.Node;
  /** How it was reached: a bare name, a member of a global object, or destructuring. */
  via: 'name' | 'member' | 'destructuring' | 'alias';
}

export interface RuleContext {
  readonly ts: TypeScript;
  readonly checker: ts.TypeChecker;
  readonly sourceFile: ts.SourceFile;
  readonly semantics: Semantics;
  /**
   * The folder (real path) the file's imports must stay in: the innermost folder of a plugin of
   * the run (pluginFolder) that holds the file. Undefined for a file outside every plugin's folder,
   * whose way in was already reported at the import that left the folder.
   */
  readonly pluginFolder: string | undefined;
  /** The compiler options of the program the file is in (the plugin's tsconfig, or the defaults). */
  readonly compilerOptions: ts.CompilerOptions;
  report(node: ts.Node, messageId: string, data?: Record<string, string>): void;
}

/** Symbol-aware questions the rules share (implemented in semantics.ts). */
export interface Semantics {
  /** The host global an expression denotes (through parentheses, `(0, x)`, casts and global objects), or undefined. */
  globalNameOf(expression: ts.Expression, options?: { followAliases?: boolean }): string | undefined;
  /** True when the expression is the global object (`globalThis`, `window`, `self`, `global`) or a const alias of it. */
  isGlobalObject(expression: ts.Expression): boolean;
  /** Every string an expression can evaluate to, when the compiler can tell (literals, concatenations, consts, literal types). */
  constantStrings(expression: ts.Expression): string[] | undefined;
  /** Strips parentheses, `(0, x)`, `x as T`, `<T>x`, `x!` and `x satisfies T`. */
  skipOuter(expression: ts.Expression): ts.Expression;
  /** The module specifier of an import, export, `import x = require()`, `require()` or `import()` node, when constant. */
  moduleSpecifierOf(node: ts.Node): { specifier: string | undefined; node: ts.Node } | undefined;
  /** True for `import type`, `export type` and imports whose every specifier is type-only. */
  isTypeOnlyImport(node: ts.Node): boolean;
  /** The name of the SDK package (`svgx-plugins`). */
  readonly sdkModule: string;
  /** True when the node is in a file whose kind is JavaScript. */
  isJavaScript(node: ts.Node): boolean;
}

/** What the plugin-level rules see of one plugin once every file was walked. */
export interface PluginFacts {
  name: string;
  entry: string;
  /** Every analysed file of the plugin: the entry and the local modules it imports. */
  files: string[];
  structure: PluginStructure;
  /** Capabilities the code uses, each with the first place it does. */
  capabilities: Map<string, { file: string; node: ts.Node }>;
}

export type StaticValue = string | number | boolean | null | undefined | StaticValue[] | { [key: string]: StaticValue } | typeof UNKNOWN;
/** A value the static evaluator could not work out (a call, a spread, a parameter). */
export const UNKNOWN: unique symbol = Symbol('unknown');

export interface BehaviorSite {
  file: string;
  call: ts.CallExpression;
  definition: ts.ObjectLiteralExpression | undefined;
  id: string | undefined;
  idNode: ts.Node;
}

export interface PluginStructure {
  form: 'define' | 'seed' | 'unknown';
  /** The node the plugin's definition starts at (the default export or PLUGIN_METADATA), for reports. */
  anchor: ts.Node | undefined;
  metadataNode: ts.Expression | undefined;
  /** The metadata as far as it can be evaluated without running the code. */
  metadata: StaticValue;
  /** The node of each metadata property, by key, to point at the right line. */
  metadataProperties: Map<string, ts.Node>;
  registerNode: ts.Node | undefined;
  /** `register` exists but is not a function (`register: 42`). */
  registerNotFunction: boolean;
  behaviors: BehaviorSite[];
}

export interface PluginRuleContext {
  readonly ts: TypeScript;
  readonly checker: ts.TypeChecker;
  readonly semantics: Semantics;
  /**
   * The plugin system's own metadata check, handed in by the analysis so that importing the
   * rules (for --list-rules, explain or a cached run) does not load semver and the schema.
   */
  readonly checkMetadata: typeof import('../plugins/metadata.js').checkMetadata;
  report(file: string, node: ts.Node | undefined, messageId: string, data?: Record<string, string>): void;
}

export interface RunRuleContext extends PluginRuleContext {
  readonly plugins: readonly PluginFacts[];
}

export type SyntaxKindName = keyof typeof ts.SyntaxKind;

/**
 * A rule, shaped like a typescript-eslint rule: `meta`, and `check` functions that receive the
 * node, the checker (through the context) and a report function. A rule asks for what it needs:
 * - `globals` + `checkGlobal`: every value reference to these host globals, however spelled;
 * - `kinds` + `check`: every node of these syntax kinds (raw compiler nodes, never wrapped);
 * - `checkPlugin`: once per plugin after its files were walked (structure, permissions);
 * - `checkRun`: once per run, across plugins (behavior ids unique across files).
 */
export interface Rule {
  meta: RuleMeta;
  globals?: readonly string[];
  checkGlobal?(reference: GlobalReference, context: RuleContext): void;
  kinds?: readonly SyntaxKindName[];
  check?(node: ts.Node, context: RuleContext): void;
  checkPlugin?(plugin: PluginFacts, context: PluginRuleContext): void;
  checkRun?(context: RunRuleContext): void;
}

export interface Suppression {
  reason: string;
  /** 1-based line of the comment. */
  line: number;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Absolute path. */
  file: string;
  /** 1-based. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The plugin the file belongs to, when known. */
  plugin: string | undefined;
  /** Stable across moved lines: rule, file, message and the text of the line, not its number. */
  fingerprint: string;
  /** Set when an inline `svgx-disable-next-line` comment silenced it, with its reason. */
  suppressed?: Suppression | undefined;
}

export interface PluginSummary {
  name: string;
  entry: string;
  files: string[];
  /** The tsconfig.json its type-check used (its folder's, else the folder it sits in); undefined: the strict defaults. */
  tsconfig: string | undefined;
  errors: number;
  warnings: number;
}

export interface ValidateResult {
  findings: Finding[];
  plugins: PluginSummary[];
  /** Absolute paths of every analysed file. */
  files: string[];
  /** The rules that ran with their effective severity. */
  rules: { meta: RuleMeta; severity: RuleSetting }[];
  /** Remarks on the inputs (a folder without plugins); they do not change the exit code. */
  notes: string[];
  /**
   * Plugins that could not be checked at all (two plugins of one name, a folder plugin without an
   * entry, a file the compiler could not read): the plugin system refuses them too, so they fail
   * the run, as a CI check must not pass over code it never saw.
   */
  problems: string[];
  stats: {
    cached: boolean;
    durationMs: number;
    typeChecker: 'tsgo' | 'typescript' | 'none';
    shard?: { index: number; count: number } | undefined;
  };
  /** Folder that paths in reports are relative to. */
  cwd: string;
  toolVersion: string;
  /** Set when --baseline took part: the findings it recorded or filtered out are not in `findings`. */
  baseline?: BaselineSummary | undefined;
}

export interface BaselineSummary {
  /** The baseline file, as given. */
  file: string;
  /** True when this run wrote it (first run or --update-baseline). */
  written: boolean;
  /** Findings in the file. */
  recorded: number;
  /** Findings of this run it left out of the report. */
  filtered: number;
}
