import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { SvgxError, describeThrown } from '../errors.js';
import { LatencyHistogram, type HistogramSnapshot } from './histogram.js';
import { BehaviorRegistry } from './registry.js';
import {
  EVENT_TYPES,
  PRIORITIES,
  type Behavior,
  type BehaviorContext,
  type BehaviorResult,
  type DispatchResult,
  type EventType,
  type Priority,
  type SvgxEvent,
} from './types.js';

export const DEFAULT_TIMEOUT_MS = 250;
/** Custom metric names longer than this are ignored. */
export const MAX_METRIC_NAME = 64;
/** Distinct custom metric names kept per scope (plugin); later new names are ignored. */
export const MAX_METRICS_PER_SCOPE = 100;

export interface EngineOptions {
  registry?: BehaviorRegistry;
  /** Time limit of one handler call when the behavior sets none. */
  defaultTimeoutMs?: number;
  /**
   * Timeouts in a row after which a behavior is quarantined: skipped by dispatch, with the
   * reason kept, until it is registered again (a reload) or released. 0 never quarantines.
   */
  quarantineAfter?: number;
}

export const DEFAULT_QUARANTINE_AFTER = 5;

/** Why a behavior is no longer dispatched to. */
export interface QuarantineEntry {
  behaviorId: string;
  owner: string | undefined;
  reason: string;
  at: Date;
}

/** An event as a caller may give it: only `type` is required. */
export interface EventInput<D = Record<string, unknown>> {
  type: EventType;
  id?: string;
  priority?: Priority;
  timestamp?: number;
  elementId?: string;
  data?: D;
}

export interface CustomMetric {
  count: number;
  sum: number;
  min: number;
  max: number;
  last: number;
}

/** Calls, failures and latency percentiles, as reports and views show them for a behavior. */
export interface CallFigures {
  calls: number;
  errors: number;
  timeouts: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

/** Counts and latency as CallFigures: zeros for what has no calls yet. */
export function callFigures(counts: { calls: number; errors: number; timeouts: number } | undefined, latency: HistogramSnapshot | undefined): CallFigures {
  return {
    calls: counts?.calls ?? 0,
    errors: counts?.errors ?? 0,
    timeouts: counts?.timeouts ?? 0,
    p50Ms: latency?.p50Ms ?? 0,
    p95Ms: latency?.p95Ms ?? 0,
    p99Ms: latency?.p99Ms ?? 0,
  };
}

export interface BehaviorStatsSnapshot {
  behaviorId: string;
  calls: number;
  errors: number;
  timeouts: number;
  /** Timeouts in a row, reset by a call that completes. */
  consecutiveTimeouts: number;
  lastError: string | undefined;
  latency: HistogramSnapshot;
}

class BehaviorStats {
  calls = 0;
  errors = 0;
  timeouts = 0;
  consecutiveTimeouts = 0;
  lastError: string | undefined;
  readonly latency = new LatencyHistogram();

  snapshot(behaviorId: string): BehaviorStatsSnapshot {
    return {
      behaviorId,
      calls: this.calls,
      errors: this.errors,
      timeouts: this.timeouts,
      consecutiveTimeouts: this.consecutiveTimeouts,
      lastError: this.lastError,
      latency: this.latency.snapshot(),
    };
  }
}

/** The per-call context; the AbortController is made only when a handler asks for `signal`. */
class CallContext implements BehaviorContext {
  private controller: AbortController | undefined;
  constructor(
    private readonly engine: BehaviorEngine,
    readonly behaviorId: string,
    readonly owner: string | undefined,
  ) {}
  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    return this.controller.signal;
  }
  abort(reason: string): void {
    this.controller?.abort(new SvgxError('PLUGIN_TIMEOUT', reason));
  }
  recordMetric(name: string, value: number): void {
    this.engine.recordMetric(this.owner ?? this.behaviorId, name, value);
  }
}

const TIMED_OUT = Symbol('timed out');

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * The event-driven behavior engine of the seed. `dispatch(event)` runs the behaviors that
 * listen to the event's type in priority order, each under a time limit; a behavior that
 * throws, rejects or overruns is recorded and the others still run.
 */
