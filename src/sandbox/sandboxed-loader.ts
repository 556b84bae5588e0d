import path from 'node:path';
import { SvgxError } from '../errors.js';
import { bundlePlugin, bundleStackMapper, SDK_MODULE } from '../plugins/bundle.js';
import { PERMISSIONS, type Permission } from '../plugins/contract.js';
import type { PluginSource } from '../plugins/discovery.js';
import type { PluginLimits, PluginLoader, PreparedPlugin } from '../plugins/loader.js';
import { PluginSandbox, type FaultListener } from './sandbox.js';
import { PluginStorage } from './storage.js';

export const DEFAULT_MAX_RESULT_BYTES = 64 * 1024;

export interface SandboxedLoaderOptions {
  /** The most JSON a handler result may be, in bytes (config `sandbox.maxResultBytes`). */
  maxResultBytes?: number;
  /** Where the `storage` capability keeps per-plugin state; shared so it survives reloads. */
  storage?: PluginStorage;
}

/** A prepared sandboxed plugin: the contract plus a way to hear that its sandbox died. */
export interface SandboxedPlugin extends PreparedPlugin {
  /** Called once if the sandbox stops on its own (memory limit, crash) after loading. */
  onFault(listener: FaultListener): void;
}

/** The most code (characters of the bundle) a sandboxed plugin may have. */
export const MAX_BUNDLE_CHARS = 4 * 1024 * 1024;

/**
 * Runs each plugin in its own QuickJS sandbox (a separate WebAssembly heap): the default for
 * every plugin. The code is bundled on the host (esbuild, as for trusted plugins), and only
 * its text goes in; the only module it may import is the SDK, which is built inside.
 */
export class SandboxedLoader implements PluginLoader {
  readonly kind = 'sandboxed' as const;
  readonly storage: PluginStorage;
  private readonly maxResultBytes: number;

  constructor(options: SandboxedLoaderOptions = {}) {
    this.maxResultBytes = options.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES;
    this.storage = options.storage ?? new PluginStorage();
  }

  async prepare(source: PluginSource, limits: PluginLimits): Promise<SandboxedPlugin> {
    const bundle = await bundlePlugin(source, { confine: true });
    // Compiling is one QuickJS call no interrupt reaches: a 20 MB literal held the host 8 s.
    if (bundle.code.length > MAX_BUNDLE_CHARS) {
      throw new SvgxError('PLUGIN_LOAD_FAILED', `plugin "${source.name}" bundles to ${(bundle.code.length / (1024 * 1024)).toFixed(1)} MiB of code, over the ${MAX_BUNDLE_CHARS / (1024 * 1024)} MiB a sandboxed plugin may have`, {
        location: source.entry,
        hint: 'keep large data out of the code (pass it in events, or keep it in ctx.storage)',
      });
    }
    const foreign = bundle.externals.filter((e) => e !== SDK_MODULE);
    if (foreign.length > 0) {
      throw new SvgxError(
        'PLUGIN_LOAD_FAILED',
        `plugin "${source.name}" imports ${foreign.map((f) => `"${f}"`).join(', ')}, which a sandboxed plugin cannot use: only "${SDK_MODULE}" is available`,
        {
          location: source.entry,
          hint: 'bundle what you need into the plugin, drop the import, or set plugins.<name>.trusted: true for your own code',
        },
      );
    }
    const sandbox = await PluginSandbox.create({
      name: source.name,
      memoryLimitMb: limits.memoryLimitMb,
      maxResultBytes: this.maxResultBytes,
      handlerTimeoutMs: limits.handlerTimeoutMs,
      storage: this.storage,
      sdkModule: SDK_MODULE,
    });
    try {
      // The sandbox sees a name for stack traces, never the host's path.
      const relative = path.relative(source.root, source.entry).split(path.sep).join('/');
      const filename = `plugin:${source.name}/${relative || path.basename(source.entry)}`;
      const shape = sandbox.load(bundle.code, filename, limits.topLevelTimeoutMs, bundleStackMapper(bundle, filename));
      const metadata = shape.metadata as { name?: unknown; version?: unknown; permissions?: unknown } | undefined;
      sandbox.install(grantsOf(metadata?.permissions), String(metadata?.name ?? source.name), String(metadata?.version ?? '0.0.0'));
      return {
        metadata: shape.metadata,
        register: shape.hasRegister
          ? (api, ctx) => sandbox.register(api, ctx, limits.registerTimeoutMs, limits.handlerTimeoutMs)
          : undefined,
        dispose: shape.hasDispose ? () => sandbox.dispose(limits.registerTimeoutMs) : undefined,
        release: () => sandbox.release(),
        inputs: bundle.inputs,
        onFault: (listener) => sandbox.onFault(listener),
      };
    } catch (error) {
      sandbox.release();
      throw error;
    }
  }
}

/** The capabilities granted: those declared in metadata.permissions and known to the SDK. */
function grantsOf(declared: unknown): Permission[] {
  if (!Array.isArray(declared)) return [];
  return PERMISSIONS.filter((p) => declared.includes(p));
}
