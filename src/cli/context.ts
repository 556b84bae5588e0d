import type { Command } from 'commander';
import { loadConfig, resolvePluginDir, type LoadedConfig } from '../config/load.js';
import type { PluginSystem, PluginSystemOptions } from '../plugins/plugin-system.js';

export interface GlobalOptions {
  config?: string;
  color?: boolean;
  debug?: boolean;
}

/** The options given before the command name (`svgx-plugins --config x load`). */
export function globalOptions(command: Command): GlobalOptions {
  let root = command;
  while (root.parent) root = root.parent;
  return root.opts<GlobalOptions>();
}

export async function configFor(command: Command): Promise<LoadedConfig> {
  const options = globalOptions(command);
  return loadConfig(options.config ? { configFile: options.config } : {});
}

/** Plugin system options from the config; `--dir` wins over `pluginDir`. */
export function pluginSystemOptions(loaded: LoadedConfig, dirFlag?: string): PluginSystemOptions {
  const { config } = loaded;
  return {
    pluginDir: resolvePluginDir(loaded, dirFlag),
    plugins: config.plugins,
    limits: {
      handlerTimeoutMs: config.timeouts.handlerMs,
      registerTimeoutMs: config.timeouts.registerMs,
      topLevelTimeoutMs: config.timeouts.topLevelMs,
      memoryLimitMb: config.sandbox.memoryLimitMb,
    },
    // Every plugin is sandboxed unless plugins.<name>.trusted is true (the PluginSystem default).
    rules: config.rules,
    sandbox: { maxResultBytes: config.sandbox.maxResultBytes, quarantineAfter: config.sandbox.quarantineAfter },
  };
}

export async function createPluginSystem(loaded: LoadedConfig, dirFlag?: string): Promise<PluginSystem> {
  const { PluginSystem } = await import('../plugins/plugin-system.js');
  return new PluginSystem(pluginSystemOptions(loaded, dirFlag));
}

/** Colour is on only for a TTY without NO_COLOR and without --no-color. */
export function useColor(command: Command, stream: NodeJS.WriteStream = process.stdout): boolean {
  if (globalOptions(command).color === false) return false;
  if (process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '') return false;
  if (process.env['FORCE_COLOR'] !== undefined && process.env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY === true && process.env['TERM'] !== 'dumb';
}