export class BehaviorEngine {
  readonly registry: BehaviorRegistry;
  defaultTimeoutMs: number;
  private readonly stats = new Map<string, BehaviorStats>();
  private readonly customMetrics = new Map<string, Map<string, CustomMetric>>();
  quarantineAfter: number;
  /** Keyed by id, holding the Behavior object quarantined: a re-registered behavior is a new object and runs again. */
  private readonly quarantine = new Map<string, { behavior: Behavior; entry: QuarantineEntry }>();

  private dispatchSequence = 0;
  private readonly activeDispatches = new Set<number>();
  private drainQueue: Array<{ horizon: number; work: () => void }> = [];

  constructor(options: EngineOptions = {}) {
    this.registry = options.registry ?? new BehaviorRegistry();
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.quarantineAfter = options.quarantineAfter ?? DEFAULT_QUARANTINE_AFTER;
  }

  /** Builds a complete event from a partial one (id, timestamp and priority filled in). */
  static createEvent<D = Record<string, unknown>>(input: EventInput<D>): SvgxEvent<D> {
    if (!(EVENT_TYPES as readonly string[]).includes(input.type)) {
      throw new SvgxError('EVENT_INVALID', `event type ${JSON.stringify(input.type)} is unknown`, {
        hint: `use one of: ${EVENT_TYPES.join(', ')}`,
      });
    }
    if (input.priority !== undefined && !(PRIORITIES as readonly string[]).includes(input.priority)) {
      throw new SvgxError('EVENT_INVALID', `event priority ${JSON.stringify(input.priority)} is unknown`, {
        hint: `use one of: ${PRIORITIES.join(', ')}`,
      });
    }
    return {
      id: input.id ?? randomUUID(),
      type: input.type,
      priority: input.priority ?? 'normal',
      timestamp: input.timestamp ?? Date.now(),
      elementId: input.elementId,
      data: input.data ?? ({} as D),
    };
  }

  /**
   * Runs every active behavior listening to `event.type`, critical first. Never throws for a
   * behavior's fault: each outcome (ok, error, timeout) is in the result with its time.
   */
  async dispatch(input: EventInput | SvgxEvent): Promise<DispatchResult> {
    const event = BehaviorEngine.createEvent(input);
    const started = performance.now();
    // A snapshot: a reload that swaps behaviors mid-dispatch does not change this list.
    const behaviors = this.registry.forEvent(event.type);
    const results: BehaviorResult[] = [];
    const ticket = (this.dispatchSequence += 1);
    this.activeDispatches.add(ticket);
    // A plugin whose behavior ran out of time in this dispatch has used its time for the event:
    // its other behaviors wait for the next one. Without this, a plugin of 1000 looping
    // behaviors held every event for 1000 limits, until each was quarantined in turn.
    let timedOut: Set<string> | undefined;
    try {
      for (const behavior of behaviors) {
        const quarantined = this.quarantinedEntry(behavior);
        if (quarantined) {
          results.push({ behaviorId: behavior.id, owner: behavior.owner, outcome: 'skipped', durationMs: 0, error: `quarantined: ${quarantined.reason}` });
          continue;
        }
        if (behavior.owner !== undefined && timedOut?.has(behavior.owner)) {
          results.push({ behaviorId: behavior.id, owner: behavior.owner, outcome: 'skipped', durationMs: 0, error: `skipped: another behavior of "${behavior.owner}" timed out in this dispatch` });
          continue;
        }
        const pending = this.invoke(behavior, event as SvgxEvent);
        const result = pending instanceof Promise ? await pending : pending;
        results.push(result);
        if (result.outcome === 'timeout' && behavior.owner !== undefined) (timedOut ??= new Set()).add(behavior.owner);
      }
    } finally {
      this.activeDispatches.delete(ticket);
      this.runDrained();
    }
    return { eventId: event.id, eventType: event.type, results, durationMs: performance.now() - started };
  }

