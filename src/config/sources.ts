import { displayPath, type LoadedConfig } from './load.js';

/** One effective config value and where it came from. */
export interface ConfigEntry {
  /** Dotted key path, such as `timeouts.handlerMs`. */
  key: string;
  value: unknown;
  /** `file` when the config file set it, `default` otherwise. */
  source: 'file' | 'default';
}

export interface ConfigReport {
  /** The config file, relative to the current folder when under it; undefined when none was found. */
  file: string | undefined;
  entries: ConfigEntry[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function flatten(value: unknown, prefix: string, out: Array<{ key: string; value: unknown }>): void {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, out);
    return;
  }
  out.push({ key: prefix, value });
}

/**
 * Every effective value with its origin, in schema order: what `config --print` shows.
 * A value counts as from the file when the file set it or a key under it.
 */
export function describeConfigSources(loaded: LoadedConfig, cwd: string = process.cwd()): ConfigReport {
  const flat: Array<{ key: string; value: unknown }> = [];
  flatten(loaded.config, '', flat);
  const fromFile = (key: string): boolean =>
    loaded.keysFromFile.has(key) || [...loaded.keysFromFile].some((k) => k.startsWith(`${key}.`));
  return {
    file: loaded.filepath ? displayPath(loaded.filepath, cwd) : undefined,
    entries: flat.map(({ key, value }) => ({ key, value, source: fromFile(key) ? 'file' : 'default' })),
  };
}
