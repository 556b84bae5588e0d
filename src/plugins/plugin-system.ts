import { EventEmitter } from 'node:events';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BehaviorEngine, type BehaviorStatsSnapshot, type CustomMetric, type QuarantineEntry } from '../engine/engine.js';
import type { HistogramSnapshot } from '../engine/histogram.js';
import { checkBehaviorDefinition } from '../engine/registry.js';
import type { Behavior, BehaviorDefinition } from '../engine/types.js';
import { SvgxError, describeThrown, stackOf, type ErrorCode } from '../errors.js';
import type { RuleSetting } from '../config/schema.js';
import type { Finding as LintFinding } from '../lint/types.js';
import type { PluginContext, PluginLogger, PluginMetadata, PluginRegistryApi } from './contract.js';
import { discoverPluginSources, type PluginSource } from './discovery.js';
import { dependentsOf, resolveLoadOrder, type GraphNode } from './graph.js';
import type { PluginLimits, PluginLoader, PreparedPlugin } from './loader.js';
import { checkMetadata, metadataError } from './metadata.js';
import { TrustedLoader } from './trusted-loader.js';
// The default loader; the sandbox depends only on plugins/ modules below this one, so no import cycle.
import { SandboxedLoader } from '../sandbox/sandboxed-loader.js';

export const PLUGIN_STATUSES = ['loaded', 'unloaded', 'error', 'invalid', 'disabled'] as const;
export type PluginStatus = (typeof PLUGIN_STATUSES)[number];

/** Per-plugin settings, as in `.arxosrc` `plugins.<name>`. */
export interface PluginSettings {
  enabled?: boolean;
  /** Run in the host realm instead of the sandbox (the operator's own code only). */
  trusted?: boolean;
  /** Default handler time limit for this plugin's behaviors, in ms. */
  timeoutMs?: number;
  registerTimeoutMs?: number;
  topLevelTimeoutMs?: number;
  memoryLimitMb?: number;
}

export type PluginStage = 'discover' | 'load' | 'validate' | 'dependencies' | 'register' | 'reload' | 'unload' | 'dispose' | 'run';

export interface PluginError {
  code: ErrorCode;
  message: string;
  stage: PluginStage;
  location?: string | undefined;
  hint?: string | undefined;
  stack?: string | undefined;
  at: Date;
}

export interface PluginLoadMetrics {
  /** Time to build and evaluate the code, in ms (last successful load or reload). */
  loadMs: number | undefined;
  /** Time of `register`, in ms. */
  registerMs: number | undefined;
  reloads: number;
  reloadErrors: number;
  /** File change or call to new behaviors live, in ms, of the last reload. */
  lastReloadMs: number | undefined;
  lastReloadAt: Date | undefined;
}

export interface PluginLogEntry {
  plugin: string;
  level: 'info' | 'warn' | 'error';
  message: string;
  at: Date;
}

/** A snapshot of one plugin: plain data, safe to hand to a view or print as JSON. */
export interface PluginInfo {
  name: string;
  status: PluginStatus;
  version: string | undefined;
  metadata: PluginMetadata | undefined;
  source: { entry: string; root: string; kind: 'file' | 'folder' } | undefined;
  loader: 'trusted' | 'sandboxed';
  lastError: PluginError | undefined;
  loadedAt: Date | undefined;
  /** Ids of the behaviors this plugin registered. */
  behaviors: string[];
  dependencies: Record<string, string>;
  /** Loaded plugins that depend on this one. */
  dependents: string[];
  metrics: PluginLoadMetrics;
  /** Behaviors of this plugin no longer dispatched to, and why (timeouts in a row). */
  quarantined: QuarantineEntry[];
}

export interface BehaviorPerformance extends BehaviorStatsSnapshot {
  events: readonly string[];
  priority: string;
}

export interface PluginPerformance {
  plugin: string;
  status: PluginStatus;
  load: PluginLoadMetrics;
  behaviors: BehaviorPerformance[];
  totals: { calls: number; errors: number; timeouts: number };
  /** Handler latency of all the plugin's behaviors together (their histograms merged exactly). */
  latency: HistogramSnapshot;
  custom: Record<string, CustomMetric>;
}

export interface ValidationProblem {
  severity: 'error' | 'warning';
  code: ErrorCode;
  message: string;
  field?: string | undefined;
  location?: string | undefined;
  /** The validate rule that found it, for problems of the static analysis. */
  rule?: string | undefined;
}

export interface PluginValidation {
  plugin: string;
  valid: boolean;
  problems: ValidationProblem[];
  /** The static analysis' findings (as `svgx-plugins validate` reports them), suppressed ones included. */
  findings?: LintFinding[] | undefined;
}

export interface PluginSystemEvents {
  loaded: [PluginInfo];
  unloaded: [PluginInfo];
  reloaded: [PluginInfo];
  failed: [PluginInfo, PluginError];
  log: [PluginLogEntry];
}