  /**
   * Runs `work` once every dispatch that has already started has finished; dispatches that
   * start later do not hold it back. The plugin system frees a replaced plugin version this
   * way: a dispatch that took its snapshot before a reload may still call the old behaviors.
   */
  afterRunningDispatches(work: () => void): void {
    const horizon = this.dispatchSequence;
    if (!this.startedBefore(horizon + 1)) {
      work();
      return;
    }
    this.drainQueue.push({ horizon, work });
  }

  private startedBefore(limit: number): boolean {
    for (const ticket of this.activeDispatches) if (ticket < limit) return true;
    return false;
  }

  private runDrained(): void {
    if (this.drainQueue.length === 0) return;
    const waiting: Array<{ horizon: number; work: () => void }> = [];
    for (const entry of this.drainQueue) {
      if (this.startedBefore(entry.horizon + 1)) waiting.push(entry);
      else {
        try {
          entry.work();
        } catch {
          // A clean-up that fails must not break the dispatch that triggered it.
        }
      }
    }
    this.drainQueue = waiting;
  }

  /**
   * Runs one behavior on one event under its time limit, and records the call. A handler that
   * returns a plain value is finished synchronously: no promise, no timer, no microtask.
   */
  invoke(behavior: Behavior, event: SvgxEvent): BehaviorResult | Promise<BehaviorResult> {
    const limit = behavior.timeoutMs ?? this.defaultTimeoutMs;
    const ctx = new CallContext(this, behavior.id, behavior.owner);
    const start = performance.now();
    let value: unknown;
    try {
      value = behavior.handler(event, ctx);
      if (!isThenable(value)) return this.finish(behavior, ctx, limit, start, value, undefined, false);
    } catch (thrown) {
      return this.finish(behavior, ctx, limit, start, undefined, describeThrown(thrown), isTimeout(thrown));
    }
    const remaining = Math.max(0, limit - (performance.now() - start));
    return raceTimeout(value, remaining).then(
      (settled) =>
        settled === TIMED_OUT
          ? this.finish(behavior, ctx, limit, start, undefined, undefined, true)
          : this.finish(behavior, ctx, limit, start, settled, undefined, false),
      (thrown: unknown) => this.finish(behavior, ctx, limit, start, undefined, describeThrown(thrown), isTimeout(thrown)),
    );
  }

  private finish(
    behavior: Behavior,
    ctx: CallContext,
    limit: number,
    start: number,
    value: unknown,
    error: string | undefined,
    timedOut: boolean,
  ): BehaviorResult {
    const durationMs = performance.now() - start;
    // A synchronous handler cannot be interrupted in the host realm; one that ran past its
    // limit is still reported as a timeout and its value discarded.
    if (!timedOut && error === undefined && durationMs > limit) timedOut = true;
    const stats = this.statsFor(behavior.id);
    stats.calls += 1;
    stats.latency.record(durationMs);
    if (timedOut) {
      ctx.abort(`behavior "${behavior.id}" exceeded its ${limit} ms time limit`);
      stats.timeouts += 1;
      stats.consecutiveTimeouts += 1;
      stats.lastError = `timed out after ${limit} ms`;
      if (this.quarantineAfter > 0 && stats.consecutiveTimeouts >= this.quarantineAfter) {
        this.quarantineBehavior(behavior, `${stats.consecutiveTimeouts} timeouts in a row (limit ${limit} ms)`);
      }
      return { behaviorId: behavior.id, owner: behavior.owner, outcome: 'timeout', durationMs, error: stats.lastError };
    }
    stats.consecutiveTimeouts = 0;
    if (error !== undefined) {
      stats.errors += 1;
      stats.lastError = error;
      return { behaviorId: behavior.id, owner: behavior.owner, outcome: 'error', durationMs, error };
    }
    return { behaviorId: behavior.id, owner: behavior.owner, outcome: 'ok', durationMs, value };
  }

