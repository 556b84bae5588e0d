import { describe, expect, it } from 'vitest';
import { resolveLoadOrder } from '../../src/index.js';

const node = (version: string, dependencies: Record<string, string> = {}) => ({ version, dependencies });

describe('resolveLoadOrder', () => {
  it('puts every plugin after its dependencies', () => {
    const graph = new Map([
      ['ui', node('1.0.0', { shapes: '^1.0.0', glow: '^2.0.0' })],
      ['glow', node('2.1.0', { shapes: '^1.0.0' })],
      ['shapes', node('1.4.0')],
    ]);
    const { order, failures } = resolveLoadOrder(graph, ['ui', 'glow', 'shapes']);
    expect(failures.size).toBe(0);
    expect(order).toEqual(['shapes', 'glow', 'ui']);
  });

  it('keeps out exactly the plugins of a cycle and those that depend on them, naming the chain', () => {
    const graph = new Map([
      ['a', node('1.0.0', { b: '*' })],
      ['b', node('1.0.0', { a: '*' })],
      ['c', node('1.0.0', { a: '*' })],
      ['d', node('1.0.0')],
    ]);
    const { order, failures } = resolveLoadOrder(graph, ['a', 'b', 'c', 'd']);
    expect(order).toEqual(['d']);
    expect(failures.get('a')?.code).toBe('PLUGIN_CYCLE');
    expect(failures.get('a')?.message).toContain('a -> b -> a');
    expect(failures.get('b')?.message).toContain('a -> b -> a');
    expect(failures.get('c')?.message).toContain('c -> a');
  });

  it('keeps out a plugin whose dependency is missing or outside its range', () => {
    const graph = new Map([
      ['needs-missing', node('1.0.0', { ghost: '^1.0.0' })],
      ['needs-new', node('1.0.0', { base: '^2.0.0' })],
      ['base', node('1.9.0')],
      ['fine', node('1.0.0', { base: '~1.9.0' })],
    ]);
    const { order, failures } = resolveLoadOrder(graph, ['needs-missing', 'needs-new', 'fine']);
    expect(order).toEqual(['base', 'fine']);
    expect(failures.get('needs-missing')?.code).toBe('PLUGIN_DEPENDENCY_MISSING');
    expect(failures.get('needs-missing')?.message).toContain('needs-missing -> ghost');
    expect(failures.get('needs-new')?.code).toBe('PLUGIN_DEPENDENCY_VERSION');
    expect(failures.get('needs-new')?.message).toContain('base is 1.9.0');
  });

  it('explains why a dependency is unavailable when the caller knows', () => {
    const graph = new Map([['a', node('1.0.0', { off: '*' })]]);
    const { failures } = resolveLoadOrder(graph, ['a'], (name) => (name === 'off' ? 'is disabled in the config' : undefined));
    expect(failures.get('a')?.message).toContain('which is disabled in the config');
  });
});
