import path from 'node:path';
import { cosmiconfig } from 'cosmiconfig';
import { z } from 'zod';
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

const EXAMPLE_HINT = 'see .arxosrc.example for every key, its type and its default';

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
  /**
   * The last folder the upward search looks in (default: the home folder). After it, the
   * user-wide folder (`$XDG_CONFIG_HOME/arxos/config[.json|.yaml|.yml|.js|...]`) is read.
   */
  stopDir?: string;
}

function leafPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return prefix ? [prefix] : [];
  const entries = Object.entries(value);
  // An empty object the file sets on purpose (`plugins: {}`) is still a value from the file.
  if (entries.length === 0) return prefix ? [prefix] : [];
  const out: string[] = [];
  for (const [key, child] of entries) out.push(...leafPaths(child, prefix ? `${prefix}.${key}` : key));
  return out;
}

/** Strips the wrappers that do not change what a value may be (default, prefault, optional). */
function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (;;) {
    if (current instanceof z.ZodDefault || current instanceof z.ZodPrefault || current instanceof z.ZodOptional) {
      current = current.unwrap() as z.ZodType;
    } else {
      return current;
    }
  }
}

/** The schema of the value at a key path, or undefined when the path leaves the schema. */
export function schemaAt(keyPath: readonly PropertyKey[]): z.ZodType | undefined {
  let schema: z.ZodType = configSchema;
  for (const part of keyPath) {
    const inner = unwrap(schema);
    if (inner instanceof z.ZodObject) {
      const child = (inner.shape as Record<string, z.ZodType>)[String(part)];
      if (!child) return undefined;
      schema = child;
    } else if (inner instanceof z.ZodRecord) {
      schema = inner.valueType as z.ZodType;
    } else {
      return undefined;
    }
  }
  return schema;
}

/** The keys the schema accepts at a path, for error messages; undefined where any key goes. */
export function allowedKeysAt(keyPath: readonly PropertyKey[]): string[] | undefined {
  const schema = schemaAt(keyPath);
  if (!schema) return undefined;
  const inner = unwrap(schema);
  return inner instanceof z.ZodObject ? Object.keys(inner.shape).filter((k) => k !== '$schema') : undefined;
}

/** What a value at a key path may be, in words: `an integer from 1 to 600000`. */
export function describeAllowed(keyPath: readonly PropertyKey[]): string | undefined {
  const schema = schemaAt(keyPath);
  if (!schema) return undefined;
  const inner = unwrap(schema);
  if (inner instanceof z.ZodNumber) {
    const kind = inner.isInt ? 'an integer' : 'a number';
    const { minValue: min, maxValue: max } = inner;
    const bounded = (v: number | null): v is number => v !== null && Number.isFinite(v) && Math.abs(v) < Number.MAX_SAFE_INTEGER;
    if (bounded(min) && bounded(max)) return `${kind} from ${min} to ${max}`;
    if (bounded(min)) return `${kind} of at least ${min}`;
    if (bounded(max)) return `${kind} of at most ${max}`;
    return kind;
  }
  if (inner instanceof z.ZodBoolean) return 'true or false';
  if (inner instanceof z.ZodString) return (inner.minLength ?? 0) > 0 ? 'a non-empty string' : 'a string';
  if (inner instanceof z.ZodEnum) return `one of ${inner.options.map((o) => JSON.stringify(o)).join(', ')}`;
  if (inner instanceof z.ZodObject) return `an object with the keys ${allowedKeysAt(keyPath)?.join(', ') ?? ''}`;
  if (inner instanceof z.ZodRecord) {
    const value = describeAllowed([...keyPath, '*']);
    return value ? `an object whose values are ${value}` : 'an object';
  }
  return undefined;
}

function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function joinPath(parts: readonly PropertyKey[]): string {
  return parts.map(String).join('.');
}