export interface PluginSystemOptions {
  /** The folder of plugins; default `plugins` under the current folder. */
  pluginDir?: string;
  engine?: BehaviorEngine;
  /**
   * The loader of every plugin, or a choice per plugin. Default: the sandbox for every plugin,
   * the trusted (host realm) loader only for plugins whose settings say `trusted: true`.
   */
  loader?: PluginLoader | ((source: PluginSource, settings: PluginSettings) => PluginLoader);
  /** Sandbox settings, as in `.arxosrc` `sandbox`. */
  sandbox?: { maxResultBytes?: number; quarantineAfter?: number };
  /** Per-plugin settings by name. */
  plugins?: Record<string, PluginSettings>;
  /** Limits used when a plugin's settings give none. */
  limits?: Partial<PluginLimits>;
  /** Severities of validate rules, as in `.arxosrc` `rules`: the default of `validatePlugin`. */
  rules?: Record<string, RuleSetting>;
}

export const DEFAULT_LIMITS: PluginLimits = {
  registerTimeoutMs: 2000,
  topLevelTimeoutMs: 1000,
  handlerTimeoutMs: 250,
  memoryLimitMb: 64,
};

const LOG_KEEP = 50;

interface PluginRecord {
  name: string;
  source: PluginSource | undefined;
  status: PluginStatus;
  metadata: PluginMetadata | undefined;
  prepared: PreparedPlugin | undefined;
  loaderKind: 'trusted' | 'sandboxed';
  lastError: PluginError | undefined;
  loadedAt: Date | undefined;
  metrics: PluginLoadMetrics;
  logs: PluginLogEntry[];
}

/** A plugin whose code has been evaluated and metadata checked, not yet registered. */
interface Candidate {
  record: PluginRecord;
  prepared: PreparedPlugin;
  metadata: PluginMetadata;
  loadMs: number;
}

function toPluginError(error: unknown, stage: PluginStage, fallback: ErrorCode): PluginError {
  if (error instanceof SvgxError) {
    const cause = error.cause;
    return {
      code: error.code,
      message: error.message,
      stage,
      location: error.location,
      hint: error.hint,
      stack: stackOf(cause) ?? stackOf(error),
      at: new Date(),
    };
  }
  return { code: fallback, message: describeThrown(error), stage, stack: stackOf(error), at: new Date() };
}

function emptyMetrics(): PluginLoadMetrics {
  return { loadMs: undefined, registerMs: undefined, reloads: 0, reloadErrors: 0, lastReloadMs: undefined, lastReloadAt: undefined };
}

/**
 * Runs `work` under a time limit. A synchronous call that ran past the limit is reported too,
 * since the host realm cannot interrupt it.
 */
async function withTimeLimit<T>(work: () => T | Promise<T>, limitMs: number, what: string): Promise<T> {
  const started = performance.now();
  const value = work();
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      Promise.resolve(value),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new SvgxError('PLUGIN_TIMEOUT', `${what} did not finish within ${limitMs} ms`)), limitMs);
      }),
    ]);
    const elapsed = performance.now() - started;
    if (elapsed > limitMs) throw new SvgxError('PLUGIN_TIMEOUT', `${what} ran ${Math.round(elapsed)} ms, over its ${limitMs} ms limit`);
    return result;
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/**
 * The plugin system: discovers, loads (in dependency order), reloads atomically and unloads
 * plugins, and keeps their status, errors and metrics. A plugin's fault never throws out of
 * its methods: it lands in the plugin's `status` and `lastError`.
 *
 * @example
 * const system = new PluginSystem({ pluginDir: 'plugins' });
 * await system.loadAll();
 * await system.engine.dispatch({ type: 'user_interaction', data: { x: 1 } });
 */
export class PluginSystem extends EventEmitter<PluginSystemEvents> {
  readonly engine: BehaviorEngine;
  pluginDir: string;
  private readonly records = new Map<string, PluginRecord>();
  private readonly settings: Record<string, PluginSettings>;
  private readonly limits: PluginLimits;
  private readonly chooseLoader: (source: PluginSource, settings: PluginSettings) => PluginLoader;
  private readonly rules: Record<string, RuleSetting> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private discovered = false;

  constructor(options: PluginSystemOptions = {}) {
    super();
    this.pluginDir = path.resolve(options.pluginDir ?? 'plugins');
    this.engine =
      options.engine ??
      new BehaviorEngine({
        defaultTimeoutMs: options.limits?.handlerTimeoutMs ?? DEFAULT_LIMITS.handlerTimeoutMs,
        ...(options.sandbox?.quarantineAfter !== undefined ? { quarantineAfter: options.sandbox.quarantineAfter } : {}),
      });
    this.settings = { ...(options.plugins ?? {}) };
    this.limits = { ...DEFAULT_LIMITS, ...(options.limits ?? {}) };
    this.rules = options.rules;
    const loader = options.loader ?? defaultLoaderChoice(options.sandbox?.maxResultBytes);
    this.chooseLoader = typeof loader === 'function' ? loader : () => loader;
  }

  /** Lists the plugins of the plugin folder and records the new ones as `unloaded` (or `disabled`). */
  async discoverPlugins(): Promise<PluginInfo[]> {
    return this.serialize(() => this.discoverNow());
  }

  /**
   * Loads one plugin and, first, the plugins it depends on. Resolves with the plugin's info;
   * a failure is in its `status` and `lastError`, never thrown.
   */
  async loadPlugin(name: string): Promise<PluginInfo> {
    return this.serialize(async () => {
      if (!this.discovered || !this.records.has(name)) await this.discoverNow();
      if (!this.records.has(name)) throw this.notFound(name);
      await this.loadNames([name]);
      return this.infoOf(name);
    });
  }

