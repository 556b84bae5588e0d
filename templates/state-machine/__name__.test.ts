import { afterEach, describe, expect, it } from 'vitest';
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

async function send(engine: BehaviorEngine, elementId: string, command: string): Promise<unknown> {
  const { results } = await engine.dispatch({ type: 'operational', elementId, data: { command } });
  expect(results).toHaveLength(1);
  expect(results[0]?.outcome).toBe('ok');
  return results[0]?.value;
}

describe('{{name}}', () => {
  // The state lives in the plugin; dispose() is what the plugin system calls on unload.
  afterEach(async () => {
    await plugin.dispose();
  });

  it('registers one state_machine behavior', async () => {
    const engine = await start();
    expect(engine.registry.list().map((behavior) => [behavior.id, behavior.type])).toEqual([['{{name}}.transition', 'state_machine']]);
  });

  it('walks an element through a full cycle', async () => {
    const engine = await start();
    const path: unknown[] = [];
    for (const command of ['open', 'done', 'close', 'done']) path.push(await send(engine, 'door-1', command));
    expect(path).toEqual([
      { elementId: 'door-1', from: 'closed', to: 'opening', changed: true },
      { elementId: 'door-1', from: 'opening', to: 'open', changed: true },
      { elementId: 'door-1', from: 'open', to: 'closing', changed: true },
      { elementId: 'door-1', from: 'closing', to: 'closed', changed: true },
    ]);
  });

  it('keeps one state per element', async () => {
    const engine = await start();
    await send(engine, 'door-1', 'open');
    expect(await send(engine, 'door-2', 'done')).toMatchObject({ from: 'closed', to: 'closed', changed: false });
  });

  it('ignores commands it does not know', async () => {
    const engine = await start();
    expect(await send(engine, 'door-1', 'fly')).toEqual({ elementId: 'door-1', from: 'closed', to: 'closed', changed: false, ignored: 'fly' });
  });

  it('forgets every state on dispose', async () => {
    const engine = await start();
    await send(engine, 'door-1', 'open');
    await plugin.dispose();
    expect(await send(engine, 'door-1', 'done')).toMatchObject({ from: 'closed' });
  });
});
