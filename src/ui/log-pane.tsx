import { Box, Text } from 'ink';
import type { WatchLogLine } from '../plugins/watch.js';
import { formatClock } from './format.js';

export interface LogPaneProps {
  lines: readonly WatchLogLine[];
  /** How many of the most recent lines to show. */
  height: number;
  color: boolean;
}

const LEVEL_COLOR = { info: 'cyan', warn: 'yellow', error: 'red' } as const;

/** The most recent reloads, errors and plugin log lines, newest last. */
export function LogPane({ lines, height, color }: LogPaneProps) {
  const shown = lines.slice(-Math.max(1, height));
  return (
    <Box flexDirection="column">
      <Text bold>LOG</Text>
      {shown.length === 0 ? <Text dimColor={color}>nothing yet: save a plugin file to reload it</Text> : null}
      {shown.map((line, index) => (
        <Text key={`${line.at}-${index}`} wrap="truncate-end">
          <Text dimColor={color}>{formatClock(line.at)} </Text>
          <Text {...(color ? { color: LEVEL_COLOR[line.level] } : {})}>{line.level.padEnd(5)}</Text>
          <Text> {line.plugin ? `${line.plugin}: ` : ''}{line.message}</Text>
        </Text>
      ))}
    </Box>
  );
}