  /** Discovers and loads every enabled plugin in dependency order. */
  async loadAll(): Promise<PluginInfo[]> {
    return this.serialize(async () => {
      await this.discoverNow();
      const names = [...this.records.values()].filter((r) => r.status !== 'disabled' && r.source).map((r) => r.name);
      await this.loadNames(names);
      return this.listInfo();
    });
  }

  /**
   * Runs the plugin's `dispose()` and removes every behavior it registered. Refused when a
   * loaded plugin depends on it, unless `cascade` unloads those first.
   */
  async unloadPlugin(name: string, options: { cascade?: boolean } = {}): Promise<PluginInfo> {
    return this.serialize(async () => {
      const record = this.records.get(name);
      if (!record) throw this.notFound(name);
      if (record.status !== 'loaded') return this.infoOf(name);
      const dependents = this.loadedDependents(name);
      if (dependents.length > 0 && !options.cascade) {
        throw new SvgxError('PLUGIN_IN_USE', `plugin "${name}" is needed by ${dependents.map((d) => `"${d}"`).join(', ')}`, {
          hint: 'unload those first, or pass { cascade: true } to unload them too',
        });
      }
      for (const dependent of dependents.reverse()) await this.unloadNow(dependent);
      const before = this.infoOf(name);
      await this.unloadNow(name);
      // A plugin whose file is gone is forgotten by unloadNow: answer with its last snapshot.
      return this.records.has(name) ? this.infoOf(name) : { ...before, status: 'unloaded', loadedAt: undefined, behaviors: [], dependents: [] };
    });
  }

  /**
   * Loads the plugin's current code beside the live version and swaps the two in one step.
   * If the new version fails at any stage, the old one stays live and the error is recorded.
   * `dependents: true` then reloads the plugins that depend on it.
   */
  async reloadPlugin(name: string, options: { dependents?: boolean; startedAt?: number } = {}): Promise<PluginInfo> {
    return this.serialize(async () => {
      const started = options.startedAt ?? performance.now();
      await this.refreshSource(name);
      const record = this.records.get(name);
      if (!record) throw this.notFound(name);
      if (record.status !== 'loaded') {
        await this.loadNames([name]);
        return this.infoOf(name);
      }
      const ok = await this.reloadNow(record, started);
      if (ok && options.dependents) {
        for (const dependent of this.loadedDependents(name)) {
          const dependentRecord = this.records.get(dependent);
          if (dependentRecord) await this.reloadNow(dependentRecord, started);
        }
      }
      return this.infoOf(name);
    });
  }

  /**
   * Checks a plugin without registering it: the static analysis of `svgx-plugins validate`
   * (type errors, structure, security rules, permissions; skip it with `{ static: false }`),
   * then its code evaluates, its metadata is well-formed, it has `register`, and the behaviors
   * it registers are valid and do not clash with others.
   */
  async validatePlugin(name: string, options: { static?: boolean; rules?: Record<string, RuleSetting> } = {}): Promise<PluginValidation> {
    return this.serialize(async () => {
      await this.refreshSource(name);
      const record = this.records.get(name);
      if (!record?.source) throw this.notFound(name);
      const problems: ValidationProblem[] = [];
      let findings: LintFinding[] | undefined;
      if (options.static !== false) {
        try {
          // Loaded on demand: the library pulls in TypeScript only when asked to validate.
          const { validatePlugins } = await import('../lint/index.js');
          const rules = options.rules ?? this.rules;
          const result = await validatePlugins({ paths: [record.source.root], cache: false, ...(rules ? { rules } : {}) });
          findings = result.findings;
          for (const f of findings) {
            if (!f.suppressed) problems.push({ severity: f.severity, code: 'LINT_FINDING', rule: f.ruleId, message: `${f.ruleId}: ${f.message}`, location: `${f.file}:${f.line}:${f.column}` });
          }
        } catch (error) {
          problems.push({ severity: 'error', code: error instanceof SvgxError ? error.code : 'LINT_FAILED', message: `static analysis failed: ${describeThrown(error)}` });
        }
      }
      const settings = this.settingsOf(name);
      const limits = this.limitsOf(settings);
      let prepared: PreparedPlugin | undefined;
      let registered = false;
      try {
        prepared = await this.chooseLoader(record.source, settings).prepare(record.source, limits);
        const checked = checkMetadata(prepared.metadata);
        for (const p of checked.problems) problems.push({ severity: 'error', code: 'PLUGIN_INVALID', field: p.field, message: p.message });
        if (checked.metadata && checked.metadata.name !== name) {
          problems.push({ severity: 'error', code: 'PLUGIN_INVALID', field: 'metadata.name', message: `metadata.name "${checked.metadata.name}" does not match the plugin's file or folder name "${name}"` });
        }
        if (!prepared.register) {
          problems.push({ severity: 'error', code: 'PLUGIN_INVALID', field: 'register', message: 'the plugin has no register function' });
        } else if (checked.metadata) {
          registered = true;
          const staged = await this.runRegister(name, checked.metadata, prepared, limits);
          try {
            this.engine.registry.checkReplaceable(name, staged);
          } catch (error) {
            problems.push({ severity: 'error', code: error instanceof SvgxError ? error.code : 'BEHAVIOR_INVALID', message: describeThrown(error) });
          }
          if (staged.length === 0) problems.push({ severity: 'warning', code: 'PLUGIN_INVALID', field: 'register', message: 'register() registered no behavior' });
        }
      } catch (error) {
        const e = toPluginError(error, 'validate', 'PLUGIN_INVALID');
        problems.push({ severity: 'error', code: e.code, message: e.message, location: e.location });
      } finally {
        // register() may have started timers or other work: dispose of it like an unload would.
        const dispose = registered ? prepared?.dispose : undefined;
        if (dispose) await withTimeLimit(() => dispose(), limits.registerTimeoutMs, `plugin "${name}" dispose()`).catch(() => undefined);
        prepared?.release();
      }
      return { plugin: name, valid: !problems.some((p) => p.severity === 'error'), problems, findings };
    });
  }

