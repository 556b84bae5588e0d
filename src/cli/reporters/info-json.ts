import type { Behavior } from '../../engine/types.js';
import { callFigures, type CallFigures } from '../../engine/engine.js';
import type { PluginInfo, PluginLogEntry, PluginPerformance } from '../../plugins/plugin-system.js';

/** The documented JSON shape of `info <name> --json`. */
export interface InfoJson {
  name: string;
  status: string;
  version: string | null;
  loader: string;
  source: { entry: string; root: string; kind: 'file' | 'folder' } | null;
  metadata: { author: string; description: string; license: string | null; homepage: string | null; tags: string[] } | null;
  /** Plugin name -> semver range. */
  dependencies: Record<string, string>;
  /** Loaded plugins that depend on this one. */
  dependents: string[];
  permissions: string[];
  behaviors: Array<
    CallFigures & {
      id: string;
      type: string;
      events: string[];
      priority: string;
      status: string;
      timeoutMs: number | null;
      description: string;
      tags: string[];
    }
  >;
  metrics: {
    loadMs: number | null;
    registerMs: number | null;
    reloads: number;
    reloadErrors: number;
    lastReloadMs: number | null;
    calls: number;
    errors: number;
    timeouts: number;
    custom: Record<string, { count: number; sum: number; min: number; max: number; last: number }>;
  };
  logs: Array<{ level: string; message: string; at: string }>;
  /** Behaviors the engine stopped dispatching to (too many timeouts in a row), with why. */
  quarantined: Array<{ behaviorId: string; reason: string; at: string }>;
  error: { code: string; message: string; stage: string; location: string | null; hint: string | null; stack: string | null; at: string } | null;
}

export function infoToJson(info: PluginInfo, performance: PluginPerformance, behaviors: readonly Behavior[], logs: readonly PluginLogEntry[]): InfoJson {
  const stats = new Map(performance.behaviors.map((b) => [b.behaviorId, b]));
  const metadata = info.metadata;
  return {
    name: info.name,
    status: info.status,
    version: info.version ?? null,
    loader: info.loader,
    source: info.source ?? null,
    metadata: metadata
      ? { author: metadata.author, description: metadata.description, license: metadata.license ?? null, homepage: metadata.homepage ?? null, tags: metadata.tags ?? [] }
      : null,
    dependencies: info.dependencies,
    dependents: info.dependents,
    permissions: metadata?.permissions ?? [],
    behaviors: behaviors.map((b) => {
      const s = stats.get(b.id);
      return {
        id: b.id,
        type: b.type,
        events: [...b.events],
        priority: b.priority,
        status: b.status,
        timeoutMs: b.timeoutMs ?? null,
        description: b.description,
        tags: [...b.tags],
        ...callFigures(s, s?.latency),
      };
    }),
    metrics: {
      loadMs: performance.load.loadMs ?? null,
      registerMs: performance.load.registerMs ?? null,
      reloads: performance.load.reloads,
      reloadErrors: performance.load.reloadErrors,
      lastReloadMs: performance.load.lastReloadMs ?? null,
      ...performance.totals,
      custom: performance.custom,
    },
    logs: logs.map((l) => ({ level: l.level, message: l.message, at: l.at.toISOString() })),
    quarantined: info.quarantined.map((q) => ({ behaviorId: q.behaviorId, reason: q.reason, at: q.at.toISOString() })),
    error: info.lastError
      ? {
          code: info.lastError.code,
          message: info.lastError.message,
          stage: info.lastError.stage,
          location: info.lastError.location ?? null,
          hint: info.lastError.hint ?? null,
          stack: info.lastError.stack ?? null,
          at: info.lastError.at.toISOString(),
        }
      : null,
  };
}
