import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { SvgxError, describeThrown } from '../errors.js';
import * as sdk from '../sdk.js';
import { bundlePlugin, bundleStackMapper, SDK_MODULE } from './bundle.js';
import { interpretModule } from './contract.js';
import type { PluginSource } from './discovery.js';
import type { PluginLimits, PluginLoader, PreparedPlugin } from './loader.js';
import { mapErrorStack, withMappedStacks, type StackMapper } from './stack-map.js';

/**
 * Runs a plugin in the host realm: for the operator's own code (`trusted: true` in config).
 * The code is bundled in memory and compiled as a fresh function each time, not imported:
 * re-importing under a new URL keeps every version in Node's module cache (measured +7 to
 * +13 MiB per 500 reloads), a function that is no longer referenced is collected.
 */
export class TrustedLoader implements PluginLoader {
  readonly kind = 'trusted' as const;

  async prepare(source: PluginSource, limits: PluginLimits): Promise<PreparedPlugin> {
    const bundle = await bundlePlugin(source);
    // Frames carry the entry's name (compileFunction's filename) and the bundle's lines.
    const mapper = bundleStackMapper(bundle, source.entry);
    const exports = evaluateCommonJs(source, bundle.code, limits.topLevelTimeoutMs, mapper);
    const shape = interpretModule(exports);
    const { register, dispose } = shape;
    return {
      metadata: shape.metadata,
      register: register && ((api, ctx) => withMappedStacks(() => register(api, ctx), mapper)),
      dispose: dispose && (() => withMappedStacks(dispose, mapper)),
      inputs: bundle.inputs,
      release: () => undefined,
    };
  }
}

function evaluateCommonJs(source: PluginSource, code: string, timeoutMs: number, mapper: StackMapper): unknown {
  const hostRequire = createRequire(source.entry);
  const pluginRequire = (specifier: string): unknown => (specifier === SDK_MODULE ? sdk : hostRequire(specifier));
  const module = { exports: {} as unknown };
  let fn: (...args: unknown[]) => unknown;
  try {
    // compileFunction, not vm.Script#runInThisContext: on Node 20 every Script run in this
    // context stays referenced (about 1 KiB each, measured), so reloads would grow the heap.
    fn = vm.compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: source.entry }) as typeof fn;
  } catch (error) {
    throw new SvgxError('PLUGIN_LOAD_FAILED', `plugin "${source.name}" does not compile: ${describeThrown(error)}`, {
      location: source.entry,
      cause: error,
    });
  }
  const started = Date.now();
  try {
    fn.call(module.exports, module.exports, pluginRequire, module, source.entry, path.dirname(source.entry));
  } catch (error) {
    mapErrorStack(error, mapper);
    throw new SvgxError('PLUGIN_LOAD_FAILED', `plugin "${source.name}" threw in its top-level code: ${describeThrown(error)}`, {
      location: source.entry,
      cause: error,
    });
  }
  const elapsed = Date.now() - started;
  if (elapsed > timeoutMs) {
    throw new SvgxError('PLUGIN_TIMEOUT', `plugin "${source.name}" top-level code ran ${elapsed} ms, over its ${timeoutMs} ms limit`, {
      location: source.entry,
      hint: 'move slow work into register() or a handler; sandboxed plugins are stopped at the limit',
    });
  }
  return module.exports;
}
