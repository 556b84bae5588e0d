/**
 * The vocabulary of the engine, following the SVGX seed: event types, priorities, behavior
 * types and statuses. The engine knows nothing of plugins; `owner` is an opaque label.
 */

export const EVENT_TYPES = [
  'user_interaction',
  'system',
  'physics',
  'environmental',
  'operational',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Priorities, highest first: dispatch runs critical behaviors before high, and so on. */
export const PRIORITIES = ['critical', 'high', 'normal', 'low', 'background'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const BEHAVIOR_TYPES = [
  'event_driven',
  'state_machine',
  'conditional_logic',
  'performance_optimization',
  'ui_selection',
  'ui_editing',
  'ui_navigation',
  'ui_annotation',
  'time_based_trigger',
  'rule_engine',
  'custom',
] as const;
export type BehaviorType = (typeof BEHAVIOR_TYPES)[number];

export const BEHAVIOR_STATUSES = ['active', 'inactive', 'deprecated', 'testing', 'archived'] as const;
export type BehaviorStatus = (typeof BEHAVIOR_STATUSES)[number];

/** An event, as in the seed: `{ id, type, priority, timestamp, elementId, data }`. */
export interface SvgxEvent<D = Record<string, unknown>> {
  id: string;
  type: EventType;
  priority: Priority;
  timestamp: number;
  elementId?: string | undefined;
  data: D;
}

/** What a handler may use besides the event: its identity and a place for custom metrics. */
export interface BehaviorContext {
  readonly behaviorId: string;
  /** The owner label the behavior was registered under (a plugin name, for plugins). */
  readonly owner: string | undefined;
  /** Aborted when the behavior overruns its time limit; long async work should watch it. */
  readonly signal: AbortSignal;
  /** Record a custom metric value (kept as count, sum, min, max and last). */
  recordMetric(name: string, value: number): void;
}

export type BehaviorHandler = (event: SvgxEvent, ctx: BehaviorContext) => unknown;

/** A behavior as authors write it. */
export interface BehaviorDefinition {
  id: string;
  type: BehaviorType;
  events: EventType[];
  handler: BehaviorHandler;
  priority?: Priority;
  name?: string;
  description?: string;
  tags?: string[];
  status?: BehaviorStatus;
  /** Time limit for one call, in milliseconds; overrides the engine default. */
  timeoutMs?: number;
}

/** A behavior as the registry keeps it: the definition, normalised, plus its owner. */
export interface Behavior {
  readonly id: string;
  readonly type: BehaviorType;
  readonly events: readonly EventType[];
  readonly handler: BehaviorHandler;
  readonly priority: Priority;
  readonly name: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly status: BehaviorStatus;
  readonly timeoutMs: number | undefined;
  readonly owner: string | undefined;
  readonly registeredAt: number;
  /** Registration order, so equal priorities run in the order they were registered. */
  readonly sequence: number;
}

export type BehaviorOutcome = 'ok' | 'error' | 'timeout' | 'skipped';

export interface BehaviorResult {
  behaviorId: string;
  owner: string | undefined;
  outcome: BehaviorOutcome;
  /** Wall time of the call in milliseconds. */
  durationMs: number;
  /** The handler's return value, when it succeeded. */
  value?: unknown;
  /** Why the call failed or was skipped. */
  error?: string;
}

export interface DispatchResult {
  eventId: string;
  eventType: EventType;
  results: BehaviorResult[];
  durationMs: number;
}
