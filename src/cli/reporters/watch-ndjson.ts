import type { ReplaySummary } from '../../plugins/events-file.js';
import type { WatchChange } from '../../plugins/watch.js';

/**
 * One line of `load --watch` without a terminal: a change of the watcher, the outcome of an
 * event replay, or the end of the session. The README documents every shape.
 */
export type WatchLine =
  | WatchChange
  | ({ type: 'replayed'; at: string; source: string } & ReplaySummary)
  | { type: 'stopped'; at: string; reason: string };

/** One JSON object, one line: newlines inside strings are escaped by JSON itself. */
export function formatWatchLine(line: WatchLine): string {
  return `${JSON.stringify(line)}\n`;
}