/** Levenshtein distance, for "did you mean" on unknown keys. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}

function closest(key: string, candidates: readonly string[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const name of candidates) {
    // A key that only adds or drops a suffix (`pluginDirectory`, `timeout`) is a near miss too.
    const lowerKey = key.toLowerCase();
    const lowerName = name.toLowerCase();
    const prefix = lowerName.length >= 4 && lowerKey.length >= 4 && (lowerKey.startsWith(lowerName) || lowerName.startsWith(lowerKey));
    const d = prefix ? 1 : distance(key, name);
    if (d <= Math.max(2, Math.floor(name.length / 3)) && (!best || d < best.d)) best = { name, d };
  }
  return best?.name;
}

export interface ConfigProblem {
  /** Dotted key path, `(root)` for the whole file. */
  path: string;
  message: string;
  code: 'CONFIG_UNKNOWN_KEY' | 'CONFIG_INVALID';
}

/** One problem a user can act on: the key path, what is allowed there, and what the file has. */
export function describeIssue(issue: z.core.$ZodIssue): ConfigProblem[] {
  const base = joinPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeysAt(issue.path) ?? [];
    return issue.keys.map((key) => {
      const keyPath = base ? `${base}.${key}` : key;
      const guess = closest(key, allowed);
      return {
        path: keyPath,
        message: `${keyPath}: unknown key${guess ? `, did you mean "${guess}"?` : ''}${allowed.length > 0 ? ` (allowed${base ? ` in ${base}` : ''}: ${allowed.join(', ')})` : ''}`,
        code: 'CONFIG_UNKNOWN_KEY' as const,
      };
    });
  }
  const where = base || '(root)';
  if (issue.code === 'invalid_key') {
    const reason = issue.issues[0]?.message ?? issue.message;
    return [{ path: where, message: `${where}: ${showValue(issue.path[issue.path.length - 1])} is not a valid key: ${reason}`, code: 'CONFIG_INVALID' }];
  }
  const allowed = describeAllowed(issue.path);
  const got = 'input' in issue ? `, got ${showValue(issue.input)}` : '';
  // A custom message from the schema (a regex's) says more than the generic "must be a string".
  const custom = issue.code === 'invalid_format' && !issue.message.startsWith('Invalid') ? ` (${issue.message})` : '';
  const message = allowed ? `${where}: must be ${allowed}${got}${custom}` : `${where}: ${issue.message}${got}`;
  return [{ path: where, message, code: 'CONFIG_INVALID' }];
}

/** A path short enough to read: relative when under the current folder. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** The config file as errors name it; in package.json the keys live under "arxos", so it says so. */
export function configFileLabel(filepath: string | undefined, show: (file: string) => string = displayPath): string {
  return filepath ? `${show(filepath)}${path.basename(filepath) === 'package.json' ? ' ("arxos" key)' : ''}` : 'config';
}

/** Checks a raw config object; throws an SvgxError naming the file, the key path and what is allowed. */
export function parseConfig(raw: unknown, filepath: string | undefined): SvgxConfig {
  const parsed = configSchema.safeParse(raw ?? {}, { reportInput: true });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.flatMap(describeIssue);
  // In package.json the keys live under "arxos": say so, or the key paths would mislead.
  const where = configFileLabel(filepath);
  const code = problems.some((p) => p.code === 'CONFIG_INVALID') ? 'CONFIG_INVALID' : 'CONFIG_UNKNOWN_KEY';
  const message =
    problems.length === 1
      ? (problems[0]?.message ?? 'invalid config')
      : `${problems.length} problems in the config:\n  ${problems.map((p) => p.message).join('\n  ')}`;
  throw new SvgxError(code, message, { location: where, hint: EXAMPLE_HINT });
}

/**
 * Every id under `rules` must name a rule, or a typo would switch nothing off. The ids come from
 * the rule registry at run time (its modules hold metadata and functions, no compiler), and it is
 * imported only when the config sets rules.
 */
