import type { Behavior } from '../../engine/types.js';
import type { PluginInfo } from '../../plugins/plugin-system.js';

/** The documented JSON shape of `load --json`: `{ plugins: [...], behaviors: [...] }`. */
export interface PluginsJson {
  plugins: Array<{
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
  }>;
  behaviors: Array<{ id: string; plugin: string | null; type: string; events: string[]; priority: string; status: string }>;
}

export function pluginsToJson(plugins: readonly PluginInfo[], behaviors: readonly Behavior[]): PluginsJson {
  return {
    plugins: plugins.map((p) => ({
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
    })),
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
