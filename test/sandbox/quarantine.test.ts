import { describe, expect, it } from 'vitest';
import { BehaviorEngine } from '../../src/index.js';

const never = () => new Promise(() => undefined);

describe('quarantine in the engine (any runner, not only the sandbox)', () => {
  it('skips a behavior after N timeouts in a row, keeps the reason, and runs it again once released', async () => {
    const engine = new BehaviorEngine({ quarantineAfter: 2 });
    let slow = true;
    engine.registry.register({ id: 'flaky', type: 'custom', events: ['system'], timeoutMs: 10, handler: () => (slow ? never() : 'fine') });
    engine.registry.register({ id: 'steady', type: 'custom', events: ['system'], handler: () => 'ok' });
    for (let i = 0; i < 2; i++) expect((await engine.dispatch({ type: 'system' })).results[0]?.outcome).toBe('timeout');
    const skipped = await engine.dispatch({ type: 'system' });
    expect(skipped.results.map((r) => [r.behaviorId, r.outcome])).toEqual([
      ['flaky', 'skipped'],
      ['steady', 'ok'],
    ]);
    expect(engine.getQuarantined()).toEqual([expect.objectContaining({ behaviorId: 'flaky', reason: '2 timeouts in a row (limit 10 ms)' })]);
    slow = false;
    expect(engine.releaseQuarantine('flaky')).toBe(true);
    expect((await engine.dispatch({ type: 'system' })).results[0]).toMatchObject({ outcome: 'ok', value: 'fine' });
    expect(engine.getQuarantined()).toEqual([]);
  });

  it('never quarantines with quarantineAfter 0, and a call that completes resets the count', async () => {
    const engine = new BehaviorEngine({ quarantineAfter: 0 });
    engine.registry.register({ id: 'slow', type: 'custom', events: ['system'], timeoutMs: 5, handler: never });
    for (let i = 0; i < 4; i++) expect((await engine.dispatch({ type: 'system' })).results[0]?.outcome).toBe('timeout');
    expect(engine.getQuarantined()).toEqual([]);

    const counting = new BehaviorEngine({ quarantineAfter: 2 });
    let n = 0;
    counting.registry.register({ id: 'alternating', type: 'custom', events: ['system'], timeoutMs: 5, handler: () => (n++ % 2 === 0 ? never() : 'ok') });
    for (let i = 0; i < 6; i++) await counting.dispatch({ type: 'system' });
    expect(counting.getQuarantined()).toEqual([]);
  });
});
