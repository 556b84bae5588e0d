import { SvgxError } from '../errors.js';
import {
  BEHAVIOR_STATUSES,
  BEHAVIOR_TYPES,
  EVENT_TYPES,
  PRIORITIES,
  type Behavior,
  type BehaviorDefinition,
  type BehaviorStatus,
  type BehaviorType,
  type EventType,
} from './types.js';

const PRIORITY_RANK: Record<string, number> = Object.fromEntries(PRIORITIES.map((p, i) => [p, i]));
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export interface ListFilter {
  type?: BehaviorType;
  status?: BehaviorStatus;
  tag?: string;
  owner?: string;
  event?: EventType;
}

export interface RegisterOptions {
  /** An opaque label of who registered the behavior (the plugin system passes the plugin name). */
  owner?: string;
}

type Listener = () => void;

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  return typeof value;
}

function fieldError(id: unknown, field: string, problem: string, allowed?: readonly string[]): SvgxError {
  const which = typeof id === 'string' && id ? `behavior "${id}"` : 'behavior';
  const hint = allowed ? `allowed: ${allowed.join(', ')}` : undefined;
  return new SvgxError('BEHAVIOR_INVALID', `${which}: field "${field}" ${problem}`, hint ? { hint } : {});
}

/**
 * Sizes the registry keeps for every behavior: a definition is host memory, outside any
 * sandbox's limit (1000 behaviors with a 60 KB description each held 59 MB of host heap).
 */
const LIMITS = { name: 200, description: 2000, tags: 32, tag: 100 } as const;

/**
 * Checks a behavior definition field by field and returns it normalised. Throws an SvgxError
 * (BEHAVIOR_INVALID) naming the field and what is allowed.
 */
export function checkBehaviorDefinition(input: unknown): BehaviorDefinition {
  if (typeof input !== 'object' || input === null) {
    throw new SvgxError('BEHAVIOR_INVALID', `behavior definition must be an object, got ${describeValue(input)}`);
  }
  const def = input as Record<string, unknown>;
  const id = def['id'];
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw fieldError(id, 'id', `must be a non-empty string of letters, digits, '.', '_', ':' or '-' (got ${describeValue(id)})`);
  }
  const type = def['type'];
  if (typeof type !== 'string' || !(BEHAVIOR_TYPES as readonly string[]).includes(type)) {
    throw fieldError(id, 'type', `is not a behavior type (got ${describeValue(type)})`, BEHAVIOR_TYPES);
  }
  const events = def['events'];
  if (!Array.isArray(events) || events.length === 0) {
    throw fieldError(id, 'events', `must be a non-empty array of event types (got ${describeValue(events)})`, EVENT_TYPES);
  }
  for (const event of events) {
    if (typeof event !== 'string' || !(EVENT_TYPES as readonly string[]).includes(event)) {
      throw fieldError(id, 'events', `has an unknown event type ${describeValue(event)}`, EVENT_TYPES);
    }
  }
  if (typeof def['handler'] !== 'function') {
    throw fieldError(id, 'handler', `must be a function (got ${describeValue(def['handler'])})`);
  }
  const priority = def['priority'];
  if (priority !== undefined && (typeof priority !== 'string' || !(PRIORITIES as readonly string[]).includes(priority))) {
    throw fieldError(id, 'priority', `is not a priority (got ${describeValue(priority)})`, PRIORITIES);
  }
  const status = def['status'];
  if (status !== undefined && (typeof status !== 'string' || !(BEHAVIOR_STATUSES as readonly string[]).includes(status))) {
    throw fieldError(id, 'status', `is not a behavior status (got ${describeValue(status)})`, BEHAVIOR_STATUSES);
  }
  const tags = def['tags'];
  if (tags !== undefined && (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string'))) {
    throw fieldError(id, 'tags', 'must be an array of strings');
  }
  if (Array.isArray(tags) && (tags.length > LIMITS.tags || tags.some((t: string) => t.length > LIMITS.tag))) {
    throw fieldError(id, 'tags', `may hold at most ${LIMITS.tags} tags of at most ${LIMITS.tag} characters each`);
  }
  const timeoutMs = def['timeoutMs'];
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0)) {
    throw fieldError(id, 'timeoutMs', `must be a positive number of milliseconds (got ${describeValue(timeoutMs)})`);
  }
  for (const key of ['name', 'description'] as const) {
    const value = def[key];
    if (value !== undefined && typeof value !== 'string') throw fieldError(id, key, 'must be a string');
    if (typeof value === 'string' && value.length > LIMITS[key]) throw fieldError(id, key, `must be at most ${LIMITS[key]} characters (got ${value.length})`);
  }
  return input as BehaviorDefinition;
}

/**
 * The behavior registry (the seed's behavior management system): register, get, delete and
 * list behaviors by type, status, tag, event and owner. Reads are served from indexes that
 * are rebuilt lazily, so a dispatch never scans every behavior.
 */
export class BehaviorRegistry {
  private readonly behaviors = new Map<string, Behavior>();
  private readonly byOwner = new Map<string, Set<string>>();
  private byEvent: Map<EventType, readonly Behavior[]> | undefined;
  private sequence = 0;
  private readonly listeners = new Set<Listener>();

  /** Registers one behavior. A duplicate id is refused with an error naming both owners. */
  register(definition: BehaviorDefinition, options: RegisterOptions = {}): Behavior {
    const behavior = this.normalise(checkBehaviorDefinition(definition), options.owner);
    this.refuseDuplicate(behavior, this.behaviors.get(behavior.id));
    this.insert(behavior);
    this.changed();
    return behavior;
  }

