import { describe, expect, it } from 'vitest';
import { BehaviorEngine } from '../src/index.js';

describe('engine smoke', () => {
  it('dispatches an event to a registered behavior', async () => {
    const engine = new BehaviorEngine();
    engine.registry.register({ id: 'a', type: 'custom', events: ['system'], handler: () => 42 });
    const result = await engine.dispatch({ type: 'system' });
    expect(result.results.map((r) => [r.behaviorId, r.outcome, r.value])).toEqual([['a', 'ok', 42]]);
  });
});
