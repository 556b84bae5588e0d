import { EventEmitter } from 'node:events';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { callFigures, type CallFigures } from '../engine/engine.js';
import type { FSWatcher } from 'chokidar';
import { PLUGIN_EXTENSIONS } from './discovery.js';
import type { PluginError, PluginInfo, PluginLogEntry, PluginStatus, PluginSystem } from './plugin-system.js';

/** The error of a plugin as the watch view and NDJSON lines show it. */
export interface WatchError {
  code: string;
  message: string;
  stage: string;
  location: string | null;
  hint: string | null;
  stack: string | null;
}

/**
 * One change the watcher saw, as plain data. `load --watch` prints each as one NDJSON line when
 * it is not on a terminal; the shape is documented in the README.
 */
export type WatchChange =
  | { type: 'ready'; at: string; pluginDir: string; plugins: Array<{ plugin: string; status: PluginStatus; version: string | null; behaviors: string[] }> }
  | { type: 'loaded'; at: string; plugin: string; version: string | null; behaviors: string[]; loadMs: number | null; files: string[] }
  | { type: 'reloaded'; at: string; plugin: string; version: string | null; behaviors: string[]; reloadMs: number | null; files: string[]; via: string | null }
  | { type: 'failed'; at: string; plugin: string; status: PluginStatus; live: boolean; version: string | null; error: WatchError; files: string[] }
  | { type: 'unloaded'; at: string; plugin: string; files: string[] }
  | { type: 'log'; at: string; plugin: string; level: 'info' | 'warn' | 'error'; message: string }
  | { type: 'watch-error'; at: string; message: string };

export interface BehaviorRow extends CallFigures {
  id: string;
  events: string[];
  priority: string;
  lastError: string | null;
}

/** One plugin, as the status table shows it. */
export interface PluginRow {
  name: string;
  status: PluginStatus;
  version: string | null;
  loader: 'trusted' | 'sandboxed';
  behaviors: BehaviorRow[];
  dependents: string[];
  loadMs: number | null;
  calls: number;
  errors: number;
  timeouts: number;
  /** Handler latency percentiles over all this plugin's calls (its behaviors' histograms merged). */
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  reloads: number;
  reloadErrors: number;
  lastReloadAt: string | null;
  lastReloadMs: number | null;
  /** The last error; when the status is still `loaded`, the previous version is the one live. */
  error: WatchError | null;
  /** Behaviors the engine stopped dispatching to (timeouts in a row), with why. */
  quarantined: Array<{ behaviorId: string; reason: string }>;
}

export interface WatchLogLine {
  at: string;
  level: 'info' | 'warn' | 'error';
  plugin: string | null;
  message: string;
}

/** Everything the live view shows: plain data, rebuilt on every change. */
export interface WatchSnapshot {
  pluginDir: string;
  plugins: PluginRow[];
  log: WatchLogLine[];
  watchedFiles: number;
}

export interface WatchOptions {
  /** Quiet time after a reload during which more saves are folded into one more reload. */
  debounceMs?: number;
  /** Only these plugins (and what they depend on); default every plugin in the folder. */
  names?: readonly string[];
  /** Log lines kept for the view. */
  logSize?: number;
}

export interface PluginWatcherEvents {
  change: [WatchChange];
  snapshot: [WatchSnapshot];
}

interface Pending {
  files: Set<string>;
  /** performance.now() of the first file event: reload latency is measured from here. */
  since: number;
}

const DEFAULT_LOG_SIZE = 200;

export function toWatchError(error: PluginError): WatchError {
  return {
    code: error.code,
    message: error.message,
    stage: error.stage,
    location: error.location ?? null,
    hint: error.hint ?? null,
    stack: error.stack ?? null,
  };
}

/**
 * Watches a plugin folder and the files every loaded plugin was built from, and keeps the
 * plugin system in step: a save reloads that plugin and its dependents (atomically: a broken
 * save leaves the last good version live), a new plugin is loaded, a deleted one unloaded.
 * Prints nothing: it emits `change` for each thing that happened and `snapshot` after each batch.
 *
 * Latency: the first save after a quiet spell is reloaded at once (the events of one write
 * are folded by a setImmediate); saves that land while a reload runs, or within `debounceMs`
 * after it, are folded into one more reload. A plain trailing debounce would add its whole
 * window to every save, four times the 10 ms budget at the config's default of 20 ms.
 */