  /** Load and register times, and per behavior calls, errors, timeouts and latency percentiles. */
  monitorPluginPerformance(name: string): PluginPerformance {
    const record = this.records.get(name);
    if (!record) throw this.notFound(name);
    const behaviors = this.engine.registry.list({ owner: name }).map((b): BehaviorPerformance => {
      const stats = this.engine.getStats(b.id) ?? {
        behaviorId: b.id,
        calls: 0,
        errors: 0,
        timeouts: 0,
        consecutiveTimeouts: 0,
        lastError: undefined,
        latency: { count: 0, minMs: 0, maxMs: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0 },
      };
      return { ...stats, events: b.events, priority: b.priority };
    });
    const totals = behaviors.reduce(
      (t, b) => ({ calls: t.calls + b.calls, errors: t.errors + b.errors, timeouts: t.timeouts + b.timeouts }),
      { calls: 0, errors: 0, timeouts: 0 },
    );
    return {
      plugin: name,
      status: record.status,
      load: { ...record.metrics },
      behaviors,
      totals,
      latency: this.engine.getCombinedLatency(behaviors.map((b) => b.behaviorId)),
      custom: this.engine.getCustomMetrics(name),
    };
  }

  getPlugin(name: string): PluginInfo | undefined {
    return this.records.has(name) ? this.infoOf(name) : undefined;
  }

  getPlugins(filter: { status?: PluginStatus } = {}): PluginInfo[] {
    return this.listInfo().filter((p) => filter.status === undefined || p.status === filter.status);
  }

  getPluginBehaviors(name: string): Behavior[] {
    return this.engine.registry.list({ owner: name });
  }

  /**
   * The files the live version of a plugin was built from (its entry and what it imports), or
   * its source root when the loader does not tell: what `load --watch` watches.
   */
  getPluginInputs(name: string): string[] {
    const record = this.records.get(name);
    if (!record) return [];
    const inputs = record.prepared?.inputs;
    if (inputs && inputs.length > 0) return [...inputs];
    return record.source ? [record.source.root] : [];
  }

  /** The last log lines a plugin wrote through its context. */
  getPluginLogs(name: string): PluginLogEntry[] {
    return [...(this.records.get(name)?.logs ?? [])];
  }

  /** Unloads every loaded plugin (dependents first), for a clean shutdown. */
  async close(): Promise<void> {
    await this.serialize(async () => {
      const loaded = [...this.records.values()].filter((r) => r.status === 'loaded').map((r) => r.name);
      const available = this.graphOf(loaded);
      const { order } = resolveLoadOrder(available, loaded);
      // Dependents first; whatever the order leaves out (none should be loaded, but a cycle
      // would be) is unloaded after, so close() always leaves nothing loaded.
      const rest = loaded.filter((name) => !order.includes(name));
      for (const name of [...order.reverse(), ...rest]) await this.unloadNow(name);
    });
  }

  // ---------------------------------------------------------------------------------------

  /** One change at a time: no interleaving can leave a plugin half-registered. */
  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private notFound(name: string): SvgxError {
    return new SvgxError('PLUGIN_NOT_FOUND', `no plugin named "${name}" in ${this.pluginDir}`, {
      hint: 'run `svgx-plugins list` to see the plugins found there',
    });
  }

  private settingsOf(name: string): PluginSettings {
    return this.settings[name] ?? {};
  }

  private limitsOf(settings: PluginSettings): PluginLimits {
    return {
      registerTimeoutMs: settings.registerTimeoutMs ?? this.limits.registerTimeoutMs,
      topLevelTimeoutMs: settings.topLevelTimeoutMs ?? this.limits.topLevelTimeoutMs,
      handlerTimeoutMs: settings.timeoutMs ?? this.limits.handlerTimeoutMs,
      memoryLimitMb: settings.memoryLimitMb ?? this.limits.memoryLimitMb,
    };
  }

  private async discoverNow(): Promise<PluginInfo[]> {
    const { sources, problems } = await discoverPluginSources(this.pluginDir);
    this.discovered = true;
    const seen = new Set<string>();
    for (const source of sources) {
      seen.add(source.name);
      const record = this.records.get(source.name) ?? this.newRecord(source.name);
      record.source = source;
      if (record.status === 'invalid' && record.lastError?.stage === 'discover') {
        record.status = 'unloaded';
        record.lastError = undefined;
      }
      if (this.settingsOf(source.name).enabled === false && record.status !== 'loaded') record.status = 'disabled';
    }
    for (const problem of problems) {
      seen.add(problem.name);
      const record = this.records.get(problem.name) ?? this.newRecord(problem.name);
      if (record.status !== 'loaded') {
        record.source = undefined;
        record.status = 'invalid';
        record.lastError = { code: 'PLUGIN_INVALID', message: problem.message, stage: 'discover', location: problem.path, at: new Date() };
      }
    }
    // Plugins whose files are gone are forgotten, unless still loaded (the caller unloads them).
    for (const [name, record] of this.records) {
      if (!seen.has(name) && record.status !== 'loaded') this.records.delete(name);
      else if (!seen.has(name)) record.source = undefined;
    }
    return [...seen].sort().map((name) => this.infoOf(name));
  }

