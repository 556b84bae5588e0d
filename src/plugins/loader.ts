import type { SvgxError } from '../errors.js';
import type { PluginContext, PluginRegistryApi } from './contract.js';
import type { PluginSource } from './discovery.js';

/** Per-plugin limits and trust, from config (`plugins.<name>`) or the system's defaults. */
export interface PluginLimits {
  /** Time limit of `register` and `dispose`, in milliseconds. */
  registerTimeoutMs: number;
  /** Time limit of top-level code, in milliseconds. */
  topLevelTimeoutMs: number;
  /** Default time limit of one handler call, in milliseconds. */
  handlerTimeoutMs: number;
  /** Heap limit of a sandboxed plugin, in MiB. */
  memoryLimitMb: number;
}

/**
 * A plugin's code, evaluated and reduced to the contract. For a sandboxed plugin these
 * functions are host-side proxies that talk to the sandbox.
 */
export interface PreparedPlugin {
  /** The raw metadata the module exported (checked by the plugin system). */
  metadata: unknown;
  /** Undefined when the module has no register function. */
  register: ((registry: PluginRegistryApi, ctx: PluginContext) => unknown) | undefined;
  dispose: (() => unknown) | undefined;
  /** The files that went into this build (entry and what it imports), for a watcher to watch. */
  inputs?: readonly string[] | undefined;
  /** Frees what the loader holds for this plugin (a sandbox, a context). Idempotent. */
  release(): void;
  /**
   * Sandboxed plugins only: `listener` is called once if the plugin's sandbox stops on its own
   * after loading (memory limit, crash), so the system can mark the plugin `error`.
   */
  onFault?(listener: (error: SvgxError) => void): void;
}

/**
 * The one seam between the plugin system and the way code is run. The trusted loader runs a
 * plugin in the host realm; the sandboxed loader runs it in a separate heap.
 */
export interface PluginLoader {
  readonly kind: 'trusted' | 'sandboxed';
  /** Builds and evaluates a plugin's code. Rejects (with an SvgxError) when it cannot. */
  prepare(source: PluginSource, limits: PluginLimits): Promise<PreparedPlugin>;
}
