/**
 * What `import ... from 'svgx-plugins'` means when validate type-checks a plugin: the runtime
 * SDK (src/sdk.ts: definePlugin and the engine's vocabulary) plus the types a plugin author
 * writes against (PluginContext, SvgxEvent, BehaviorDefinition...). Types are erased, so this
 * grants nothing at run time; it only lets `import { type PluginContext } from 'svgx-plugins'`
 * type-check without pulling in the host library (and @types/node) behind it.
 */
export * from '../sdk.js';
export type { Permission, PluginContext, PluginDefinition, PluginLogger, PluginMetadata, PluginRegistryApi, PluginStorageApi } from '../plugins/contract.js';
export type {
  Behavior,
  BehaviorContext,
  BehaviorDefinition,
  BehaviorHandler,
  BehaviorStatus,
  BehaviorType,
  EventType,
  Priority,
  SvgxEvent,
} from '../engine/types.js';
