import type { Behavior } from '../../engine/types.js';
import type { PluginInfo } from '../../plugins/plugin-system.js';

/** One plugin in `load --json` and `list --json`. */
export interface PluginJson {
  name: string;
  version: string | null;
  status: string;
  loader: string;
  behaviors: string[];
  dependencies: Record<string, string>;
  dependents: string[];
  loadMs: number | null;
  registerMs: number | null;
  error: { code: string; message: string; stage: string; location: string | null; hint: string | null } | null;
}

/** The documented JSON shape of `load --json`: `{ plugins: [...], behaviors: [...] }`. */
export interface PluginsJson {
  plugins: PluginJson[];
  behaviors: Array<{ id: string; plugin: string | null; type: string; events: string[]; priority: string; status: string }>;
}

/** The documented JSON shape of `list --json`: the folder and its plugins. */
export interface ListJson {
  pluginDir: string;
  plugins: Array<PluginJson & { source: string | null }>;
}

export function listToJson(pluginDir: string, plugins: readonly PluginInfo[]): ListJson {
  return { pluginDir, plugins: plugins.map((p) => ({ ...pluginToJson(p), source: p.source?.root ?? null })) };
}

export function pluginsToJson(plugins: readonly PluginInfo[], behaviors: readonly Behavior[]): PluginsJson {
  return {
    plugins: plugins.map(pluginToJson),
    behaviors: behaviors.map((b) => ({
      id: b.id,
      plugin: b.owner ?? null,
      type: b.type,
      events: [...b.events],
      priority: b.priority,
      status: b.status,
    })),
  };
}

export function pluginToJson(p: PluginInfo): PluginJson {
  return {
    name: p.name,
    version: p.version ?? null,
    status: p.status,
    loader: p.loader,
    behaviors: p.behaviors,
    dependencies: p.dependencies,
    dependents: p.dependents,
    loadMs: p.metrics.loadMs ?? null,
    registerMs: p.metrics.registerMs ?? null,
    error: p.lastError
      ? {
          code: p.lastError.code,
          message: p.lastError.message,
          stage: p.lastError.stage,
          location: p.lastError.location ?? null,
          hint: p.lastError.hint ?? null,
        }
      : null,
  };
}