  private async refreshSource(name: string): Promise<void> {
    const { sources } = await discoverPluginSources(this.pluginDir);
    this.discovered = true;
    const source = sources.find((s) => s.name === name);
    const record = this.records.get(name);
    if (source) {
      const target = record ?? this.newRecord(name);
      target.source = source;
      if (this.settingsOf(name).enabled === false && target.status !== 'loaded') target.status = 'disabled';
    } else if (record) {
      record.source = undefined;
    }
  }

  private newRecord(name: string): PluginRecord {
    const record: PluginRecord = {
      name,
      source: undefined,
      status: 'unloaded',
      metadata: undefined,
      prepared: undefined,
      loaderKind: 'sandboxed',
      lastError: undefined,
      loadedAt: undefined,
      metrics: emptyMetrics(),
      logs: [],
    };
    this.records.set(name, record);
    return record;
  }

  /** Builds, checks and evaluates one plugin's code; registers nothing. */
  private async prepare(record: PluginRecord): Promise<Candidate | PluginError> {
    const source = record.source;
    if (!source) {
      return { code: 'PLUGIN_NOT_FOUND', message: `plugin "${record.name}": its file was removed`, stage: 'load', at: new Date() };
    }
    const settings = this.settingsOf(record.name);
    const loader = this.chooseLoader(source, settings);
    record.loaderKind = loader.kind;
    const started = performance.now();
    let prepared: PreparedPlugin | undefined;
    try {
      prepared = await loader.prepare(source, this.limitsOf(settings));
      const checked = checkMetadata(prepared.metadata);
      if (!checked.metadata) throw metadataError(record.name, checked.problems, source.entry);
      if (checked.metadata.name !== record.name) {
        throw new SvgxError('PLUGIN_INVALID', `plugin "${record.name}": metadata.name "${checked.metadata.name}" does not match its file or folder name`, {
          location: source.entry,
          hint: `rename the file, or set metadata.name to "${record.name}"`,
        });
      }
      if (!prepared.register) {
        throw new SvgxError('PLUGIN_LOAD_FAILED', `plugin "${record.name}" has no register function`, {
          location: source.entry,
          hint: 'export default definePlugin({ metadata, register(registry) { … } }), or export function register(registry)',
        });
      }
      return { record, prepared, metadata: checked.metadata, loadMs: performance.now() - started };
    } catch (error) {
      prepared?.release();
      const pluginError = toPluginError(error, 'load', 'PLUGIN_LOAD_FAILED');
      if (pluginError.code === 'PLUGIN_INVALID') pluginError.stage = 'validate';
      return pluginError;
    }
  }

  /** Calls the plugin's register with a staging registry; resolves with its definitions. */
  private async runRegister(name: string, metadata: PluginMetadata, prepared: PreparedPlugin, limits: PluginLimits): Promise<BehaviorDefinition[]> {
    const register = prepared.register;
    if (!register) return [];
    const staged: BehaviorDefinition[] = [];
    let open = true;
    const api: PluginRegistryApi = {
      registerBehavior: (definition: BehaviorDefinition): string => {
        if (!open) {
          throw new SvgxError('PLUGIN_REGISTER_FAILED', `plugin "${name}" registered behavior after register() finished`, {
            hint: 'register every behavior inside register() (await anything it needs first)',
          });
        }
        const checked = checkBehaviorDefinition(definition);
        // `base-shapes.hit-test` is base-shapes' to register: another plugin that loads first
        // would otherwise take the id, and base-shapes (with its dependents) would fail to load.
        const namespace = checked.id.split('.')[0] ?? '';
        if (checked.id.includes('.') && namespace !== name && this.records.has(namespace)) {
          throw new SvgxError('BEHAVIOR_INVALID', `behavior id "${checked.id}" of plugin "${name}" starts with "${namespace}.", the name of another plugin`, {
            hint: `start the ids of "${name}" with "${name}."`,
          });
        }
        if (staged.some((d) => d.id === checked.id)) {
          throw new SvgxError('BEHAVIOR_DUPLICATE', `behavior id "${checked.id}" is registered twice by plugin "${name}"`);
        }
        // A plugin may ask for less time than the operator allows, never for more.
        staged.push({ ...checked, timeoutMs: Math.min(checked.timeoutMs ?? limits.handlerTimeoutMs, limits.handlerTimeoutMs) });
        return checked.id;
      },
    };
    try {
      await withTimeLimit(() => register(api, this.contextFor(name, metadata)), limits.registerTimeoutMs, `plugin "${name}" register()`);
    } catch (error) {
      if (error instanceof SvgxError && (error.code === 'PLUGIN_TIMEOUT' || error.code.startsWith('BEHAVIOR_'))) throw error;
      throw new SvgxError('PLUGIN_REGISTER_FAILED', `plugin "${name}" register() failed: ${describeThrown(error)}`, { cause: error });
    } finally {
      open = false;
    }
    return staged;
  }

