import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { configFileLabel, loadConfig, resolvePluginDir, type LoadedConfig } from '../config/load.js';
import { SvgxError } from '../errors.js';
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

/**
 * A path as the user would type it from here: relative also when it is a few folders up (the
 * config found by the upward search), absolute when far away (the user-wide config).
 */
function nearPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  if (relative === '' || path.isAbsolute(relative)) return file;
  return relative.split(path.sep).filter((part) => part === '..').length <= 3 ? relative : file;
}

/**
 * The plugin folder, absolute, checked to be a folder. When it is missing the error says where
 * the path came from (`--dir`, `pluginDir` of the config file, or the default), so the fix is
 * made in the right place.
 */
export async function checkedPluginDir(loaded: LoadedConfig, dirFlag?: string): Promise<string> {
  const dir = resolvePluginDir(loaded, dirFlag);
  let problem: 'missing' | 'file' | undefined;
  try {
    if (!(await stat(dir)).isDirectory()) problem = 'file';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: a part of the path is a file, so the folder cannot be there.
    problem = code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : undefined;
    // Anything else (EACCES, ...) is left to discovery, which reports it with its cause.
  }
  if (!problem) return dir;
  const shown = nearPath(dir);
  const what = problem === 'file' ? `plugin folder ${shown} is a file, not a folder` : `plugin folder ${shown} does not exist`;
  const configFile = loaded.filepath ? configFileLabel(loaded.filepath, nearPath) : undefined;
  if (dirFlag) {
    throw new SvgxError('PLUGIN_DIR_MISSING', what, {
      location: `--dir ${dirFlag}`,
      hint: `pass --dir the folder that holds your plugins, or leave --dir out to use pluginDir${configFile ? ` of ${configFile}` : ' (default "plugins")'}`,
    });
  }
  if (configFile && loaded.keysFromFile.has('pluginDir')) {
    const resolved = path.normalize(shown) === path.normalize(loaded.config.pluginDir) ? '' : ` (pluginDir ${JSON.stringify(loaded.config.pluginDir)} is relative to the config file's folder)`;
    throw new SvgxError('PLUGIN_DIR_MISSING', `${what}${resolved}`, {
      location: `pluginDir in ${configFile}`,
      hint: `fix pluginDir in ${configFile} to name the folder that holds your plugins, or pass --dir`,
    });
  }
  throw new SvgxError('PLUGIN_DIR_MISSING', `${what} (pluginDir is not set${configFile ? ` in ${configFile}` : ''}; the default is "${loaded.config.pluginDir}")`, {
    location: 'pluginDir',
    hint: `create it with \`svgx-plugins new <name>\`, pass --dir with the folder that holds your plugins, or set pluginDir in ${configFile ?? '.arxosrc'}`,
  });
}

export async function createPluginSystem(loaded: LoadedConfig, dirFlag?: string): Promise<PluginSystem> {
  await checkedPluginDir(loaded, dirFlag);
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
