import { describe, expect, it } from 'vitest';
import { BehaviorEngine, type PluginContext, type PluginDefinition } from 'svgx-plugins';
import plugin from './{{name}}.js';

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

describe('{{name}}', () => {
  it('registers one behavior, named after the plugin', async () => {
    const engine = await start();
    expect(engine.registry.list().map((behavior) => behavior.id)).toEqual(['{{name}}.highlight']);
  });

  it('highlights an element while the pointer is inside it', async () => {
    const engine = await start();
    const { results } = await engine.dispatch({
      type: 'user_interaction',
      elementId: 'rect-1',
      data: { x: 5, y: 5, width: 10, height: 10 },
    });
    expect(results).toMatchObject([{ outcome: 'ok', value: { elementId: 'rect-1', highlighted: true } }]);
  });

  it('does not highlight when the pointer is outside', async () => {
    const engine = await start();
    const { results } = await engine.dispatch({ type: 'user_interaction', elementId: 'rect-1', data: { x: 50, y: 5, width: 10, height: 10 } });
    expect(results).toMatchObject([{ outcome: 'ok', value: { highlighted: false } }]);
  });

  it('ignores events of other types', async () => {
    const engine = await start();
    const { results } = await engine.dispatch({ type: 'physics', data: {} });
    expect(results).toEqual([]);
  });
});