  private contextFor(name: string, metadata: PluginMetadata): PluginContext {
    const write = (level: PluginLogEntry['level']) => (message: string) => {
      const entry: PluginLogEntry = { plugin: name, level, message: String(message), at: new Date() };
      const record = this.records.get(name);
      if (record) {
        record.logs.push(entry);
        if (record.logs.length > LOG_KEEP) record.logs.shift();
      }
      this.emit('log', entry);
    };
    const log: PluginLogger = { info: write('info'), warn: write('warn'), error: write('error') };
    return {
      name,
      version: metadata.version,
      log,
      recordMetric: (metric: string, value: number) => this.engine.recordMetric(name, metric, value),
    };
  }

  private async loadNames(requested: readonly string[]): Promise<void> {
    // 1. Prepare the requested plugins and, transitively, what they depend on.
    const candidates = new Map<string, Candidate>();
    const failed = new Map<string, PluginError>();
    let wave = [...new Set(requested)];
    const visited = new Set<string>();
    while (wave.length > 0) {
      const pending = wave.filter((n) => !visited.has(n));
      pending.forEach((n) => visited.add(n));
      await Promise.all(
        pending.map(async (name) => {
          const record = this.records.get(name);
          if (!record || record.status === 'loaded' || record.status === 'disabled' || !record.source) return;
          const result = await this.prepare(record);
          if ('prepared' in result) candidates.set(name, result);
          else failed.set(name, result);
        }),
      );
      wave = [];
      for (const name of pending) {
        const deps = candidates.get(name)?.metadata.dependencies ?? {};
        for (const dep of Object.keys(deps)) if (!visited.has(dep)) wave.push(dep);
      }
    }
    for (const [name, error] of failed) this.fail(name, error);

    // 2. Order them; missing dependencies, versions out of range and cycles keep plugins out.
    const available = this.graphOf([...this.records.values()].filter((r) => r.status === 'loaded').map((r) => r.name));
    for (const [name, c] of candidates) available.set(name, { version: c.metadata.version, dependencies: c.metadata.dependencies ?? {} });
    // Sorted, so the order and the cycle chains named do not depend on which build finished first.
    const { order, failures } = resolveLoadOrder(available, [...candidates.keys()].sort(), (dep) => {
      const status = this.records.get(dep)?.status;
      if (status === 'disabled') return 'is disabled in the config (plugins.' + dep + '.enabled)';
      if (status === 'error' || status === 'invalid') return `failed to load (${this.records.get(dep)?.lastError?.message ?? status})`;
      return undefined;
    });
    for (const [name, error] of failures) {
      const candidate = candidates.get(name);
      if (!candidate) continue;
      candidate.prepared.release();
      candidates.delete(name);
      // Kept so `info` can show what the plugin declared, though it is not loaded.
      if (candidate.record.status !== 'loaded') candidate.record.metadata = candidate.metadata;
      this.fail(name, toPluginError(error, 'dependencies', error.code));
    }

    // 3. Register in order; a plugin whose dependency failed to register stays out too.
    for (const name of order) {
      const candidate = candidates.get(name);
      if (!candidate) continue;
      const blocked = Object.keys(candidate.metadata.dependencies ?? {}).find((dep) => this.records.get(dep)?.status !== 'loaded');
      if (blocked) {
        candidate.prepared.release();
        this.fail(name, {
          code: 'PLUGIN_DEPENDENCY_MISSING',
          message: `plugin "${name}" depends on "${blocked}", which failed to load: ${name} -> ${blocked}`,
          stage: 'dependencies',
          hint: `fix "${blocked}" first`,
          at: new Date(),
        });
        continue;
      }
      await this.registerCandidate(candidate);
    }
  }

  private async registerCandidate(candidate: Candidate): Promise<boolean> {
    const { record, prepared, metadata } = candidate;
    const limits = this.limitsOf(this.settingsOf(record.name));
    const started = performance.now();
    try {
      const staged = await this.runRegister(record.name, metadata, prepared, limits);
      this.engine.registry.replaceOwned(record.name, staged);
    } catch (error) {
      prepared.release();
      record.metadata = metadata;
      this.fail(record.name, toPluginError(error, 'register', 'PLUGIN_REGISTER_FAILED'));
      return false;
    }
    this.markLoaded(record, prepared, metadata, candidate.loadMs, performance.now() - started);
    const info = this.infoOf(record.name);
    this.emit('loaded', info);
    this.emitSystemEvent('plugin_loaded', record.name, metadata.version);
    return true;
  }