export class PluginWatcher extends EventEmitter<PluginWatcherEvents> {
  readonly debounceMs: number;
  private readonly names: ReadonlySet<string> | undefined;
  private readonly logSize: number;
  private readonly log: WatchLogLine[] = [];
  private watcher: FSWatcher | undefined;
  private pending = new Map<string, Pending>();
  private flushScheduled = false;
  /** The tail of the queue of changes: one runs at a time. */
  private chain: Promise<void> = Promise.resolve();
  private busy = 0;
  /** Plugins the user unloaded with `u`: not loaded again by a save or a new dependency. */
  private readonly heldBack = new Set<string>();
  /** Which plugins each watched file went into. */
  private inputIndex = new Map<string, Set<string>>();
  private outsideFiles = new Set<string>();
  /** The file and plugin behind the system events being handled, for the change lines. */
  private cause: { plugin: string; files: string[] } | undefined;
  private readonly verifyTimers = new Set<NodeJS.Timeout>();
  private snapshotScheduled = false;
  private closed = false;
  private readonly detach: Array<() => void> = [];

  constructor(
    readonly system: PluginSystem,
    options: WatchOptions = {},
  ) {
    super();
    this.debounceMs = options.debounceMs ?? 20;
    this.names = options.names && options.names.length > 0 ? new Set(options.names) : undefined;
    this.logSize = options.logSize ?? DEFAULT_LOG_SIZE;
  }

  /** Loads the plugins, starts watching, and resolves when the watcher is ready. */
  async start(): Promise<WatchSnapshot> {
    this.listenToSystem();
    if (this.names) {
      for (const name of this.names) await this.system.loadPlugin(name);
    } else {
      await this.system.loadAll();
    }
    const { watch } = await import('chokidar');
    const pluginDir = this.system.pluginDir;
    this.watcher = watch(pluginDir, {
      ignoreInitial: true,
      depth: 8,
      // Editors' swap and backup files, and dependencies, are not plugin code.
      ignored: (file: string) => {
        const rel = path.relative(pluginDir, file);
        if (rel === '' || rel.startsWith('..')) return false;
        return rel.split(path.sep).some((part) => part === 'node_modules' || part.startsWith('.') || part.endsWith('~') || part.endsWith('.swp'));
      },
    });
    this.watcher.on('all', (kind, file) => {
      if (typeof file === 'string') this.onFileEvent(kind, file);
    });
    this.watcher.on('error', (error) => this.pushChange({ type: 'watch-error', at: now(), message: error instanceof Error ? error.message : String(error) }));
    await new Promise<void>((resolve) => this.watcher?.once('ready', () => resolve()));
    this.refreshInputs();
    const ready: WatchChange = {
      type: 'ready',
      at: now(),
      pluginDir,
      plugins: this.system.getPlugins().map((p) => ({ plugin: p.name, status: p.status, version: p.version ?? null, behaviors: p.behaviors })),
    };
    this.emit('change', ready);
    const snapshot = this.snapshot();
    this.emit('snapshot', snapshot);
    return snapshot;
  }

  /** The state of every plugin now: what the live view renders. */
  snapshot(): WatchSnapshot {
    return {
      pluginDir: this.system.pluginDir,
      plugins: this.system.getPlugins().map((info) => this.rowOf(info)),
      log: [...this.log],
      watchedFiles: this.inputIndex.size,
    };
  }

  /** Reloads one plugin and its dependents, or every plugin when no name is given (key `r`). */
  async reload(name?: string): Promise<void> {
    await this.exclusive(async () => {
      const names = name ? [name] : this.system.getPlugins().map((p) => p.name);
      for (const n of names) {
        this.heldBack.delete(n);
        const info = this.system.getPlugin(n);
        if (!info) continue;
        this.cause = { plugin: n, files: [] };
        if (info.status === 'loaded') await this.system.reloadPlugin(n, { dependents: name !== undefined });
        else if (info.status !== 'disabled') await this.system.loadPlugin(n);
      }
    });
  }

  /** Unloads a loaded plugin and those that need it, or loads it again (key `u`). */
  async toggle(name: string): Promise<void> {
    await this.exclusive(async () => {
      const info = this.system.getPlugin(name);
      if (!info) return;
      this.cause = { plugin: name, files: [] };
      if (info.status === 'loaded') {
        this.heldBack.add(name);
        for (const d of info.dependents) this.heldBack.add(d);
        await this.system.unloadPlugin(name, { cascade: true });
      } else if (info.status !== 'disabled') {
        this.heldBack.delete(name);
        await this.system.loadPlugin(name);
      }
    });
  }

