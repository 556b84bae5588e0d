import type { Behavior } from '../../engine/types.js';
import type { PluginInfo } from '../../plugins/plugin-system.js';
import { formatMs, formatTable } from '../table.js';

export interface Paint {
  ok(text: string): string;
  bad(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  warn(text: string): string;
  underline(text: string): string;
}

export const plainPaint: Paint = { ok: (t) => t, bad: (t) => t, dim: (t) => t, bold: (t) => t, warn: (t) => t, underline: (t) => t };

function statusCell(info: PluginInfo, paint: Paint): string {
  if (info.status === 'loaded') return paint.ok(info.status);
  if (info.status === 'error' || info.status === 'invalid') return paint.bad(info.status);
  return paint.dim(info.status);
}

/** The plugin table: name, version, status, behaviors, load time, error. */
export function formatPluginTable(plugins: readonly PluginInfo[], paint: Paint = plainPaint): string {
  if (plugins.length === 0) return 'no plugins found';
  return formatTable(
    ['PLUGIN', 'VERSION', 'STATUS', 'BEHAVIORS', 'LOAD', 'ERROR'],
    plugins.map((p) => [
      paint.bold(p.name),
      p.version ?? '-',
      statusCell(p, paint),
      String(p.behaviors.length),
      p.metrics.loadMs === undefined ? '-' : formatMs(p.metrics.loadMs + (p.metrics.registerMs ?? 0)),
      p.lastError ? paint.bad(p.lastError.message) : '',
    ]),
  );
}

/** The behavior table: id, plugin, type, events, priority. */
export function formatBehaviorTable(behaviors: readonly Behavior[], paint: Paint = plainPaint): string {
  if (behaviors.length === 0) return 'no behaviors registered';
  return formatTable(
    ['BEHAVIOR', 'PLUGIN', 'TYPE', 'EVENTS', 'PRIORITY'],
    behaviors.map((b) => [paint.bold(b.id), b.owner ?? '-', b.type, b.events.join(','), b.priority]),
  );
}

/** Why behaviors of a loaded plugin are no longer dispatched to (sandbox quarantine), if any are not. */
function quarantineCell(info: PluginInfo, paint: Paint): string {
  const quarantined = info.quarantined ?? [];
  if (quarantined.length === 0) return '';
  return paint.bad(quarantined.map((q) => `${q.behaviorId} quarantined: ${q.reason}`).join('; '));
}

/** The `list` table: name, version, status, loader, behaviors, what it needs and who needs it, error. */
export function formatListTable(plugins: readonly PluginInfo[], paint: Paint = plainPaint): string {
  if (plugins.length === 0) return 'no plugins found';
  return formatTable(
    ['PLUGIN', 'VERSION', 'STATUS', 'LOADER', 'BEHAVIORS', 'NEEDS', 'NEEDED BY', 'ERROR'],
    plugins.map((p) => [
      paint.bold(p.name),
      p.version ?? '-',
      statusCell(p, paint),
      p.loader,
      String(p.behaviors.length),
      Object.keys(p.dependencies).join(',') || '-',
      p.dependents.join(',') || '-',
      p.lastError ? paint.bad(p.lastError.message) : quarantineCell(p, paint),
    ]),
  );
}