  private async reloadNow(record: PluginRecord, started: number): Promise<boolean> {
    const name = record.name;
    const result = await this.prepare(record);
    if (!('prepared' in result)) {
      this.recordReloadFailure(record, { ...result, stage: 'reload' });
      return false;
    }
    const { prepared, metadata } = result;
    const problem = this.reloadDependencyProblem(name, metadata);
    if (problem) {
      prepared.release();
      this.recordReloadFailure(record, { code: problem.code, message: problem.message, hint: problem.hint, stage: 'reload', at: new Date() });
      return false;
    }
    const limits = this.limitsOf(this.settingsOf(name));
    const registerStarted = performance.now();
    let staged: BehaviorDefinition[];
    try {
      staged = await this.runRegister(name, metadata, prepared, limits);
      this.engine.registry.checkReplaceable(name, staged);
    } catch (error) {
      prepared.release();
      this.recordReloadFailure(record, toPluginError(error, 'reload', 'PLUGIN_REGISTER_FAILED'));
      return false;
    }
    const registerMs = performance.now() - registerStarted;
    await this.disposeOf(record);
    const before = new Set(this.engine.registry.list({ owner: name }).map((b) => b.id));
    // The swap: one synchronous step, checked above, so it cannot fail half-way.
    const now = this.engine.registry.replaceOwned(name, staged);
    for (const b of now) before.delete(b.id);
    this.engine.clearStats(before);
    this.releaseAfterRunningDispatches(record.prepared);
    this.markLoaded(record, prepared, metadata, result.loadMs, registerMs);
    record.metrics.reloads += 1;
    record.metrics.lastReloadMs = performance.now() - started;
    record.metrics.lastReloadAt = new Date();
    this.emit('reloaded', this.infoOf(name));
    this.emitSystemEvent('plugin_reloaded', name, metadata.version);
    return true;
  }

  /** The bookkeeping of a version that just went live, shared by load and reload. */
  private markLoaded(record: PluginRecord, prepared: PreparedPlugin, metadata: PluginMetadata, loadMs: number, registerMs: number): void {
    record.prepared = prepared;
    this.watchFaults(record, prepared);
    record.metadata = metadata;
    record.status = 'loaded';
    record.lastError = undefined;
    record.loadedAt = new Date();
    record.metrics.loadMs = loadMs;
    record.metrics.registerMs = registerMs;
  }

  /**
   * Frees a replaced or unloaded version once the dispatches that may still call it have
   * finished: a dispatch keeps the behaviors it started with, so it never calls into a
   * released sandbox.
   */
  private releaseAfterRunningDispatches(prepared: PreparedPlugin | undefined): void {
    if (!prepared) return;
    this.engine.afterRunningDispatches(() => prepared.release());
  }

  /** A new version must still satisfy its own dependencies and its dependents' ranges. */
  private reloadDependencyProblem(name: string, metadata: PluginMetadata): SvgxError | undefined {
    for (const [dep, range] of Object.entries(metadata.dependencies ?? {})) {
      const target = this.records.get(dep);
      if (target?.status !== 'loaded' || !target.metadata) {
        return new SvgxError('PLUGIN_DEPENDENCY_MISSING', `plugin "${name}" now needs "${dep}" (${range}), which is not loaded: ${name} -> ${dep}`);
      }
      // Only the range is checked here: the dependency is loaded, so its own dependencies are met.
      const graph = new Map<string, GraphNode>([
        [dep, { version: target.metadata.version, dependencies: {} }],
        [name, { version: metadata.version, dependencies: { [dep]: range } }],
      ]);
      const { failures } = resolveLoadOrder(graph, [name]);
      const failure = failures.get(name);
      if (failure) return failure;
    }
    for (const dependent of this.loadedDependents(name)) {
      const range = this.records.get(dependent)?.metadata?.dependencies?.[name];
      if (range === undefined) continue;
      const graph = new Map<string, GraphNode>([
        [name, { version: metadata.version, dependencies: {} }],
        [dependent, { version: '0.0.0', dependencies: { [name]: range } }],
      ]);
      const failure = resolveLoadOrder(graph, [dependent]).failures.get(dependent);
      if (failure) {
        return new SvgxError('PLUGIN_DEPENDENCY_VERSION', `plugin "${name}" ${metadata.version} would break "${dependent}", which needs ${name} ${range}: ${dependent} -> ${name}`, {
          hint: `keep the version within ${range}, or update "${dependent}" first`,
        });
      }
    }
    // Each edge may be fine and the whole still circular: the new dependencies against every
    // loaded plugin's (`a` now needs `b`, which needs `a`).
    const loaded = [...this.records.values()].filter((r) => r.status === 'loaded' && r.name !== name).map((r) => r.name);
    const graph = this.graphOf(loaded);
    graph.set(name, { version: metadata.version, dependencies: metadata.dependencies ?? {} });
    const cycle = resolveLoadOrder(graph, [name]).failures.get(name);
    if (cycle?.code === 'PLUGIN_CYCLE') return cycle;
    return undefined;
  }

  private recordReloadFailure(record: PluginRecord, error: PluginError): void {
    record.metrics.reloadErrors += 1;
    record.lastError = error;
    // The old version stays live: the status stays `loaded`.
    this.emit('failed', this.infoOf(record.name), error);
    this.emitSystemEvent('plugin_error', record.name, record.metadata?.version, error.message);
  }

  private async disposeOf(record: PluginRecord): Promise<void> {
    const dispose = record.prepared?.dispose;
    if (!dispose) return;
    const limits = this.limitsOf(this.settingsOf(record.name));
    try {
      await withTimeLimit(() => dispose(), limits.registerTimeoutMs, `plugin "${record.name}" dispose()`);
    } catch (error) {
      const pluginError = toPluginError(error, 'dispose', 'PLUGIN_LOAD_FAILED');
      pluginError.message = `dispose() failed: ${pluginError.message}`;
      record.lastError = pluginError;
      this.emit('failed', this.infoOf(record.name), pluginError);
    }
  }

