import type { BehaviorDefinition } from '../engine/types.js';

/** Capabilities a sandboxed plugin may ask for in `metadata.permissions`. */
export const PERMISSIONS = ['timers', 'storage', 'log'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** A plugin's metadata: the public contract, checked on load. */
export interface PluginMetadata {
  /** kebab-case, unique in a plugin folder, and the same as the file or folder name. */
  name: string;
  /** semver version. */
  version: string;
  author: string;
  description: string;
  /** Plugin name -> semver range. */
  dependencies?: Record<string, string>;
  /** Capabilities the plugin asks for inside the sandbox (timers, storage, log). */
  permissions?: Permission[];
  tags?: string[];
  homepage?: string;
  license?: string;
}

/** The registry as a plugin sees it in `register`. */
export interface PluginRegistryApi {
  /** Registers a behavior of this plugin; returns its id. Throws on an invalid definition. */
  registerBehavior(definition: BehaviorDefinition): string;
}

export interface PluginLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * Per-plugin state kept by the host, surviving reloads: the `storage` permission. Values are
 * JSON data; what comes back is a copy.
 */
export interface PluginStorageApi {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): boolean;
  keys(): string[];
}

/** What a plugin is given besides the registry. */
export interface PluginContext {
  readonly name: string;
  readonly version: string;
  /** In the sandbox, present only when metadata.permissions includes `log`. */
  readonly log: PluginLogger;
  /** Present only in the sandbox, and only when metadata.permissions includes `storage`. */
  readonly storage?: PluginStorageApi;
  /** Records a custom metric of this plugin (see monitorPluginPerformance). */
  recordMetric(name: string, value: number): void;
}

export interface PluginDefinition {
  metadata: PluginMetadata;
  register(registry: PluginRegistryApi, ctx: PluginContext): unknown;
  /** Runs on unload and reload, before the plugin's behaviors are removed. */
  dispose?(): unknown;
}

/**
 * Declares a plugin. An identity function that gives plugin authors type checking.
 *
 * @example
 * export default definePlugin({
 *   metadata: { name: 'hover-glow', version: '1.0.0', author: 'Ann Lee', description: 'Glow on hover' },
 *   register(registry) {
 *     registry.registerBehavior({ id: 'hover-glow.highlight', type: 'event_driven',
 *       events: ['user_interaction'], handler: (event) => ({ glow: true }) });
 *   },
 * });
 */
export function definePlugin<T extends PluginDefinition>(definition: T): T {
  return definition;
}

/** A plugin module reduced to what the plugin system needs, whichever form it was written in. */
export interface PluginShape {
  metadata: unknown;
  register: ((registry: PluginRegistryApi, ctx: PluginContext) => unknown) | undefined;
  dispose: (() => unknown) | undefined;
  /** 'define' for `export default definePlugin(...)`, 'seed' for PLUGIN_METADATA + register. */
  form: 'define' | 'seed' | 'unknown';
}

function pick(source: unknown, key: string): unknown {
  if ((typeof source !== 'object' && typeof source !== 'function') || source === null) return undefined;
  return (source as Record<string, unknown>)[key];
}

type Fn = (...args: never[]) => unknown;
const asFunction = (value: unknown): Fn | undefined => (typeof value === 'function' ? (value as Fn) : undefined);

/** Reads either contract form from a module's exports. */
export function interpretModule(exports: unknown): PluginShape {
  const def = pick(exports, 'default');
  const defMetadata = pick(def, 'metadata');
  if (defMetadata !== undefined) {
    const register = asFunction(pick(def, 'register'));
    const dispose = asFunction(pick(def, 'dispose'));
    return {
      metadata: defMetadata,
      register: register ? (registry, ctx) => Reflect.apply(register, def, [registry, ctx]) : undefined,
      dispose: dispose ? () => Reflect.apply(dispose, def, []) : undefined,
      form: 'define',
    };
  }
  const seedMetadata = pick(exports, 'PLUGIN_METADATA');
  const register = asFunction(pick(exports, 'register'));
  const dispose = asFunction(pick(exports, 'dispose'));
  return {
    metadata: seedMetadata,
    register: register ? (registry, ctx) => Reflect.apply(register, exports, [registry, ctx]) : undefined,
    dispose: dispose ? () => Reflect.apply(dispose, exports, []) : undefined,
    form: seedMetadata === undefined ? 'unknown' : 'seed',
  };
}