  /** Waits for the reloads under way; for tests and the benchmark. */
  async idle(): Promise<void> {
    while (this.busy > 0 || this.flushScheduled || this.pending.size > 0) {
      await this.chain;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.verifyTimers) clearTimeout(timer);
    this.verifyTimers.clear();
    for (const off of this.detach) off();
    await this.watcher?.close();
    await this.chain;
  }

  // ---------------------------------------------------------------------------------------

  private listenToSystem(): void {
    const onLoaded = (info: PluginInfo): void => {
      this.pushChange({ type: 'loaded', at: now(), plugin: info.name, version: info.version ?? null, behaviors: info.behaviors, loadMs: sumMs(info.metrics.loadMs, info.metrics.registerMs), files: this.causeFiles(info.name) });
    };
    const onReloaded = (info: PluginInfo): void => {
      const via = this.cause && this.cause.plugin !== info.name ? this.cause.plugin : null;
      this.pushChange({ type: 'reloaded', at: now(), plugin: info.name, version: info.version ?? null, behaviors: info.behaviors, reloadMs: round(info.metrics.lastReloadMs), files: this.cause?.files ?? [], via });
    };
    const onUnloaded = (info: PluginInfo): void => {
      this.pushChange({ type: 'unloaded', at: now(), plugin: info.name, files: this.causeFiles(info.name) });
    };
    const onFailed = (info: PluginInfo, error: PluginError): void => {
      this.pushChange({
        type: 'failed',
        at: now(),
        plugin: info.name,
        status: info.status,
        live: info.status === 'loaded',
        version: info.status === 'loaded' ? (info.version ?? null) : null,
        error: toWatchError(error),
        files: this.causeFiles(info.name),
      });
    };
    const onLog = (entry: PluginLogEntry): void => {
      this.pushChange({ type: 'log', at: entry.at.toISOString(), plugin: entry.plugin, level: entry.level, message: entry.message });
    };
    this.system.on('loaded', onLoaded).on('reloaded', onReloaded).on('unloaded', onUnloaded).on('failed', onFailed).on('log', onLog);
    this.detach.push(() => {
      this.system.off('loaded', onLoaded).off('reloaded', onReloaded).off('unloaded', onUnloaded).off('failed', onFailed).off('log', onLog);
    });
  }

  private causeFiles(plugin: string): string[] {
    return this.cause?.plugin === plugin ? this.cause.files : [];
  }

  private pushChange(change: WatchChange): void {
    if (this.closed) return;
    const line = logLineOf(change);
    if (line) {
      this.log.push(line);
      if (this.log.length > this.logSize) this.log.splice(0, this.log.length - this.logSize);
    }
    this.emit('change', change);
    this.scheduleSnapshot();
  }

  private scheduleSnapshot(): void {
    if (this.snapshotScheduled || this.listenerCount('snapshot') === 0) return;
    this.snapshotScheduled = true;
    setImmediate(() => {
      this.snapshotScheduled = false;
      if (!this.closed) this.emit('snapshot', this.snapshot());
    });
  }

  /** Maps a file event to the plugins it concerns, and queues them. */
  private onFileEvent(kind: string, file: string): void {
    if (this.closed) return;
    const since = performance.now();
    const names = new Set(this.inputIndex.get(file) ?? []);
    const owner = this.pluginNameOf(file, kind);
    if (owner) names.add(owner);
    if (names.size === 0 && isInside(this.system.pluginDir, file) && PLUGIN_EXTENSIONS.some((e) => file.endsWith(e))) {
      // A shared file beside the plugins (`_shared.ts`) that no known input list names: a
      // loader that does not report inputs may have bundled it, so its plugins reload too.
      for (const name of this.pluginsWithUnknownInputs()) names.add(name);
    }
    for (const name of names) {
      if (this.names && !this.names.has(name) && !this.system.getPlugin(name)) continue;
      const entry = this.pending.get(name) ?? { files: new Set<string>(), since };
      entry.files.add(file);
      this.pending.set(name, entry);
    }
    if (names.size > 0) this.scheduleFlush();
  }

  /** Loaded plugins whose loader reported no input files (only the plugin's own file or folder is known). */
  private pluginsWithUnknownInputs(): string[] {
    return this.system
      .getPlugins({ status: 'loaded' })
      .filter((p) => {
        const inputs = this.system.getPluginInputs(p.name);
        return inputs.length === 1 && inputs[0] === p.source?.root;
      })
      .map((p) => p.name);
  }

