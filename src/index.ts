/**
 * svgx-plugins: the behavior plugin system of the SVGX Engine.
 *
 * @example
 * import { PluginSystem } from 'svgx-plugins';
 * const system = new PluginSystem({ pluginDir: 'plugins' });
 * await system.loadAll();
 * const result = await system.engine.dispatch({ type: 'user_interaction', data: { x: 3 } });
 */
export { BehaviorEngine, DEFAULT_TIMEOUT_MS, DEFAULT_QUARANTINE_AFTER } from './engine/engine.js';
export type { BehaviorStatsSnapshot, CustomMetric, EngineOptions, EventInput, QuarantineEntry } from './engine/engine.js';
export { BehaviorRegistry, checkBehaviorDefinition } from './engine/registry.js';
export type { ListFilter, RegisterOptions } from './engine/registry.js';
export { LatencyHistogram } from './engine/histogram.js';
export type { HistogramSnapshot } from './engine/histogram.js';
export * from './engine/types.js';
export { SvgxError, isSvgxError, EXIT_OK, EXIT_FAILURE, EXIT_USAGE } from './errors.js';
export type { ErrorCode } from './errors.js';
export { definePlugin, interpretModule, PERMISSIONS } from './plugins/contract.js';
export type {
  Permission,
  PluginContext,
  PluginDefinition,
  PluginLogger,
  PluginMetadata,
  PluginRegistryApi,
  PluginStorageApi,
} from './plugins/contract.js';
export { checkMetadata, PLUGIN_NAME_PATTERN } from './plugins/metadata.js';
export { discoverPluginSources, PLUGIN_EXTENSIONS } from './plugins/discovery.js';
export type { PluginSource } from './plugins/discovery.js';
export { resolveLoadOrder } from './plugins/graph.js';
export type { PluginLimits, PluginLoader, PreparedPlugin } from './plugins/loader.js';
export { TrustedLoader } from './plugins/trusted-loader.js';
export { SandboxedLoader, PluginStorage } from './sandbox/index.js';
export type { SandboxedLoaderOptions, SandboxedPlugin } from './sandbox/index.js';
export { PluginSystem, pluginSystem, PLUGIN_STATUSES, DEFAULT_LIMITS } from './plugins/plugin-system.js';
export type {
  BehaviorPerformance,
  PluginError,
  PluginInfo,
  PluginLoadMetrics,
  PluginLogEntry,
  PluginPerformance,
  PluginSettings,
  PluginStage,
  PluginStatus,
  PluginSystemEvents,
  PluginSystemOptions,
  PluginValidation,
  ValidationProblem,
} from './plugins/plugin-system.js';

import type { ValidateOptions, ValidateResult } from './lint/index.js';
export type { ValidateOptions, ValidateResult, Finding, RuleMeta, Severity } from './lint/index.js';

/**
 * Runs the static analysis of `svgx-plugins validate` (type errors, structure, security rules,
 * permissions) over plugin files or folders. TypeScript is loaded on the first call only.
 *
 * @example
 * const { findings } = await validatePlugins({ paths: ['plugins'] });
 */
export async function validatePlugins(options: ValidateOptions): Promise<ValidateResult> {
  const lint = await import('./lint/index.js');
  return lint.validatePlugins(options);
}
