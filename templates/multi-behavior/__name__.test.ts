import { afterEach, describe, expect, it } from 'vitest';
import { BehaviorEngine, type PluginContext, type PluginDefinition } from 'svgx-plugins';
import plugin from './{{name}}.js';

// Registers the plugin on a real engine, as the plugin system does, without reading files:
// the behavior definitions are checked the same way and the test needs only the package.
// The dependency is not loaded here: this plugin uses none of its code, only its load order.
async function start(definition: PluginDefinition = plugin): Promise<{ engine: BehaviorEngine; logs: string[] }> {
  const engine = new BehaviorEngine();
  const logs: string[] = [];
  const { name, version } = definition.metadata;
  const ctx: PluginContext = {
    name,
    version,
    log: {
      info: (message) => {
        logs.push(`info: ${message}`);
      },
      warn: (message) => {
        logs.push(`warn: ${message}`);
      },
      error: (message) => {
        logs.push(`error: ${message}`);
      },
    },
    recordMetric: (metric, value) => engine.recordMetric(name, metric, value),
  };
  await definition.register({ registerBehavior: (behavior) => engine.registry.register(behavior, { owner: name }).id }, ctx);
  return { engine, logs };
}

async function valueOf(engine: BehaviorEngine, behaviorId: string, event: Parameters<BehaviorEngine['dispatch']>[0]): Promise<unknown> {
  const { results } = await engine.dispatch(event);
  const result = results.find((r) => r.behaviorId === behaviorId);
  expect(result?.outcome).toBe('ok');
  return result?.value;
}

describe('{{name}}', () => {
  afterEach(async () => {
    await plugin.dispose();
  });

  it('declares its dependency on {{dependency}}', () => {
    expect(plugin.metadata.dependencies).toEqual({ '{{dependency}}': '{{dependencyRange}}' });
  });

  it('registers three behaviors with distinct ids', async () => {
    const { engine } = await start();
    expect(engine.registry.list({ owner: '{{name}}' }).map((behavior) => behavior.id).sort()).toEqual([
      '{{name}}.add-note',
      '{{name}}.clear-notes',
      '{{name}}.report',
    ]);
  });

  it('adds notes, reports them and clears them', async () => {
    const { engine } = await start();
    const note = (text: string) => ({ type: 'user_interaction' as const, elementId: 'wall-7', data: { action: 'note', text } });
    expect(await valueOf(engine, '{{name}}.add-note', note('check paint'))).toEqual({ added: true, elementId: 'wall-7', count: 1 });
    expect(await valueOf(engine, '{{name}}.add-note', note('crack near door'))).toMatchObject({ count: 2 });
    const report = { type: 'operational' as const, data: { command: 'report-notes' } };
    expect(await valueOf(engine, '{{name}}.report', report)).toEqual({ report: true, elements: [{ elementId: 'wall-7', count: 2 }] });
    const clear = { type: 'operational' as const, elementId: 'wall-7', data: { command: 'clear-notes' } };
    expect(await valueOf(engine, '{{name}}.clear-notes', clear)).toEqual({ cleared: 2 });
    expect(await valueOf(engine, '{{name}}.report', report)).toEqual({ report: true, elements: [] });
  });

  it('runs the clear before the report when one event asks for both behaviors', async () => {
    const { engine } = await start();
    const { results } = await engine.dispatch({ type: 'operational', data: { command: 'report-notes' } });
    expect(results.map((r) => r.behaviorId)).toEqual(['{{name}}.clear-notes', '{{name}}.report']);
  });

  it('asks for the log permission and writes each clear to the plugin log', async () => {
    expect(plugin.metadata.permissions).toEqual(['log']);
    const { engine, logs } = await start();
    await engine.dispatch({ type: 'user_interaction', elementId: 'door-2', data: { action: 'note', text: 'sticks' } });
    await engine.dispatch({ type: 'operational', elementId: 'door-2', data: { command: 'clear-notes' } });
    expect(logs).toEqual(['info: cleared 1 note(s) of door-2']);
  });

  it('ignores a note without text', async () => {
    const { engine } = await start();
    const event = { type: 'user_interaction' as const, elementId: 'wall-7', data: { action: 'note', text: '  ' } };
    expect(await valueOf(engine, '{{name}}.add-note', event)).toEqual({ added: false });
  });
});
