import { Box, Text } from 'ink';
import type { PluginRow } from '../plugins/watch.js';
import { cell, formatClock, formatDuration, truncate } from './format.js';

export interface StatusTableProps {
  plugins: readonly PluginRow[];
  /** Index of the selected row, or -1. */
  selected: number;
  color: boolean;
  /** Terminal width: the error line under a row is cut to it. */
  width?: number;
}

interface Column {
  title: string;
  width: number;
  align: 'left' | 'right';
  value: (row: PluginRow) => string;
}

const WIDE_COLUMNS: readonly Column[] = [
  { title: 'PLUGIN', width: 18, align: 'left', value: (r) => r.name },
  { title: 'STATUS', width: 8, align: 'left', value: (r) => r.status },
  { title: 'VERSION', width: 9, align: 'left', value: (r) => r.version ?? '-' },
  { title: 'BEH', width: 3, align: 'right', value: (r) => String(r.behaviors.length) },
  { title: 'LOAD', width: 8, align: 'right', value: (r) => formatDuration(r.loadMs) },
  { title: 'CALLS', width: 7, align: 'right', value: (r) => String(r.calls) },
  { title: 'ERR', width: 4, align: 'right', value: (r) => String(r.errors) },
  { title: 'TMO', width: 4, align: 'right', value: (r) => String(r.timeouts) },
  { title: 'P50', width: 8, align: 'right', value: (r) => (r.calls > 0 ? formatDuration(r.p50Ms) : '-') },
  { title: 'P95', width: 8, align: 'right', value: (r) => (r.calls > 0 ? formatDuration(r.p95Ms) : '-') },
  { title: 'P99', width: 8, align: 'right', value: (r) => (r.calls > 0 ? formatDuration(r.p99Ms) : '-') },
  { title: 'RELOADED', width: 17, align: 'left', value: (r) => (r.lastReloadAt ? `${formatClock(r.lastReloadAt)} ${formatDuration(r.lastReloadMs)}` : '-') },
];

/** Under 120 columns the load time goes and the last reload keeps its latency only. */
const NARROW_COLUMNS: readonly Column[] = [
  ...WIDE_COLUMNS.filter((c) => c.title !== 'LOAD' && c.title !== 'RELOADED'),
  { title: 'RELOAD', width: 8, align: 'right', value: (r) => (r.lastReloadAt ? formatDuration(r.lastReloadMs) : '-') },
];

export function columnsFor(width: number): readonly Column[] {
  return width >= 120 ? WIDE_COLUMNS : NARROW_COLUMNS;
}

function statusColor(row: PluginRow): string | undefined {
  if (row.status === 'loaded') return row.error ? 'yellow' : 'green';
  if (row.status === 'error' || row.status === 'invalid') return 'red';
  return 'gray';
}

/** One line per plugin, and under a plugin with an error, the error (and whether its last good version is live). */
export function StatusTable({ plugins, selected, color, width = 120 }: StatusTableProps) {
  const columns = columnsFor(width);
  const header = columns.map((c) => cell(c.title, c.width, c.align)).join(' ');
  if (plugins.length === 0) {
    return (
      <Box flexDirection="column">
        <Text bold>{`  ${header}`}</Text>
        <Text dimColor={color}>  no plugins in the folder yet: add one and it loads here</Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      <Text bold>{`  ${header}`}</Text>
      {plugins.map((row, index) => {
        const isSelected = index === selected;
        const cells = columns.map((c) => cell(c.value(row), c.width, c.align));
        const [name = '', status = '', ...rest] = cells;
        const errorLine = row.error
          ? `${row.status === 'loaded' ? `${row.version ?? 'last good version'} stays live; ` : ''}${row.error.message}${row.error.location ? ` (${row.error.location})` : ''}`
          : undefined;
        return (
          <Box key={row.name} flexDirection="column">
            <Text inverse={isSelected && color}>
              <Text>{isSelected ? '> ' : '  '}</Text>
              <Text bold>{name}</Text> <Text {...(color && statusColor(row) ? { color: statusColor(row) } : {})}>{status}</Text> {rest.join(' ')}
            </Text>
            {row.quarantined.map((q) => (
              <Text key={q.behaviorId} {...(color ? { color: 'yellow' } : {})} wrap="truncate-end">
                {truncate(`    ⏸ ${q.behaviorId} quarantined: ${q.reason}`, Math.max(20, width))}
              </Text>
            ))}
            {errorLine ? (
              <Text {...(color ? { color: 'red' } : {})} wrap="truncate-end">{truncate(`    ✗ ${errorLine}`, Math.max(20, width))}</Text>
            ) : null}
          </Box>
        );
      })}
    </Box>
  );
}
