import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PluginSystem } from '../../src/plugins/plugin-system.js';
import { SandboxedLoader } from '../../src/sandbox/index.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/plugins');

describe('the fixture plugins in the sandbox', () => {
  it('loads all four sandboxed and dispatches to them', async () => {
    const system = new PluginSystem({ pluginDir: fixtures, loader: new SandboxedLoader() });
    const infos = await system.loadAll();
    expect(infos.map((p) => [p.name, p.status, p.loader, p.lastError?.message])).toEqual([
      ['base-shapes', 'loaded', 'sandboxed', undefined],
      ['door-state', 'loaded', 'sandboxed', undefined],
      ['hover-glow', 'loaded', 'sandboxed', undefined],
      ['selection-outline', 'loaded', 'sandboxed', undefined],
    ]);
    const result = await system.engine.dispatch({ type: 'user_interaction', elementId: 'r1', data: { x: 10, y: 5, action: 'select' } });
    expect(result.results.map((r) => [r.behaviorId, r.outcome, r.value])).toEqual([
      ['base-shapes.hit-test', 'ok', { elementId: 'r1', inside: true }],
      ['hover-glow.highlight', 'ok', { glow: true, intensity: 0.1 }],
      ['selection-outline.select', 'ok', { selected: 1, outline: { elementId: 'r1', strokeWidth: 2, dash: '4 2' } }],
    ]);
    const door = await system.engine.dispatch({ type: 'operational', elementId: 'd1', data: { command: 'open' } });
    expect(door.results[0]).toMatchObject({ behaviorId: 'door-state.transition', outcome: 'ok', value: { elementId: 'd1', from: 'closed', to: 'opening' } });
    expect(system.monitorPluginPerformance('base-shapes').custom['hit-tests']?.count).toBe(1);
    await system.close();
  });
});
