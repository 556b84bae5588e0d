import type { BenchReport, LatencyFigures } from '../../plugins/bench.js';
import { formatTable } from '../table.js';
import { plainPaint, type Paint } from './plugins-text.js';

/** Microseconds below a millisecond: engine figures are a few µs, and "0.00 ms" says nothing. */
export function formatLatency(ms: number): string {
  const micros = ms * 1000;
  if (ms < 1) return `${micros.toFixed(micros < 10 ? 2 : micros < 100 ? 1 : 0)} µs`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(ms >= 10 ? 1 : 2)} ms`;
}

export function formatOps(ops: number): string {
  if (ops >= 1e6) return `${(ops / 1e6).toFixed(2)}M`;
  if (ops >= 1e3) return `${(ops / 1e3).toFixed(1)}k`;
  return ops.toFixed(0);
}

function figures(f: LatencyFigures): string[] {
  return [formatLatency(f.p50Ms), formatLatency(f.p95Ms), formatLatency(f.p99Ms)];
}

/** `bench`: per behavior, through the engine and the handler alone, and the engine's own cost. */
export function formatBench(report: BenchReport, paint: Paint = plainPaint): string {
  const out: string[] = [];
  if (report.behaviors.length === 0) {
    out.push('no behaviors to bench: load a plugin that registers one');
  } else {
    out.push(
      formatTable(
        ['BEHAVIOR', 'PLUGIN', 'CALLS', 'OPS/S', 'P50', 'P95', 'P99', 'HANDLER P50', 'ENGINE +', 'ERR', 'TMO'],
        report.behaviors.map((b) => [
          paint.bold(b.behavior),
          b.plugin ?? '-',
          `${b.calls}${b.truncated ? '*' : ''}`,
          formatOps(b.opsPerSec),
          ...figures(b.engine),
          formatLatency(b.handler.p50Ms),
          formatLatency(b.overheadMs),
          b.errors > 0 ? paint.bad(String(b.errors)) : '0',
          b.timeouts > 0 ? paint.bad(String(b.timeouts)) : '0',
        ]),
      ),
    );
  }
  const inv = report.baseline.invoke;
  const dis = report.baseline.dispatch;
  out.push('');
  out.push(paint.dim(`engine alone (a no-op behavior): invoke p50 ${formatLatency(inv.p50Ms)}, p99 ${formatLatency(inv.p99Ms)}, ${formatOps(inv.opsPerSec)} ops/s; dispatch p50 ${formatLatency(dis.p50Ms)}, p99 ${formatLatency(dis.p99Ms)}, ${formatOps(dis.opsPerSec)} ops/s`));
  out.push(paint.dim(`P50..P99 are per call through the engine; ENGINE + is the median through the engine minus the handler's alone; ${report.eventsPerBehavior} synthetic events per behavior`));
  if (report.behaviors.some((b) => b.truncated)) out.push(paint.dim('* stopped early: the behavior used up its time budget'));
  return out.join('\n');
}
