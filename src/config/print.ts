import type { ConfigReport } from './sources.js';

export interface ConfigPaint {
  dim(text: string): string;
  bold(text: string): string;
}

const plain: ConfigPaint = { dim: (t) => t, bold: (t) => t };

/** `config --print`: one line a key, its value as JSON and where it came from. */
export function formatConfigReport(report: ConfigReport, paint: ConfigPaint = plain): string {
  const rows = report.entries.map((e) => [e.key, JSON.stringify(e.value) ?? 'undefined', e.source === 'file' ? (report.file ?? 'file') : 'default'] as const);
  const keyWidth = Math.max(...rows.map((r) => r[0].length), 3);
  const valueWidth = Math.max(...rows.map((r) => r[1].length), 5);
  const head = report.file ? `Config file: ${report.file}` : 'No config file found: every value is a default (see .arxosrc.example)';
  const lines = rows.map(([key, value, source]) => {
    const from = source === 'default' ? paint.dim(source) : source;
    return `  ${key.padEnd(keyWidth)}  ${value.padEnd(valueWidth)}  ${from}`;
  });
  return [head, '', `  ${paint.bold('KEY'.padEnd(keyWidth))}  ${paint.bold('VALUE'.padEnd(valueWidth))}  ${paint.bold('FROM')}`, ...lines].join('\n');
}
