import { describe, expect, it } from 'vitest';
import { BehaviorRegistry, SvgxError, type BehaviorDefinition } from '../../src/index.js';

const def = (id: string, extra: Partial<BehaviorDefinition> = {}): BehaviorDefinition => ({
  id,
  type: 'event_driven',
  events: ['user_interaction'],
  handler: () => id,
  ...extra,
});

function errorOf(fn: () => unknown): SvgxError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SvgxError) return error;
    throw error;
  }
  throw new Error('expected an SvgxError');
}

describe('BehaviorRegistry', () => {
  it('returns a registered behavior with its defaults filled in', () => {
    const registry = new BehaviorRegistry();
    registry.register(def('a.one'), { owner: 'a' });
    const b = registry.get('a.one');
    expect(b).toMatchObject({ id: 'a.one', priority: 'normal', status: 'active', owner: 'a', name: 'a.one' });
    expect(registry.size).toBe(1);
  });

  it('refuses a duplicate id with an error that names both owners', () => {
    const registry = new BehaviorRegistry();
    registry.register(def('shared.id'), { owner: 'first-plugin' });
    const error = errorOf(() => registry.register(def('shared.id'), { owner: 'second-plugin' }));
    expect(error.code).toBe('BEHAVIOR_DUPLICATE');
    expect(error.message).toContain('"first-plugin"');
    expect(error.message).toContain('"second-plugin"');
  });

  it.each([
    ['id', { id: '' }, 'id'],
    ['id with spaces', { id: 'has space' }, 'id'],
    ['type', { type: 'telepathy' }, 'type'],
    ['events empty', { events: [] }, 'events'],
    ['events typo', { events: ['user_interactoin'] }, 'events'],
    ['handler', { handler: 'not a function' }, 'handler'],
    ['priority', { priority: 'urgent' }, 'priority'],
    ['status', { status: 'sleeping' }, 'status'],
    ['timeoutMs', { timeoutMs: -5 }, 'timeoutMs'],
    ['tags', { tags: [1, 2] }, 'tags'],
    ['too many tags', { tags: Array.from({ length: 33 }, (_, i) => `t${i}`) }, 'tags'],
    ['a tag too long', { tags: ['x'.repeat(101)] }, 'tags'],
    ['description too long', { description: 'x'.repeat(2001) }, 'description'],
    ['name too long', { name: 'x'.repeat(201) }, 'name'],
  ])('refuses a definition with a bad %s, naming the field', (_label, patch, field) => {
    const registry = new BehaviorRegistry();
    const error = errorOf(() => registry.register({ ...def('x.y'), ...(patch as object) } as BehaviorDefinition));
    expect(error.code).toBe('BEHAVIOR_INVALID');
    expect(error.message).toContain(`field "${field}"`);
    expect(registry.size).toBe(0);
  });

  it('refuses a definition that is not an object', () => {
    const error = errorOf(() => new BehaviorRegistry().register(null as unknown as BehaviorDefinition));
    expect(error.message).toContain('must be an object');
  });

  it('lists by type, status, tag, owner and event', () => {
    const registry = new BehaviorRegistry();
    registry.register(def('a.1', { type: 'state_machine', tags: ['door'] }), { owner: 'a' });
    registry.register(def('a.2', { status: 'testing', events: ['physics'] }), { owner: 'a' });
    registry.register(def('b.1', { tags: ['door', 'visual'] }), { owner: 'b' });
    const ids = (list: { id: string }[]) => list.map((b) => b.id);
    expect(ids(registry.list({ type: 'state_machine' }))).toEqual(['a.1']);
    expect(ids(registry.list({ status: 'testing' }))).toEqual(['a.2']);
    expect(ids(registry.list({ tag: 'door' }))).toEqual(['a.1', 'b.1']);
    expect(ids(registry.list({ owner: 'a' }))).toEqual(['a.1', 'a.2']);
    expect(ids(registry.list({ event: 'physics' }))).toEqual(['a.2']);
    expect(ids(registry.list())).toEqual(['a.1', 'a.2', 'b.1']);
  });

  it('deletes one behavior, and deleteOwned removes an owner’s behaviors and nothing else', () => {
    const registry = new BehaviorRegistry();
    registry.register(def('a.1'), { owner: 'a' });
    registry.register(def('a.2'), { owner: 'a' });
    registry.register(def('b.1'), { owner: 'b' });
    registry.register(def('host.1'));
    expect(registry.delete('a.2')).toBe(true);
    expect(registry.delete('a.2')).toBe(false);
    expect(registry.deleteOwned('a')).toEqual(['a.1']);
    expect(registry.list().map((b) => b.id)).toEqual(['b.1', 'host.1']);
  });

  it('orders the behaviors of an event critical first, then by registration order, skipping inactive ones', () => {
    const registry = new BehaviorRegistry();
    registry.register(def('low', { priority: 'low' }));
    registry.register(def('normal-1'));
    registry.register(def('critical', { priority: 'critical' }));
    registry.register(def('off', { priority: 'critical', status: 'inactive' }));
    registry.register(def('normal-2'));
    registry.register(def('background', { priority: 'background' }));
    registry.register(def('high', { priority: 'high' }));
    expect(registry.forEvent('user_interaction').map((b) => b.id)).toEqual([
      'critical',
      'high',
      'normal-1',
      'normal-2',
      'low',
      'background',
    ]);
    expect(registry.forEvent('physics')).toEqual([]);
  });

  it('replaces an owner’s behaviors in one step, and changes nothing when the new set is invalid', () => {
    const registry = new BehaviorRegistry();
    registry.register(def('a.old'), { owner: 'a' });
    registry.register(def('b.taken'), { owner: 'b' });
    const snapshot = registry.forEvent('user_interaction');
    expect(() => registry.replaceOwned('a', [def('a.new'), def('b.taken')])).toThrow(/already registered by plugin "b"/);
    expect(registry.list({ owner: 'a' }).map((b) => b.id)).toEqual(['a.old']);
    expect(() => registry.replaceOwned('a', [def('a.twice'), def('a.twice')])).toThrow(/registered twice/);
    registry.replaceOwned('a', [def('a.new')]);
    expect(registry.list({ owner: 'a' }).map((b) => b.id)).toEqual(['a.new']);
    // An earlier snapshot is not mutated by the swap.
    expect(snapshot.map((b) => b.id)).toEqual(['a.old', 'b.taken']);
  });

  it('tells listeners about every change', () => {
    const registry = new BehaviorRegistry();
    let changes = 0;
    const off = registry.onChange(() => (changes += 1));
    registry.register(def('a'));
    registry.delete('a');
    off();
    registry.register(def('b'));
    expect(changes).toBe(2);
  });
});