  /** The plugin a path in the plugin folder belongs to: `<name>.ts` or anything under `<name>/`. */
  private pluginNameOf(file: string, kind: string): string | undefined {
    const rel = path.relative(this.system.pluginDir, file);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    const [first, ...rest] = rel.split(path.sep);
    if (!first || first.startsWith('.') || first.startsWith('_')) return undefined;
    if (rest.length > 0 || kind === 'addDir' || kind === 'unlinkDir') return first;
    const ext = PLUGIN_EXTENSIONS.find((e) => first.endsWith(e));
    if (!ext || first.endsWith(`.d${ext}`)) return undefined;
    return first.slice(0, -ext.length);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // One write is several file events; a setImmediate folds them without a timer's delay.
    setImmediate(() => {
      this.flushScheduled = false;
      void this.exclusive(() => this.flush());
    });
  }

  /** Runs one change at a time; file events that arrive meanwhile are flushed right after. */
  private exclusive(work: () => Promise<void>): Promise<void> {
    const run = this.chain.then(async () => {
      this.busy += 1;
      try {
        await work();
      } catch (error) {
        this.pushChange({ type: 'watch-error', at: now(), message: error instanceof Error ? error.message : String(error) });
      } finally {
        this.cause = undefined;
        this.busy -= 1;
        this.refreshInputs();
      }
    });
    this.chain = run;
    return run;
  }

  private async flush(): Promise<void> {
    if (this.closed) return;
    const batch = this.pending;
    this.pending = new Map();
    if (batch.size === 0) return;
    // A save caught between truncate and write reads as an empty file: its content follows
    // within a millisecond or two, and chokidar would drop the change event that tells.
    const stamps = new Map<string, FileStamp | undefined>();
    for (const entry of batch.values()) for (const file of entry.files) stamps.set(file, await stampOf(file));
    const deadline = performance.now() + this.debounceMs;
    for (const [file, stamp] of stamps) {
      let current = stamp;
      while (current?.size === 0 && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        current = await stampOf(file);
      }
      stamps.set(file, current);
    }

    const infos = new Map((await this.system.discoverPlugins()).map((p) => [p.name, p]));
    let added = false;
    for (const [name, entry] of batch) {
      const files = [...entry.files].map((f) => this.display(f));
      this.cause = { plugin: name, files };
      const info = infos.get(name) ?? this.system.getPlugin(name);
      if (!info) continue;
      if (info.status === 'loaded' && !info.source) {
        await this.system.unloadPlugin(name, { cascade: true });
      } else if (info.status === 'loaded') {
        await this.system.reloadPlugin(name, { dependents: true, startedAt: entry.since });
        this.verifyLater(name, entry, stamps);
      } else if (info.source && info.status !== 'disabled' && this.wanted(name)) {
        const after = await this.system.loadPlugin(name);
        if (after.status === 'loaded') added = true;
        this.verifyLater(name, entry, stamps);
      }
    }
    this.cause = undefined;
    // A plugin that arrived may be the dependency others were waiting for.
    if (added) await this.retryBlocked();
  }

  /** Plugins left out for want of a dependency (or unloaded with it) are tried again. */
  private async retryBlocked(): Promise<void> {
    for (const info of this.system.getPlugins()) {
      if (!this.wanted(info.name) || !info.source) continue;
      const blocked = info.status === 'error' && info.lastError?.stage === 'dependencies';
      if (blocked || info.status === 'unloaded') {
        this.cause = { plugin: info.name, files: [] };
        await this.system.loadPlugin(info.name);
      }
    }
  }

  private wanted(name: string): boolean {
    if (this.heldBack.has(name)) return false;
    return !this.names || this.names.has(name);
  }

  /**
   * chokidar drops a second change to a file within 50 ms of the first; an editor that writes
   * in two steps would leave the half-written version live. So after a reload, the files are
   * looked at again once the debounce window has passed, and reloaded if they moved on.
   */
  private verifyLater(name: string, entry: Pending, stamps: Map<string, FileStamp | undefined>): void {
    const timer = setTimeout(() => {
      this.verifyTimers.delete(timer);
      if (this.closed) return;
      void (async () => {
        let moved = false;
        for (const file of entry.files) {
          const before = stamps.get(file);
          const after = await stampOf(file);
          if (!sameStamp(before, after)) moved = true;
        }
        if (!moved || this.pending.has(name) || this.closed) return;
        this.pending.set(name, { files: new Set(entry.files), since: performance.now() });
        this.scheduleFlush();
      })();
    }, Math.max(this.debounceMs, 5));
    timer.unref();
    this.verifyTimers.add(timer);
  }

