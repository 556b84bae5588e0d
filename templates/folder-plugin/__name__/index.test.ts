import { describe, expect, it } from 'vitest';
import { BehaviorEngine, type PluginContext, type PluginDefinition } from 'svgx-plugins';
import { snapPoint, snapValue } from './grid.js';
import plugin from './index.js';

// Registers the plugin on a real engine, as the plugin system does, without reading files:
// the behavior definitions are checked the same way and the test needs only the package.
async function start(definition: PluginDefinition = plugin): Promise<BehaviorEngine> {
  const engine = new BehaviorEngine();
  const { name, version } = definition.metadata;
  const ctx: PluginContext = {
    name,
    version,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    recordMetric: (metric, value) => engine.recordMetric(name, metric, value),
  };
  await definition.register({ registerBehavior: (behavior) => engine.registry.register(behavior, { owner: name }).id }, ctx);
  return engine;
}

describe('grid helpers', () => {
  it.each([
    [14, 10, 10],
    [15, 10, 20],
    [-6, 10, -10],
    [7, 0, 7],
  ])('snaps %d to %d-unit steps as %d', (value, size, expected) => {
    expect(snapValue(value, size)).toBe(expected);
  });

  it('snaps both coordinates of a point', () => {
    expect(snapPoint({ x: 12, y: 27 }, 5)).toEqual({ x: 10, y: 25 });
  });
});

describe('{{name}}', () => {
  it('registers one behavior, named after the plugin', async () => {
    const engine = await start();
    expect(engine.registry.list().map((behavior) => behavior.id)).toEqual(['{{name}}.snap']);
  });

  it('snaps a dragged element to the grid', async () => {
    const engine = await start();
    const { results } = await engine.dispatch({ type: 'user_interaction', elementId: 'chair-3', data: { action: 'drag', x: 23, y: 48 } });
    expect(results).toMatchObject([{ outcome: 'ok', value: { snapped: true, elementId: 'chair-3', x: 20, y: 50 } }]);
  });

  it('uses the grid size the event gives', async () => {
    const engine = await start();
    const { results } = await engine.dispatch({ type: 'user_interaction', data: { action: 'drag', x: 23, y: 48, gridSize: 25 } });
    expect(results).toMatchObject([{ value: { x: 25, y: 50 } }]);
  });

  it('leaves other interactions alone', async () => {
    const engine = await start();
    const { results } = await engine.dispatch({ type: 'user_interaction', data: { action: 'click', x: 1, y: 1 } });
    expect(results).toMatchObject([{ value: { snapped: false } }]);
  });
});
