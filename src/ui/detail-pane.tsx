import { Box, Text } from 'ink';
import type { PluginRow } from '../plugins/watch.js';
import { cell, formatDuration } from './format.js';

export interface DetailPaneProps {
  plugin: PluginRow | undefined;
  color: boolean;
}

const BEHAVIOR_HEADER = [
  cell('BEHAVIOR', 24),
  cell('EVENTS', 18),
  cell('PRIORITY', 8),
  cell('CALLS', 6, 'right'),
  cell('ERR', 4, 'right'),
  cell('TMO', 4, 'right'),
  cell('P50', 8, 'right'),
  cell('P95', 8, 'right'),
  cell('P99', 8, 'right'),
].join(' ');

/** The selected plugin's behaviors with their own figures, its dependents and its error's hint. */
export function DetailPane({ plugin, color }: DetailPaneProps) {
  if (!plugin) return null;
  return (
    <Box flexDirection="column">
      <Text bold>
        {plugin.name} {plugin.version ?? ''} <Text dimColor={color}>({plugin.loader}; reloads {plugin.reloads}, failed {plugin.reloadErrors}; needed by {plugin.dependents.length > 0 ? plugin.dependents.join(', ') : 'none'})</Text>
      </Text>
      {plugin.behaviors.length > 0 ? <Text dimColor={color}>{`  ${BEHAVIOR_HEADER}`}</Text> : null}
      {plugin.behaviors.map((b) => (
        <Box key={b.id} flexDirection="column">
          <Text wrap="truncate-end">
            {'  '}
            {[
              cell(b.id, 24),
              cell(b.events.join(','), 18),
              cell(b.priority, 8),
              cell(String(b.calls), 6, 'right'),
              cell(String(b.errors), 4, 'right'),
              cell(String(b.timeouts), 4, 'right'),
              cell(b.calls > 0 ? formatDuration(b.p50Ms) : '-', 8, 'right'),
              cell(b.calls > 0 ? formatDuration(b.p95Ms) : '-', 8, 'right'),
              cell(b.calls > 0 ? formatDuration(b.p99Ms) : '-', 8, 'right'),
            ].join(' ')}
          </Text>
          {b.lastError ? (
            <Text wrap="truncate-end" {...(color ? { color: 'red' } : {})}>
              {'    last error: '}
              {b.lastError}
            </Text>
          ) : null}
        </Box>
      ))}
      {plugin.error?.hint ? <Text {...(color ? { color: 'yellow' } : {})}>  hint: {plugin.error.hint}</Text> : null}
    </Box>
  );
}
