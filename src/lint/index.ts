/**
 * The validate service: paths in, findings out. Nothing here prints; the CLI hands the result
 * to a reporter. TypeScript is loaded only on a cache miss (analyze.ts), so a warm run reads
 * files, hashes them and returns.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleSetting } from '../config/schema.js';
import { SvgxError } from '../errors.js';
import { CACHE_FORMAT, cacheKey, hashFiles, hashListings, readCache, writeCache, type CacheEntry } from './cache.js';
import { fingerprintOf } from './fingerprint.js';
import { PACKAGE_ROOT, tsconfigsFor } from './project.js';
import { RULES, RULE_IDS } from './rules/index.js';
import { didYouMean } from './suggest.js';
import { parseDirectives, applySuppressions, type Directive } from './suppressions.js';
import { resolveTargets, shardSources, type Shard } from './targets.js';
import type { TypeCheckerChoice } from './typecheck.js';
import type { Finding, PluginSummary, Severity, ValidateResult } from './types.js';

export type { Finding, ValidateResult, RuleMeta, Severity } from './types.js';
export { RULES, RULE_IDS, findRule } from './rules/index.js';
export { parseShard, shardSources } from './targets.js';
export type { Shard } from './targets.js';

export interface ValidateOptions {
  /** Plugin files, plugin folders or folders of plugins. */
  paths: readonly string[];
  /** Paths in the report are relative to it; default the current folder. */
  cwd?: string;
  /** `.arxosrc` `rules`: id -> error | warn | off. */
  rules?: Readonly<Record<string, RuleSetting>>;
  shard?: Shard | undefined;
  /** Default true. */
  cache?: boolean;
  /** Default `<cwd>/.svgx-cache`. */
  cacheDir?: string;
  /** Default 'auto': tsgo when installed, else the TypeScript checker. Also SVGX_TYPECHECKER. */
  typeChecker?: TypeCheckerChoice;
}

/**
 * Size and modification time of this lint code, for the cache key: a rule fixed between two
 * runs of the same version (a local build, a patched install) must not serve stale findings.
 */
function codeStamp(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const parts: string[] = [];
  for (const dir of [here, path.join(here, 'rules')]) {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      if (!/\.[jt]s$/.test(name)) continue;
      const info = statSync(path.join(dir, name));
      parts.push(`${name}:${info.size}:${Math.round(info.mtimeMs)}`);
    }
  }
  return parts.join(',');
}

export function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** Effective setting of every rule; an unknown rule id in the config is a configuration error. */
export function ruleSettings(configured: Readonly<Record<string, RuleSetting>> = {}): Map<string, RuleSetting> {
  for (const id of Object.keys(configured)) {
    if (!RULE_IDS.includes(id)) {
      throw new SvgxError('CONFIG_INVALID', `rules."${id}" is not a rule${didYouMean(id, RULE_IDS)}`, {
        location: '.arxosrc rules',
        hint: 'run `svgx-plugins validate --list-rules` to see every rule id',
      });
    }
  }
  return new Map(RULES.map((r) => [r.meta.id, configured[r.meta.id] ?? r.meta.defaultSeverity]));
}

function typeCheckerChoice(option: TypeCheckerChoice | undefined): TypeCheckerChoice {
  const fromEnv = process.env['SVGX_TYPECHECKER'];
  const value = option ?? fromEnv ?? 'auto';
  if (value === 'auto' || value === 'tsgo' || value === 'typescript' || value === 'none') return value;
  throw new SvgxError('USAGE', `SVGX_TYPECHECKER=${value} is not one of auto, tsgo, typescript, none`, { location: 'SVGX_TYPECHECKER' });
}

/**
 * Type-checks and lints the plugins under `paths`.
 *
 * @example
 * const result = await validatePlugins({ paths: ['plugins'] });
 * const errors = result.findings.filter((f) => f.severity === 'error' && !f.suppressed);
 */