  private async unloadNow(name: string): Promise<void> {
    const record = this.records.get(name);
    if (!record || record.status !== 'loaded') return;
    await this.disposeOf(record);
    const removed = this.engine.registry.deleteOwned(name);
    this.engine.clearStats(removed);
    this.engine.clearCustomMetrics(name);
    this.releaseAfterRunningDispatches(record.prepared);
    record.prepared = undefined;
    record.status = this.settingsOf(name).enabled === false ? 'disabled' : 'unloaded';
    record.loadedAt = undefined;
    const info = this.infoOf(name);
    this.emit('unloaded', info);
    this.emitSystemEvent('plugin_unloaded', name, record.metadata?.version);
    if (!record.source) this.records.delete(name);
  }

  /**
   * A sandbox that stops on its own after loading (memory limit, crash) takes its plugin out:
   * its behaviors are removed and its status is `error`, while every other plugin runs on.
   */
  private watchFaults(record: PluginRecord, prepared: PreparedPlugin): void {
    prepared.onFault?.((error) => {
      if (record.prepared !== prepared) return;
      const removed = this.engine.registry.deleteOwned(record.name);
      this.engine.clearStats(removed);
      prepared.release();
      record.loadedAt = undefined;
      this.fail(record.name, toPluginError(error, 'run', 'PLUGIN_SANDBOX_FAULT'));
      this.takeOutDependents(record.name);
    });
  }

  /** Plugins that need a plugin which just stopped cannot stay loaded: they go out too, with the chain. */
  private takeOutDependents(name: string): void {
    const dependents = this.loadedDependents(name);
    if (dependents.length === 0) return;
    void this.serialize(async () => {
      for (const dependent of [...dependents].reverse()) {
        if (this.records.get(dependent)?.status !== 'loaded') continue;
        await this.unloadNow(dependent);
        this.fail(dependent, {
          code: 'PLUGIN_DEPENDENCY_MISSING',
          message: `plugin "${dependent}" depends on "${name}", which stopped: ${dependent} -> ${name}`,
          stage: 'dependencies',
          hint: `see the error of "${name}"; reload both once it is fixed`,
          at: new Date(),
        });
      }
    });
  }

  private fail(name: string, error: PluginError): void {
    const record = this.records.get(name);
    if (!record) return;
    record.status = error.code === 'PLUGIN_INVALID' ? 'invalid' : 'error';
    record.lastError = error;
    record.prepared = undefined;
    this.emit('failed', this.infoOf(name), error);
    this.emitSystemEvent('plugin_error', name, record.metadata?.version, error.message);
  }

  /** Tells behaviors listening to `system` events; a slow or failing one cannot stall loading. */
  private emitSystemEvent(kind: string, plugin: string, version: string | undefined, error?: string): void {
    if (this.engine.registry.forEvent('system').length === 0) return;
    this.engine
      .dispatch({ type: 'system', priority: 'normal', data: { kind, plugin, version, ...(error ? { error } : {}) } })
      .catch(() => undefined);
  }

  private graphOf(names: readonly string[]): Map<string, GraphNode> {
    const graph = new Map<string, GraphNode>();
    for (const name of names) {
      const metadata = this.records.get(name)?.metadata;
      if (metadata) graph.set(name, { version: metadata.version, dependencies: metadata.dependencies ?? {} });
    }
    return graph;
  }

  private loadedDependents(name: string): string[] {
    const loaded = [...this.records.values()].filter((r) => r.status === 'loaded').map((r) => r.name);
    return dependentsOf(this.graphOf(loaded), name);
  }

  private listInfo(): PluginInfo[] {
    return [...this.records.keys()].sort().map((name) => this.infoOf(name));
  }

  private infoOf(name: string): PluginInfo {
    const record = this.records.get(name);
    if (!record) throw this.notFound(name);
    const source = record.source;
    return {
      name,
      status: record.status,
      version: record.metadata?.version,
      metadata: record.metadata ? structuredClone(record.metadata) : undefined,
      source: source ? { entry: source.entry, root: source.root, kind: source.kind } : undefined,
      loader: record.loaderKind,
      lastError: record.lastError ? { ...record.lastError } : undefined,
      loadedAt: record.loadedAt,
      behaviors: this.engine.registry.list({ owner: name }).map((b) => b.id),
      dependencies: { ...(record.metadata?.dependencies ?? {}) },
      dependents: record.status === 'loaded' ? this.loadedDependents(name) : [],
      metrics: { ...record.metrics },
      quarantined: this.engine.getQuarantined(name),
    };
  }
}

/** Sandboxed unless the operator marked the plugin trusted; one loader of each kind per system. */
function defaultLoaderChoice(maxResultBytes: number | undefined): (source: PluginSource, settings: PluginSettings) => PluginLoader {
  let trusted: TrustedLoader | undefined;
  let sandboxed: SandboxedLoader | undefined;
  return (_source, settings) => {
    if (settings.trusted === true) return (trusted ??= new TrustedLoader());
    return (sandboxed ??= new SandboxedLoader(maxResultBytes !== undefined ? { maxResultBytes } : {}));
  };
}

/** The shared default instance, over `./plugins`. */
export const pluginSystem = new PluginSystem();
