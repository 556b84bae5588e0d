import { describe, expect, it } from 'vitest';
import { BehaviorEngine, SvgxError, type BehaviorContext } from '../../src/index.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function busyWait(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // spin: a synchronous overrun
  }
}

describe('BehaviorEngine.dispatch', () => {
  it('runs the behaviors of the event type in priority order, critical first', async () => {
    const engine = new BehaviorEngine();
    const order: string[] = [];
    const add = (id: string, priority: 'critical' | 'high' | 'normal' | 'low' | 'background') =>
      engine.registry.register({ id, type: 'custom', events: ['physics'], priority, handler: () => order.push(id) });
    add('low', 'low');
    add('critical', 'critical');
    add('normal', 'normal');
    add('high', 'high');
    engine.registry.register({ id: 'other-event', type: 'custom', events: ['system'], handler: () => order.push('other') });
    const result = await engine.dispatch({ type: 'physics' });
    expect(order).toEqual(['critical', 'high', 'normal', 'low']);
    expect(result.results.map((r) => r.behaviorId)).toEqual(['critical', 'high', 'normal', 'low']);
    expect(result.eventType).toBe('physics');
  });

  it("skips a plugin's other behaviors for the event once one of them timed out, and runs the other plugins'", async () => {
    const engine = new BehaviorEngine({ defaultTimeoutMs: 30 });
    const never = () => new Promise<never>(() => undefined);
    for (let i = 0; i < 20; i++) engine.registry.register({ id: `greedy.${i}`, type: 'custom', events: ['physics'], handler: never }, { owner: 'greedy' });
    engine.registry.register({ id: 'fine.a', type: 'custom', events: ['physics'], priority: 'low', handler: () => 'ok' }, { owner: 'fine' });
    const started = performance.now();
    const { results } = await engine.dispatch({ type: 'physics' });
    // One limit for the greedy plugin, not twenty.
    expect(performance.now() - started).toBeLessThan(400);
    expect(results.filter((r) => r.outcome === 'timeout').map((r) => r.behaviorId)).toEqual(['greedy.0']);
    const skipped = results.filter((r) => r.outcome === 'skipped');
    expect(skipped).toHaveLength(19);
    expect(skipped[0]?.error).toBe('skipped: another behavior of "greedy" timed out in this dispatch');
    expect(results.find((r) => r.behaviorId === 'fine.a')).toMatchObject({ outcome: 'ok', value: 'ok' });
    // The next event tries the plugin again.
    expect((await engine.dispatch({ type: 'physics' })).results.filter((r) => r.outcome === 'timeout')).toHaveLength(1);
  });

  it('records a behavior that throws, rejects or overruns, and still runs the rest', async () => {
    const engine = new BehaviorEngine({ defaultTimeoutMs: 50 });
    const reg = (id: string, handler: () => unknown) => engine.registry.register({ id, type: 'custom', events: ['system'], handler });
    reg('throws', () => {
      throw new Error('boom');
    });
    reg('rejects', () => Promise.reject(new Error('async boom')));
    reg('hangs', () => new Promise(() => undefined));
    reg('throws-string', () => {
      throw 'a plain string';
    });
    reg('async-ok', async () => {
      await sleep(1);
      return 'done';
    });
    reg('sync-ok', () => 7);
    const { results } = await engine.dispatch({ type: 'system' });
    const byId = Object.fromEntries(results.map((r) => [r.behaviorId, r]));
    expect(byId['throws']).toMatchObject({ outcome: 'error', error: 'boom' });
    expect(byId['rejects']).toMatchObject({ outcome: 'error', error: 'async boom' });
    expect(byId['hangs']).toMatchObject({ outcome: 'timeout' });
    expect(byId['hangs']?.durationMs).toBeGreaterThanOrEqual(45);
    expect(byId['throws-string']).toMatchObject({ outcome: 'error', error: 'a plain string' });
    expect(byId['async-ok']).toMatchObject({ outcome: 'ok', value: 'done' });
    expect(byId['sync-ok']).toMatchObject({ outcome: 'ok', value: 7 });
    for (const r of results) expect(r.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('reports a synchronous handler that ran past its limit as a timeout and drops its value', async () => {
    const engine = new BehaviorEngine({ defaultTimeoutMs: 5 });
    engine.registry.register({ id: 'slow', type: 'custom', events: ['system'], handler: () => (busyWait(20), 'late') });
    const { results } = await engine.dispatch({ type: 'system' });
    expect(results[0]).toMatchObject({ outcome: 'timeout' });
    expect(results[0]?.value).toBeUndefined();
  });

  it('uses a behavior’s own time limit over the default', async () => {
    const engine = new BehaviorEngine({ defaultTimeoutMs: 10 });
    engine.registry.register({ id: 'patient', type: 'custom', events: ['system'], timeoutMs: 200, handler: () => sleep(30).then(() => 'ok') });
    const { results } = await engine.dispatch({ type: 'system' });
    expect(results[0]).toMatchObject({ outcome: 'ok', value: 'ok' });
  });

  it('aborts the signal of a handler that overran its limit', async () => {
    const engine = new BehaviorEngine({ defaultTimeoutMs: 10 });
    let seen: AbortSignal | undefined;
    engine.registry.register({
      id: 'watcher',
      type: 'custom',
      events: ['system'],
      handler: (_e, ctx: BehaviorContext) => {
        seen = ctx.signal;
        return new Promise(() => undefined);
      },
    });
    await engine.dispatch({ type: 'system' });
    expect(seen?.aborted).toBe(true);
  });

  it('counts calls, errors and timeouts and gives latency percentiles per behavior', async () => {
    const engine = new BehaviorEngine({ defaultTimeoutMs: 20 });
    let n = 0;
    engine.registry.register({
      id: 'flaky',
      type: 'custom',
      events: ['system'],
      handler: () => {
        n += 1;
        if (n % 4 === 0) throw new Error('every fourth call');
        if (n === 10) return new Promise(() => undefined);
        return n;
      },
    });
    for (let i = 0; i < 12; i += 1) await engine.dispatch({ type: 'system' });
    const stats = engine.getStats('flaky');
    expect(stats).toMatchObject({ calls: 12, errors: 3, timeouts: 1, lastError: 'every fourth call' });
    expect(stats?.latency.count).toBe(12);
    expect(stats?.latency.p99Ms).toBeGreaterThanOrEqual(stats?.latency.p50Ms ?? Infinity);
    expect(stats?.latency.maxMs).toBeGreaterThanOrEqual(19);
    expect(engine.getStats('never-called')).toBeUndefined();
  });

  it('fills in id, priority and timestamp of a partial event and passes the data through', async () => {
    const engine = new BehaviorEngine();
    let received: unknown;
    engine.registry.register({ id: 'echo', type: 'custom', events: ['environmental'], handler: (e) => (received = e) });
    await engine.dispatch({ type: 'environmental', elementId: 'sensor-1', data: { celsius: 21 } });
    expect(received).toMatchObject({ type: 'environmental', priority: 'normal', elementId: 'sensor-1', data: { celsius: 21 } });
    expect(typeof (received as { id: string }).id).toBe('string');
    expect(typeof (received as { timestamp: number }).timestamp).toBe('number');
  });

  it('refuses an unknown event type with an error that lists the valid ones', async () => {
    const engine = new BehaviorEngine();
    const error = await engine.dispatch({ type: 'user_interactoin' as 'system' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SvgxError);
    expect((error as SvgxError).code).toBe('EVENT_INVALID');
    expect((error as SvgxError).hint).toContain('user_interaction');
  });

  it('keeps custom metrics a behavior records through its context', async () => {
    const engine = new BehaviorEngine();
    engine.registry.register(
      { id: 'm', type: 'custom', events: ['system'], handler: (e, ctx) => ctx.recordMetric('queue-depth', Number(e.data['depth'])) },
      { owner: 'metrics-plugin' },
    );
    for (const depth of [3, 9, 6]) await engine.dispatch({ type: 'system', data: { depth } });
    expect(engine.getCustomMetrics('metrics-plugin')['queue-depth']).toEqual({ count: 3, sum: 18, min: 3, max: 9, last: 6 });
  });

  it('dispatches to the behaviors present when it started, even if the registry changes meanwhile', async () => {
    const engine = new BehaviorEngine();
    const seen: string[] = [];
    engine.registry.register({
      id: 'first',
      type: 'custom',
      events: ['system'],
      priority: 'high',
      handler: async () => {
        seen.push('first');
        engine.registry.replaceOwned('p', []);
        await sleep(1);
      },
    });
    engine.registry.register({ id: 'second', type: 'custom', events: ['system'], handler: () => seen.push('second') }, { owner: 'p' });
    await engine.dispatch({ type: 'system' });
    expect(seen).toEqual(['first', 'second']);
  });
});