export async function validatePlugins(options: ValidateOptions): Promise<ValidateResult> {
  const started = performance.now();
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const settings = ruleSettings(options.rules);
  const typeChecker = typeCheckerChoice(options.typeChecker);
  const version = toolVersion();
  const targets = await resolveTargets(options.paths, cwd);
  const sources = options.shard ? shardSources(targets.sources, options.shard) : targets.sources;
  const rules: ValidateResult['rules'] = RULES.map((r) => ({ meta: r.meta, severity: settings.get(r.meta.id) ?? r.meta.defaultSeverity }));
  const empty = (): ValidateResult => ({
    findings: [],
    plugins: [],
    files: [],
    rules,
    notes: targets.notes,
    problems: targets.problems,
    stats: { cached: false, durationMs: performance.now() - started, typeChecker: 'none', shard: options.shard },
    cwd,
    toolVersion: version,
  });
  if (sources.length === 0) return empty();

  const useCache = options.cache !== false;
  const cacheDir = path.resolve(cwd, options.cacheDir ?? '.svgx-cache');
  const tsconfigs = tsconfigsFor(sources);
  const key = cacheKey({
    version,
    code: codeStamp(),
    settings: [...settings.entries()],
    typeChecker,
    sources: sources.map((s) => [s.name, path.resolve(s.entry), tsconfigs.get(path.resolve(s.entry)) ?? null]),
    shard: options.shard,
    cwd,
  });
  if (useCache) {
    const hit = await readCache(cacheDir, key);
    if (hit) return { ...hit.result, stats: { ...hit.result.stats, cached: true, durationMs: performance.now() - started } };
  }

  const { analyze } = await import('./analyze.js');
  const output = await analyze({ sources, settings, tsconfigs, typeChecker });
  const ownerOf = (file: string) => {
    for (const [plugin, files] of output.pluginFiles) if (files.includes(file)) return plugin;
    return undefined;
  };
  const directives: Directive[] = [];
  for (const [file, text] of output.texts) directives.push(...parseDirectives(file, text, output.comments.get(file) ?? []));
  const severityOf = (id: string): Severity | undefined => {
    const s = settings.get(id);
    return s === 'error' ? 'error' : s === 'warn' ? 'warning' : undefined;
  };
  const { findings: suppressed } = applySuppressions(output.findings, directives, RULE_IDS, severityOf, ownerOf);

  // Deduplicate (a file shared by two plugins is walked once, but be safe), sort, fingerprint.
  const unique = new Map<string, (typeof suppressed)[number]>();
  for (const f of suppressed) unique.set(`${f.file}\0${f.line}\0${f.column}\0${f.ruleId}\0${f.message}`, f);
  const sorted = [...unique.values()].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
  const occurrences = new Map<string, number>();
  const lines = new Map<string, string[]>();
  const findings: Finding[] = sorted.map((f) => {
    const relative = path.relative(cwd, f.file);
    let fileLines = lines.get(f.file);
    if (!fileLines) {
      fileLines = (output.texts.get(f.file) ?? '').split(/\r?\n/);
      lines.set(f.file, fileLines);
    }
    const lineText = fileLines[f.line - 1] ?? '';
    const base = `${f.ruleId}\0${relative}\0${f.message}\0${lineText.trim()}`;
    const occurrence = occurrences.get(base) ?? 0;
    occurrences.set(base, occurrence + 1);
    return { ...f, fingerprint: fingerprintOf(f.ruleId, relative, f.message, lineText, occurrence) };
  });

  const plugins: PluginSummary[] = sources.map((s) => {
    const mine = findings.filter((f) => f.plugin === s.name && !f.suppressed);
    return {
      name: s.name,
      entry: path.resolve(s.entry),
      files: output.pluginFiles.get(s.name) ?? [path.resolve(s.entry)],
      tsconfig: tsconfigs.get(path.resolve(s.entry)),
      errors: mine.filter((f) => f.severity === 'error').length,
      warnings: mine.filter((f) => f.severity === 'warning').length,
    };
  });
  const result: ValidateResult = {
    findings,
    plugins,
    files: output.files,
    rules,
    notes: targets.notes,
    problems: [...targets.problems, ...output.notAnalysed.map((file) => `${path.relative(cwd, file) || file}: the compiler could not read this plugin, so it was not checked`)],
    stats: { cached: false, durationMs: performance.now() - started, typeChecker: output.typeChecker, shard: options.shard },
    cwd,
    toolVersion: version,
  };
  // A result with an import that did not resolve depends on a file that does not exist yet, in
  // a folder no listing may cover (`../shared/util`): never cached, so creating it is always seen.
  if (useCache && !output.unresolvedImports && !findings.some(isUnresolvedModuleFinding)) {
    const dependsOn = [...output.files, output.sdkPath, ...output.configFiles];
    // Every folder a plugin lives in: a module created there (the import that failed) is a miss.
    const folders = new Set<string>(targets.pluginDirs);
    for (const s of sources) folders.add(s.kind === 'folder' ? path.resolve(s.root) : path.dirname(path.resolve(s.entry)));
    for (const file of output.files) folders.add(path.dirname(file));
    const entry: CacheEntry = {
      format: CACHE_FORMAT,
      key,
      files: await hashFiles(dependsOn),
      dirs: await hashListings([...folders]),
      result: { ...result, stats: { typeChecker: result.stats.typeChecker, shard: result.stats.shard } },
    };
    try {
      await writeCache(cacheDir, entry);
    } catch {
      // A read-only folder only costs the next run its speed.
    }
  }
  return result;
}

/** Type errors that say a module or its export was not found: they change when a file is created. */
const UNRESOLVED_MODULE_CODES = new Set([2305, 2306, 2307, 2614, 2724, 2792, 7016]);

function isUnresolvedModuleFinding(finding: Finding): boolean {
  if (finding.ruleId !== 'no-type-errors') return false;
  const code = /\(TS(\d+)\)$/.exec(finding.message)?.[1];
  return code !== undefined && UNRESOLVED_MODULE_CODES.has(Number(code));
}

export { countFindings } from './counts.js';