  /** Watches, besides the plugin folder, the files outside it that a plugin imports. */
  private refreshInputs(): void {
    if (!this.watcher || this.closed) return;
    const index = new Map<string, Set<string>>();
    for (const info of this.system.getPlugins()) {
      for (const file of this.system.getPluginInputs(info.name)) {
        const set = index.get(file) ?? new Set<string>();
        set.add(info.name);
        index.set(file, set);
      }
    }
    this.inputIndex = index;
    const outside = new Set([...index.keys()].filter((f) => !isInside(this.system.pluginDir, f) && !f.includes(`${path.sep}node_modules${path.sep}`)));
    const add = [...outside].filter((f) => !this.outsideFiles.has(f));
    const remove = [...this.outsideFiles].filter((f) => !outside.has(f));
    if (add.length > 0) this.watcher.add(add);
    if (remove.length > 0) this.watcher.unwatch(remove);
    this.outsideFiles = outside;
  }

  private display(file: string): string {
    const rel = path.relative(this.system.pluginDir, file);
    return (rel.startsWith('..') ? file : rel).split(path.sep).join('/');
  }

  private rowOf(info: PluginInfo): PluginRow {
    const behaviors: BehaviorRow[] = [];
    const perf = info.behaviors.length > 0 ? this.system.monitorPluginPerformance(info.name) : undefined;
    if (perf) {
      for (const b of perf.behaviors) {
        behaviors.push({
          id: b.behaviorId,
          events: [...b.events],
          priority: b.priority,
          ...callFigures(b, b.latency),
          lastError: b.lastError ?? null,
        });
      }
    }
    return {
      name: info.name,
      status: info.status,
      version: info.version ?? null,
      loader: info.loader,
      behaviors,
      dependents: info.dependents,
      loadMs: sumMs(info.metrics.loadMs, info.metrics.registerMs),
      ...callFigures(perf?.totals, perf?.latency),
      reloads: info.metrics.reloads,
      reloadErrors: info.metrics.reloadErrors,
      lastReloadAt: info.metrics.lastReloadAt?.toISOString() ?? null,
      lastReloadMs: round(info.metrics.lastReloadMs),
      error: info.lastError ? toWatchError(info.lastError) : null,
      quarantined: info.quarantined.map((q) => ({ behaviorId: q.behaviorId, reason: q.reason })),
    };
  }
}

interface FileStamp {
  size: number;
  mtimeMs: number;
  ino: number;
}

async function stampOf(file: string): Promise<FileStamp | undefined> {
  try {
    const s = await stat(file);
    return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs, ino: s.ino } : undefined;
  } catch {
    return undefined;
  }
}

function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  if (!a || !b) return a === b;
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function now(): string {
  return new Date().toISOString();
}

function round(ms: number | undefined): number | null {
  return ms === undefined ? null : Math.round(ms * 1000) / 1000;
}

function sumMs(a: number | undefined, b: number | undefined): number | null {
  return a === undefined ? null : round(a + (b ?? 0));
}

/** The log pane's line for a change, or undefined for changes it does not list. */
function logLineOf(change: WatchChange): WatchLogLine | undefined {
  switch (change.type) {
    case 'loaded':
      return { at: change.at, level: 'info', plugin: change.plugin, message: `loaded ${change.version ?? ''} (${change.behaviors.length} behaviors)` };
    case 'reloaded':
      return {
        at: change.at,
        level: 'info',
        plugin: change.plugin,
        message: `reloaded ${change.version ?? ''} in ${change.reloadMs === null ? '?' : change.reloadMs.toFixed(2)} ms${change.via ? ` (after ${change.via})` : ''}`,
      };
    case 'unloaded':
      return { at: change.at, level: 'info', plugin: change.plugin, message: 'unloaded' };
    case 'failed':
      return {
        at: change.at,
        level: 'error',
        plugin: change.plugin,
        message: `${change.error.message}${change.error.location ? ` (${change.error.location})` : ''}${change.live ? ` — ${change.version ?? 'the last good version'} stays live` : ''}`,
      };
    case 'log':
      return { at: change.at, level: change.level, plugin: change.plugin, message: change.message };
    case 'watch-error':
      return { at: change.at, level: 'error', plugin: null, message: `watcher: ${change.message}` };
    default:
      return undefined;
  }
}
