import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { BehaviorEngine, type EventInput } from '../engine/engine.js';
import { EVENT_TYPES, type EventType, type SvgxEvent } from '../engine/types.js';
import { SvgxError, describeThrown } from '../errors.js';

const EXAMPLE_LINE = '{"type":"user_interaction","elementId":"rect-1","data":{"x":12,"y":4}}';

/**
 * Reads an NDJSON file of events (one `{ type, priority?, elementId?, data?, id?, timestamp? }`
 * a line; blank lines are skipped) and checks every line before any is dispatched, so a typo
 * on line 900 is reported before 899 events have run.
 */
export async function readEventsFile(file: string): Promise<SvgxEvent[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SvgxError('USAGE', code === 'ENOENT' ? `events file ${file} does not exist` : `events file ${file} cannot be read: ${describeThrown(error)}`, {
      location: '--events',
      hint: `pass an NDJSON file, one event a line, such as ${EXAMPLE_LINE}`,
      cause: error,
    });
  }
  const events: SvgxEvent[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const where = `${file}:${index + 1}`;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      throw new SvgxError('USAGE', `events file line ${index + 1} is not JSON: ${describeThrown(error)}`, {
        location: where,
        hint: `each line must be one JSON object, such as ${EXAMPLE_LINE}`,
      });
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new SvgxError('USAGE', `events file line ${index + 1} is not a JSON object`, { location: where, hint: `such as ${EXAMPLE_LINE}` });
    }
    const input = raw as Partial<EventInput> & { data?: unknown };
    if (input.data !== undefined && (typeof input.data !== 'object' || input.data === null || Array.isArray(input.data))) {
      throw new SvgxError('USAGE', `events file line ${index + 1}: "data" must be an object`, { location: where, hint: `such as ${EXAMPLE_LINE}` });
    }
    try {
      events.push(BehaviorEngine.createEvent(input as EventInput));
    } catch (error) {
      const hint = error instanceof SvgxError ? error.hint : undefined;
      throw new SvgxError('USAGE', `events file line ${index + 1}: ${describeThrown(error)}`, { location: where, ...(hint ? { hint } : {}) });
    }
  }
  if (events.length === 0) {
    throw new SvgxError('USAGE', `events file ${file} has no events`, { location: '--events', hint: `write one event a line, such as ${EXAMPLE_LINE}` });
  }
  return events;
}

export interface ReplaySummary {
  events: number;
  /** Behavior calls made, and how they ended. */
  calls: number;
  ok: number;
  errors: number;
  timeouts: number;
  durationMs: number;
}

/** Dispatches events through the engine one after the other; the engine records each call. */
export async function replayEvents(engine: BehaviorEngine, events: readonly SvgxEvent[]): Promise<ReplaySummary> {
  const summary: ReplaySummary = { events: 0, calls: 0, ok: 0, errors: 0, timeouts: 0, durationMs: 0 };
  const started = performance.now();
  for (const event of events) {
    // A fresh id and time each replay: the engine and behaviors see a new event, not a repeat.
    const result = await engine.dispatch({ ...event, id: undefined, timestamp: undefined } as EventInput);
    summary.events += 1;
    for (const r of result.results) {
      summary.calls += 1;
      if (r.outcome === 'ok') summary.ok += 1;
      else if (r.outcome === 'timeout') summary.timeouts += 1;
      else if (r.outcome === 'error') summary.errors += 1;
    }
  }
  summary.durationMs = performance.now() - started;
  return summary;
}

const COMMANDS = ['open', 'done', 'close', 'done'];

/**
 * A synthetic event of a type, varied by `n` so handlers take their different branches:
 * pointer positions inside and outside a 100x100 box, sizes, and door-like commands.
 */
export function sampleEvent(type: EventType, n: number): SvgxEvent {
  return BehaviorEngine.createEvent({
    type,
    elementId: `element-${n % 8}`,
    data: {
      x: ((n * 37) % 240) - 70,
      y: ((n * 53) % 240) - 70,
      width: 20 + (n % 5) * 40,
      height: 20 + (n % 3) * 40,
      command: COMMANDS[n % COMMANDS.length],
      kind: 'sample',
    },
  });
}

/** One sample event of each type some behavior listens to (the `e` key of the live view). */
export function sampleEventsFor(engine: BehaviorEngine, n = 0): SvgxEvent[] {
  const types = new Set<EventType>();
  for (const behavior of engine.registry.list()) for (const type of behavior.events) types.add(type);
  return EVENT_TYPES.filter((t) => types.has(t)).map((t) => sampleEvent(t, n));
}