async function checkRuleIds(config: SvgxConfig, filepath: string | undefined): Promise<void> {
  const ids = Object.keys(config.rules);
  if (ids.length === 0) return;
  const [{ RULE_IDS }, { didYouMean }] = await Promise.all([import('../lint/rules/index.js'), import('../lint/suggest.js')]);
  // Worded as validate words it, so both commands say the same about the same file.
  const problems = ids.filter((id) => !RULE_IDS.includes(id)).map((id) => `rules."${id}" is not a rule${didYouMean(id, RULE_IDS)}`);
  if (problems.length === 0) return;
  const where = configFileLabel(filepath);
  const message = problems.length === 1 ? (problems[0] ?? '') : `${problems.length} problems in the config:\n  ${problems.join('\n  ')}`;
  throw new SvgxError('CONFIG_UNKNOWN_KEY', message, {
    location: where,
    hint: 'run `svgx-plugins validate --list-rules` to see every rule id',
  });
}

function readError(error: unknown, options: LoadConfigOptions): SvgxError {
  const code = (error as NodeJS.ErrnoException).code;
  if (options.configFile && (code === 'ENOENT' || code === 'EISDIR')) {
    return new SvgxError(
      'CONFIG_NOT_FOUND',
      code === 'EISDIR' ? `config file ${options.configFile} is a folder` : `config file ${options.configFile} does not exist`,
      {
        location: '--config',
        hint: 'pass the path of an existing .arxosrc file, or leave --config out to search for one',
        cause: error,
      },
    );
  }
  const file = (error as { filepath?: string }).filepath ?? options.configFile;
  const raw = error instanceof Error ? error.message : String(error);
  // cosmiconfig's parser messages repeat the file name on their first line; the location says it once.
  const lines = raw.split('\n').filter((line) => line.trim() !== '' && !(file && line.includes(file)));
  // Parser messages mix the reason with a code frame; the reason first reads better on one line.
  const isFrame = (line: string) => /^\s*(>\s*)?\d*\s*\||^\s*-*\^/.test(line);
  const reason = lines.filter((line) => !isFrame(line)).map((line) => line.trim()).join(' ');
  const frame = [...new Set(lines.filter(isFrame))].slice(0, 4);
  const detail = [reason, ...frame].filter(Boolean).join('\n    ');
  const isJs = file !== undefined && /\.[mc]?js$/.test(file);
  return new SvgxError('CONFIG_INVALID', `cannot read the config: ${detail || raw}`, {
    location: file ? displayPath(file) : 'config',
    hint: isJs ? 'the module must run without error and export an object (export default { ... })' : 'the file must be valid JSON or YAML',
    cause: error,
  });
}

/**
 * Finds and checks the config: `--config FILE` if given, otherwise the first of
 * `.arxosrc` (JSON or YAML), `.arxosrc.json|yaml|yml`, `arxos.config.js|mjs|cjs` or the
 * `arxos` key of package.json, from `cwd` upward.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const explorer = cosmiconfig(CONFIG_MODULE, {
    searchPlaces: CONFIG_SEARCH_PLACES,
    searchStrategy: 'global',
    ...(options.stopDir ? { stopDir: path.resolve(options.stopDir) } : {}),
    // An empty .arxosrc means "defaults here": keep searching upward would pick a parent's
    // config the user did not mean.
    ignoreEmptySearchPlaces: false,
    cache: false,
  });
  let result: { config: unknown; filepath: string; isEmpty?: boolean } | null;
  try {
    result = options.configFile ? await explorer.load(path.resolve(cwd, options.configFile)) : await explorer.search(cwd);
  } catch (error) {
    throw readError(error, options);
  }
  const filepath = result?.filepath;
  const raw: unknown = result?.isEmpty ? {} : result?.config;
  if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) {
    throw new SvgxError('CONFIG_INVALID', `the config must be an object of keys, got ${showValue(raw)}`, {
      location: filepath ? displayPath(filepath) : 'config',
      hint: EXAMPLE_HINT,
    });
  }
  const config = parseConfig(raw, filepath);
  await checkRuleIds(config, filepath);
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

/** The organisation's templates folder, absolute, or undefined. A flag wins over the config. */
export function resolveTemplatesDir(loaded: LoadedConfig, flag?: string): string | undefined {
  if (flag) return path.resolve(flag);
  return loaded.config.templatesDir === undefined ? undefined : path.resolve(loaded.baseDir, loaded.config.templatesDir);
}