  /**
   * Replaces every behavior of `owner` with `definitions` in one synchronous step: a dispatch
   * sees either the old set or the new one, never a mix and never none. All definitions are
   * checked first; on any error nothing changes.
   */
  replaceOwned(owner: string, definitions: readonly BehaviorDefinition[]): Behavior[] {
    const next = this.prepareOwned(owner, definitions);
    for (const id of this.byOwner.get(owner) ?? []) this.behaviors.delete(id);
    this.byOwner.delete(owner);
    for (const behavior of next) this.insert(behavior);
    this.changed();
    return next;
  }

  /** Checks that `definitions` could replace `owner`'s behaviors, without changing anything. */
  checkReplaceable(owner: string, definitions: readonly BehaviorDefinition[]): void {
    this.prepareOwned(owner, definitions);
  }

  get(id: string): Behavior | undefined {
    return this.behaviors.get(id);
  }

  has(id: string): boolean {
    return this.behaviors.has(id);
  }

  /** Removes one behavior; returns whether it existed. */
  delete(id: string): boolean {
    const behavior = this.behaviors.get(id);
    if (!behavior) return false;
    this.behaviors.delete(id);
    if (behavior.owner !== undefined) this.byOwner.get(behavior.owner)?.delete(id);
    this.changed();
    return true;
  }

  /** Removes every behavior of `owner` and nothing else; returns the ids removed. */
  deleteOwned(owner: string): string[] {
    const ids = [...(this.byOwner.get(owner) ?? [])];
    for (const id of ids) this.behaviors.delete(id);
    this.byOwner.delete(owner);
    if (ids.length > 0) this.changed();
    return ids;
  }

  list(filter: ListFilter = {}): Behavior[] {
    let source: Iterable<Behavior>;
    if (filter.owner !== undefined) {
      source = [...(this.byOwner.get(filter.owner) ?? [])].map((id) => this.behaviors.get(id)).filter((b): b is Behavior => !!b);
    } else if (filter.event !== undefined) {
      source = this.forEvent(filter.event);
    } else {
      source = this.behaviors.values();
    }
    const out: Behavior[] = [];
    for (const b of source) {
      if (filter.type !== undefined && b.type !== filter.type) continue;
      if (filter.status !== undefined && b.status !== filter.status) continue;
      if (filter.tag !== undefined && !b.tags.includes(filter.tag)) continue;
      if (filter.event !== undefined && !b.events.includes(filter.event)) continue;
      out.push(b);
    }
    return out.sort((a, b) => a.sequence - b.sequence);
  }

  /**
   * The active behaviors listening to `event`, in dispatch order (critical first, then in
   * registration order). The array is a snapshot: later changes build a new one.
   */
  forEvent(event: EventType): readonly Behavior[] {
    if (!this.byEvent) this.byEvent = this.buildEventIndex();
    return this.byEvent.get(event) ?? [];
  }

  get size(): number {
    return this.behaviors.size;
  }

  /** Calls `listener` after every change; returns a function that removes it. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private prepareOwned(owner: string, definitions: readonly BehaviorDefinition[]): Behavior[] {
    const seen = new Set<string>();
    const next: Behavior[] = [];
    for (const definition of definitions) {
      const behavior = this.normalise(checkBehaviorDefinition(definition), owner);
      if (seen.has(behavior.id)) {
        throw new SvgxError('BEHAVIOR_DUPLICATE', `behavior id "${behavior.id}" is registered twice by plugin "${owner}"`, {
          hint: 'give each behavior its own id',
        });
      }
      seen.add(behavior.id);
      const existing = this.behaviors.get(behavior.id);
      if (existing && existing.owner !== owner) this.refuseDuplicate(behavior, existing);
      next.push(behavior);
    }
    return next;
  }

  private normalise(def: BehaviorDefinition, owner: string | undefined): Behavior {
    this.sequence += 1;
    return Object.freeze({
      id: def.id,
      type: def.type,
      events: Object.freeze([...new Set(def.events)]),
      handler: def.handler,
      priority: def.priority ?? 'normal',
      name: def.name ?? def.id,
      description: def.description ?? '',
      tags: Object.freeze([...(def.tags ?? [])]),
      status: def.status ?? 'active',
      timeoutMs: def.timeoutMs,
      owner,
      registeredAt: Date.now(),
      sequence: this.sequence,
    });
  }

  private refuseDuplicate(behavior: Behavior, existing: Behavior | undefined): void {
    if (!existing) return;
    const owner = (o: string | undefined): string => (o === undefined ? 'the host' : `plugin "${o}"`);
    throw new SvgxError(
      'BEHAVIOR_DUPLICATE',
      `behavior id "${behavior.id}" from ${owner(behavior.owner)} is already registered by ${owner(existing.owner)}`,
      { hint: 'behavior ids are unique across the engine: prefix them with the plugin name' },
    );
  }

  private insert(behavior: Behavior): void {
    this.behaviors.set(behavior.id, behavior);
    if (behavior.owner !== undefined) {
      let ids = this.byOwner.get(behavior.owner);
      if (!ids) this.byOwner.set(behavior.owner, (ids = new Set()));
      ids.add(behavior.id);
    }
  }

  private changed(): void {
    this.byEvent = undefined;
    for (const listener of this.listeners) listener();
  }

  private buildEventIndex(): Map<EventType, readonly Behavior[]> {
    const index = new Map<EventType, Behavior[]>();
    for (const b of this.behaviors.values()) {
      if (b.status !== 'active' && b.status !== 'testing') continue;
      for (const e of b.events) {
        let list = index.get(e);
        if (!list) index.set(e, (list = []));
        list.push(b);
      }
    }
    for (const list of index.values()) {
      list.sort((a, b) => (PRIORITY_RANK[a.priority] ?? 2) - (PRIORITY_RANK[b.priority] ?? 2) || a.sequence - b.sequence);
      Object.freeze(list);
    }
    return index;
  }
}
