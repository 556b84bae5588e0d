import { Box, Text, useApp, useInput } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { WatchSnapshot } from '../plugins/watch.js';
import { DetailPane } from './detail-pane.js';
import { LogPane } from './log-pane.js';
import { StatusTable } from './status-table.js';

export interface WatchAppProps {
  snapshot: WatchSnapshot;
  /** A one-line status from the last key action (such as the outcome of `e`). */
  message?: string | undefined;
  color: boolean;
  /** False when stdin cannot enter raw mode: keys are off and the footer says so. */
  keys: boolean;
  logHeight?: number;
  width?: number;
  /** `r`: the selected plugin (and its dependents); `R`: every plugin (name undefined). */
  onReload(name: string | undefined): void;
  /** `u`: unload the selected plugin (and those that need it), or load it again. */
  onToggle(name: string): void;
  /** `e`: fire sample events, or replay the --events file. */
  onFire(): void;
  /** `q` (Ctrl-C is handled by Ink and ends the same way). */
  onQuit(): void;
}

export const KEY_HELP = 'r reload  R reload all  u unload/load  e fire events  ↑/↓ select  q quit';

/**
 * The live view of `load --watch`: the status table, the selected plugin's details and the log.
 * It renders the snapshot it is given; the only state it keeps is which row is selected.
 */
export function WatchApp({ snapshot, message, color, keys, logHeight = 8, width = 120, onReload, onToggle, onFire, onQuit }: WatchAppProps) {
  const { exit } = useApp();
  const [selectedName, setSelectedName] = useState<string | undefined>(snapshot.plugins[0]?.name);
  const names = snapshot.plugins.map((p) => p.name);
  // The selection follows the plugin by name: rows come and go as files are added and deleted.
  const index = selectedName === undefined ? -1 : names.indexOf(selectedName);
  const selected = index === -1 && names.length > 0 ? 0 : index;
  useEffect(() => {
    if (index === -1 && names[0] !== undefined) setSelectedName(names[0]);
  }, [index, names]);
  // Ink may call a handler from an earlier render: it reads the latest rows and selection here.
  const latest = useRef({ names, selected });
  latest.current = { names, selected };

  useInput(
    (input, key) => {
      const { names, selected } = latest.current;
      const current = names[selected];
      if (key.upArrow || input === 'k') setSelectedName(names[Math.max(0, selected - 1)]);
      else if (key.downArrow || input === 'j') setSelectedName(names[Math.min(names.length - 1, selected + 1)]);
      else if (input === 'r') onReload(current);
      else if (input === 'R') onReload(undefined);
      else if (input === 'u' && current !== undefined) onToggle(current);
      else if (input === 'e') onFire();
      else if (input === 'q' || key.escape) {
        onQuit();
        exit();
      }
    },
    { isActive: keys },
  );

  const loaded = snapshot.plugins.filter((p) => p.status === 'loaded').length;
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>svgx-plugins</Text> watching {snapshot.pluginDir} <Text dimColor={color}>({loaded}/{snapshot.plugins.length} loaded, {snapshot.watchedFiles} files)</Text>
      </Text>
      <Box marginTop={1}>
        <StatusTable plugins={snapshot.plugins} selected={selected} color={color} width={width} />
      </Box>
      <Box marginTop={1}>
        <DetailPane plugin={snapshot.plugins[selected]} color={color} />
      </Box>
      <Box marginTop={1}>
        <LogPane lines={snapshot.log} height={logHeight} color={color} />
      </Box>
      {message ? <Text>{message}</Text> : null}
      <Text dimColor={color}>{keys ? KEY_HELP : 'keys are off: stdin is not a terminal (Ctrl-C to quit)'}</Text>
    </Box>
  );
}
