import type { Behavior } from '../../engine/types.js';
import { callFigures, type BehaviorStatsSnapshot, type CallFigures } from '../../engine/engine.js';
import type { ReplaySummary } from '../../plugins/events-file.js';
import { formatMs, formatTable } from '../table.js';
import { plainPaint, type Paint } from './plugins-text.js';

export interface ReplayBehaviorJson extends CallFigures {
  id: string;
  plugin: string | null;
  lastError: string | null;
}

/** `load --events FILE --json`: the `replay` key. */
export interface ReplayJson extends ReplaySummary {
  file: string;
  behaviors: ReplayBehaviorJson[];
}

export function replayToJson(file: string, summary: ReplaySummary, behaviors: readonly Behavior[], statsOf: (id: string) => BehaviorStatsSnapshot | undefined): ReplayJson {
  return {
    file,
    ...summary,
    behaviors: behaviors.map((b) => {
      const s = statsOf(b.id);
      return {
        id: b.id,
        plugin: b.owner ?? null,
        ...callFigures(s, s?.latency),
        lastError: s?.lastError ?? null,
      };
    }),
  };
}

export function formatReplay(replay: ReplayJson, paint: Paint = plainPaint): string {
  const head = `replayed ${replay.events} event${replay.events === 1 ? '' : 's'} from ${replay.file} in ${formatMs(replay.durationMs)}: ${replay.calls} calls, ${replay.ok} ok, ${replay.errors} errors, ${replay.timeouts} timeouts`;
  const table = formatTable(
    ['BEHAVIOR', 'CALLS', 'ERRORS', 'TIMEOUTS', 'P50', 'P95', 'P99', 'LAST ERROR'],
    replay.behaviors.map((b) => [
      paint.bold(b.id),
      String(b.calls),
      b.errors > 0 ? paint.bad(String(b.errors)) : '0',
      b.timeouts > 0 ? paint.bad(String(b.timeouts)) : '0',
      b.calls > 0 ? formatMs(b.p50Ms) : '-',
      b.calls > 0 ? formatMs(b.p95Ms) : '-',
      b.calls > 0 ? formatMs(b.p99Ms) : '-',
      b.lastError ? paint.bad(b.lastError) : '',
    ]),
  );
  return `${head}\n\n${table}`;
}