  /** Stops dispatching to a behavior until it is registered again or released; the reason is kept for `list`. */
  quarantineBehavior(behavior: Behavior, reason: string): void {
    this.quarantine.set(behavior.id, { behavior, entry: { behaviorId: behavior.id, owner: behavior.owner, reason, at: new Date() } });
  }

  /** Lets a quarantined behavior run again; returns whether it was quarantined. */
  releaseQuarantine(behaviorId: string): boolean {
    const stats = this.stats.get(behaviorId);
    if (stats) stats.consecutiveTimeouts = 0;
    return this.quarantine.delete(behaviorId);
  }

  /** The quarantined behaviors (of one owner, when given) that are still registered. */
  getQuarantined(owner?: string): QuarantineEntry[] {
    const out: QuarantineEntry[] = [];
    for (const { behavior, entry } of this.quarantine.values()) {
      if (owner !== undefined && entry.owner !== owner) continue;
      if (this.registry.get(behavior.id) !== behavior) continue;
      out.push({ ...entry });
    }
    return out;
  }

  private quarantinedEntry(behavior: Behavior): QuarantineEntry | undefined {
    const q = this.quarantine.get(behavior.id);
    if (!q) return undefined;
    if (q.behavior === behavior) return q.entry;
    // Registered again (a reload): the new code gets a fresh start.
    this.quarantine.delete(behavior.id);
    const stats = this.stats.get(behavior.id);
    if (stats) stats.consecutiveTimeouts = 0;
    return undefined;
  }

  /** Call statistics of one behavior, or undefined when it was never called. */
  /** The latency of several behaviors together (a plugin's, say): their histograms merged. */
  getCombinedLatency(behaviorIds: Iterable<string>): HistogramSnapshot {
    const combined = new LatencyHistogram();
    for (const id of behaviorIds) {
      const stats = this.stats.get(id);
      if (stats) combined.merge(stats.latency);
    }
    return combined.snapshot();
  }

  getStats(behaviorId: string): BehaviorStatsSnapshot | undefined {
    return this.stats.get(behaviorId)?.snapshot(behaviorId);
  }

  /** Forgets the statistics of the given behaviors (after they are removed for good). */
  clearStats(behaviorIds: Iterable<string>): void {
    for (const id of behaviorIds) {
      this.stats.delete(id);
      this.quarantine.delete(id);
    }
  }

  /** Records a custom metric under a scope (the owner label of the behavior that records it). */
  recordMetric(scope: string, name: string, value: number): void {
    if (typeof name !== 'string' || name.length === 0 || name.length > MAX_METRIC_NAME || typeof value !== 'number' || !Number.isFinite(value)) return;
    let metrics = this.customMetrics.get(scope);
    if (!metrics) this.customMetrics.set(scope, (metrics = new Map()));
    const m = metrics.get(name);
    if (!m) {
      // Bounded: a plugin cannot grow the host's memory by inventing metric names.
      if (metrics.size >= MAX_METRICS_PER_SCOPE) return;
      metrics.set(name, { count: 1, sum: value, min: value, max: value, last: value });
      return;
    }
    m.count += 1;
    m.sum += value;
    m.min = Math.min(m.min, value);
    m.max = Math.max(m.max, value);
    m.last = value;
  }

  getCustomMetrics(scope: string): Record<string, CustomMetric> {
    return Object.fromEntries([...(this.customMetrics.get(scope) ?? [])].map(([k, v]) => [k, { ...v }]));
  }

  clearCustomMetrics(scope: string): void {
    this.customMetrics.delete(scope);
  }

  private statsFor(id: string): BehaviorStats {
    let stats = this.stats.get(id);
    if (!stats) this.stats.set(id, (stats = new BehaviorStats()));
    return stats;
  }
}

/** A handler stopped at its limit by its runner (the sandbox) throws PLUGIN_TIMEOUT: that is a timeout, not an error. */
function isTimeout(thrown: unknown): boolean {
  return thrown instanceof SvgxError && thrown.code === 'PLUGIN_TIMEOUT';
}

function raceTimeout(value: PromiseLike<unknown>, ms: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(TIMED_OUT), ms);
    Promise.resolve(value).then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
