import path from 'node:path';
import { cosmiconfig } from 'cosmiconfig';
import type { z } from 'zod';
import { SvgxError } from '../errors.js';
import { configSchema, type SvgxConfig } from './schema.js';

export const CONFIG_MODULE = 'arxos';
export const CONFIG_SEARCH_PLACES = [
  'package.json',
  '.arxosrc',
  '.arxosrc.json',
  '.arxosrc.yaml',
  '.arxosrc.yml',
  'arxos.config.js',
  'arxos.config.mjs',
  'arxos.config.cjs',
];

export interface LoadedConfig {
  config: SvgxConfig;
  /** The file the config came from, or undefined when only defaults apply. */
  filepath: string | undefined;
  /** Dotted key paths the file set; every other value is a default. */
  keysFromFile: Set<string>;
  /** Relative paths in the config (pluginDir, templatesDir) resolve against this folder. */
  baseDir: string;
}

export interface LoadConfigOptions {
  /** Where the upward search starts; default the current folder. */
  cwd?: string;
  /** An explicit file (`--config FILE`): no search. */
  configFile?: string;
}

function leafPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return prefix ? [prefix] : [];
  const out: string[] = [];
  for (const [key, child] of Object.entries(value)) out.push(...leafPaths(child, prefix ? `${prefix}.${key}` : key));
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): { path: string; message: string; code: 'CONFIG_UNKNOWN_KEY' | 'CONFIG_INVALID' } {
  const base = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (base ? `${base}.${k}` : k));
    const allowed = allowedKeysAt(issue.path.map(String));
    return {
      path: keys.join(', '),
      message: `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}${allowed ? `; allowed here: ${allowed.join(', ')}` : ''}`,
      code: 'CONFIG_UNKNOWN_KEY',
    };
  }
  return { path: base || '(root)', message: `"${base || '(root)'}": ${issue.message}`, code: 'CONFIG_INVALID' };
}

/** The keys the schema accepts at a path, for error messages. */
function allowedKeysAt(pathParts: string[]): string[] | undefined {
  let schema: unknown = configSchema;
  for (const part of pathParts) {
    const def = (schema as { def?: { type?: string; shape?: Record<string, unknown>; valueType?: unknown; innerType?: unknown } }).def;
    if (!def) return undefined;
    if (def.type === 'default' || def.type === 'prefault' || def.type === 'optional') {
      schema = def.innerType;
      pathParts = [part, ...pathParts.slice(pathParts.indexOf(part) + 1)];
    }
    const inner = (schema as { def?: { type?: string; shape?: Record<string, unknown>; valueType?: unknown } }).def;
    if (inner?.type === 'object' && inner.shape) schema = inner.shape[part];
    else if (inner?.type === 'record') schema = inner.valueType;
    else return undefined;
  }
  let def = (schema as { def?: { type?: string; shape?: Record<string, unknown>; innerType?: unknown } }).def;
  while (def && (def.type === 'default' || def.type === 'prefault' || def.type === 'optional')) {
    def = (def.innerType as { def?: typeof def }).def;
  }
  return def?.type === 'object' && def.shape ? Object.keys(def.shape).filter((k) => k !== '$schema') : undefined;
}

/** Checks a raw config object; throws an SvgxError naming the file, the key path and what is allowed. */
export function parseConfig(raw: unknown, filepath: string | undefined): SvgxConfig {
  const parsed = configSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map(describeIssue);
  const first = issues[0];
  const where = filepath ?? 'config';
  throw new SvgxError(first?.code ?? 'CONFIG_INVALID', issues.map((i) => i.message).join('\n  '), {
    location: where,
    hint: 'see .arxosrc.example for every key, its type and its default',
  });
}

/**
 * Finds and checks the config: `--config FILE` if given, otherwise the first of
 * `.arxosrc` (JSON or YAML), `.arxosrc.json|yaml|yml`, `arxos.config.js|mjs|cjs` or the
 * `arxos` key of package.json, from `cwd` upward.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const explorer = cosmiconfig(CONFIG_MODULE, { searchPlaces: CONFIG_SEARCH_PLACES, searchStrategy: 'global', cache: false });
  let result: { config: unknown; filepath: string; isEmpty?: boolean } | null;
  try {
    if (options.configFile) {
      result = await explorer.load(path.resolve(cwd, options.configFile));
    } else {
      result = await explorer.search(cwd);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (options.configFile && code === 'ENOENT') {
      throw new SvgxError('CONFIG_NOT_FOUND', `config file ${options.configFile} does not exist`, {
        location: '--config',
        hint: 'pass the path of an existing .arxosrc file, or leave --config out to search for one',
        cause: error,
      });
    }
    const file = (error as { filepath?: string }).filepath ?? options.configFile ?? 'config';
    throw new SvgxError('CONFIG_INVALID', `cannot read the config: ${(error as Error).message}`, {
      location: file,
      hint: 'the file must be valid JSON or YAML (or a JS module exporting an object)',
      cause: error,
    });
  }
  const filepath = result?.filepath;
  const raw = result?.isEmpty ? {} : result?.config;
  if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) {
    throw new SvgxError('CONFIG_INVALID', 'the config must be an object of keys', {
      location: filepath ?? 'config',
      hint: 'see .arxosrc.example',
    });
  }
  const config = parseConfig(raw, filepath);
  return {
    config,
    filepath,
    keysFromFile: new Set(leafPaths(raw ?? {})),
    baseDir: filepath ? path.dirname(filepath) : cwd,
  };
}

/** The plugin folder of a loaded config, absolute. A `--dir` flag wins over the config. */
export function resolvePluginDir(loaded: LoadedConfig, dirFlag?: string): string {
  if (dirFlag) return path.resolve(dirFlag);
  return path.resolve(loaded.baseDir, loaded.config.pluginDir);
}
