import { performance } from 'node:perf_hooks';
import { BehaviorEngine } from '../engine/engine.js';
import { LatencyHistogram, type HistogramSnapshot } from '../engine/histogram.js';
import type { Behavior, BehaviorContext, SvgxEvent } from '../engine/types.js';
import { sampleEvent } from './events-file.js';

export interface BenchOptions {
  /** Synthetic events per behavior, spread over the event types it listens to. */
  events?: number;
  /** Only the behaviors of these plugins; default every registered behavior. */
  plugins?: readonly string[];
  /** Calls before measuring, so the JIT has compiled the handler; default a tenth of `events`. */
  warmup?: number;
  /** Wall-time budget per behavior: a slow one stops early and reports the calls it made. */
  budgetMs?: number;
}

export interface LatencyFigures {
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export interface BehaviorBench {
  behavior: string;
  plugin: string | null;
  events: string[];
  /** Calls measured (fewer than asked when the budget ran out). */
  calls: number;
  /** Calls per second through the engine. */
  opsPerSec: number;
  /** Per call through the engine: the handler plus the engine's timing, limit and bookkeeping. */
  engine: LatencyFigures;
  /** Per call of the handler alone, called directly. */
  handler: LatencyFigures;
  /** What the engine adds to one call: median through the engine minus median of the handler alone (a median, so one GC pause does not swing it). */
  overheadMs: number;
  errors: number;
  timeouts: number;
  /** True when the budget ran out before `events` calls. */
  truncated: boolean;
}

/** The documented result of `bench --json`. */
export interface BenchReport {
  eventsPerBehavior: number;
  /** The engine alone, with a behavior that does nothing: its fixed cost per call and per dispatch. */
  baseline: { invoke: LatencyFigures & { opsPerSec: number }; dispatch: LatencyFigures & { opsPerSec: number } };
  behaviors: BehaviorBench[];
}

const DEFAULT_EVENTS = 1000;
const DEFAULT_BUDGET_MS = 3000;

function figures(snapshot: HistogramSnapshot): LatencyFigures {
  return { meanMs: snapshot.meanMs, p50Ms: snapshot.p50Ms, p95Ms: snapshot.p95Ms, p99Ms: snapshot.p99Ms };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

/** The smallest context a handler may use when called outside the engine. */
function directContext(behavior: Behavior): BehaviorContext {
  return { behaviorId: behavior.id, owner: behavior.owner, signal: new AbortController().signal, recordMetric: () => undefined };
}

function eventsFor(behavior: Behavior, count: number): SvgxEvent[] {
  const out: SvgxEvent[] = [];
  for (let i = 0; i < count; i += 1) out.push(sampleEvent(behavior.events[i % behavior.events.length] ?? 'user_interaction', i));
  return out;
}

/**
 * Fires synthetic events at each behavior, first through `engine.invoke` (what dispatch does
 * per behavior), then at the handler alone, and reports both side by side: the difference is
 * the engine's own overhead. Handlers run one at a time, so figures do not include queueing.
 */
export async function benchBehaviors(engine: BehaviorEngine, options: BenchOptions = {}): Promise<BenchReport> {
  const count = Math.max(1, Math.floor(options.events ?? DEFAULT_EVENTS));
  const warmup = Math.max(0, Math.floor(options.warmup ?? Math.min(200, Math.ceil(count / 10))));
  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const plugins = options.plugins && options.plugins.length > 0 ? new Set(options.plugins) : undefined;
  const behaviors = engine.registry.list().filter((b) => !plugins || (b.owner !== undefined && plugins.has(b.owner)));

  const baseline = await benchBaseline(count, warmup);
  const results: BehaviorBench[] = [];
  for (const behavior of behaviors) {
    const events = eventsFor(behavior, count);
    for (let i = 0; i < warmup; i += 1) await engine.invoke(behavior, events[i % events.length] as SvgxEvent);

    const through = new LatencyHistogram();
    let errors = 0;
    let timeouts = 0;
    let calls = 0;
    const started = performance.now();
    for (const event of events) {
      const t = performance.now();
      const result = await engine.invoke(behavior, event);
      through.record(performance.now() - t);
      calls += 1;
      if (result.outcome === 'error') errors += 1;
      if (result.outcome === 'timeout') timeouts += 1;
      if (performance.now() - started > budgetMs) break;
    }
    const elapsed = performance.now() - started;

    const direct = new LatencyHistogram();
    const ctx = directContext(behavior);
    for (let i = 0; i < calls; i += 1) {
      const t = performance.now();
      try {
        const value = behavior.handler(events[i] as SvgxEvent, ctx);
        if (isThenable(value)) await value;
      } catch {
        // counted above, through the engine
      }
      direct.record(performance.now() - t);
    }
    const engineFigures = figures(through.snapshot());
    const handlerFigures = figures(direct.snapshot());
    results.push({
      behavior: behavior.id,
      plugin: behavior.owner ?? null,
      events: [...behavior.events],
      calls,
      opsPerSec: elapsed > 0 ? (calls / elapsed) * 1000 : 0,
      engine: engineFigures,
      handler: handlerFigures,
      overheadMs: Math.max(0, engineFigures.p50Ms - handlerFigures.p50Ms),
      errors,
      timeouts,
      truncated: calls < count,
    });
  }
  return { eventsPerBehavior: count, baseline, behaviors: results };
}

/** The engine's fixed cost: a no-op behavior through invoke, and through a whole dispatch. */
async function benchBaseline(count: number, warmup: number): Promise<BenchReport['baseline']> {
  const engine = new BehaviorEngine();
  const noop = engine.registry.register({ id: 'bench.noop', type: 'custom', events: ['operational'], handler: () => undefined });
  const event = sampleEvent('operational', 0);
  for (let i = 0; i < warmup; i += 1) await engine.invoke(noop, event);
  const invoke = new LatencyHistogram();
  let started = performance.now();
  for (let i = 0; i < count; i += 1) {
    const t = performance.now();
    await engine.invoke(noop, event);
    invoke.record(performance.now() - t);
  }
  const invokeOps = (count / (performance.now() - started)) * 1000;
  for (let i = 0; i < warmup; i += 1) await engine.dispatch({ type: 'operational' });
  const dispatch = new LatencyHistogram();
  started = performance.now();
  for (let i = 0; i < count; i += 1) {
    const t = performance.now();
    await engine.dispatch({ type: 'operational', data: event.data });
    dispatch.record(performance.now() - t);
  }
  const dispatchOps = (count / (performance.now() - started)) * 1000;
  return {
    invoke: { ...figures(invoke.snapshot()), opsPerSec: invokeOps },
    dispatch: { ...figures(dispatch.snapshot()), opsPerSec: dispatchOps },
  };
}
