/**
 * From the paths on the command line to the plugins of a run: a plugin file, a plugin folder
 * (with index.ts or a package.json "main") or a folder of plugins; then the shard of them.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { SvgxError } from '../errors.js';
import { PLUGIN_EXTENSIONS, discoverPluginSources, type PluginSource } from '../plugins/discovery.js';

export interface Targets {
  sources: PluginSource[];
  /** Folders that hold the plugins (their listings are part of the cache entry). */
  pluginDirs: string[];
  notes: string[];
  /** Entries that look like plugins but cannot be one. */
  problems: string[];
}

async function statOrUndefined(file: string) {
  try {
    return await stat(file);
  } catch {
    return undefined;
  }
}

async function folderEntry(folder: string): Promise<string | undefined> {
  try {
    const pkg = JSON.parse(await readFile(path.join(folder, 'package.json'), 'utf8')) as { main?: unknown };
    if (typeof pkg.main === 'string' && pkg.main.length > 0) {
      const main = path.resolve(folder, pkg.main);
      if ((await statOrUndefined(main))?.isFile()) return main;
    }
  } catch {
    // no package.json: look for an index file
  }
  for (const ext of PLUGIN_EXTENSIONS) {
    const candidate = path.join(folder, `index${ext}`);
    if ((await statOrUndefined(candidate))?.isFile()) return candidate;
  }
  return undefined;
}

export async function resolveTargets(paths: readonly string[], cwd: string): Promise<Targets> {
  const byEntry = new Map<string, PluginSource>();
  const pluginDirs: string[] = [];
  const notes: string[] = [];
  const problems: string[] = [];
  for (const given of paths) {
    const full = path.resolve(cwd, given);
    const info = await statOrUndefined(full);
    if (!info) {
      throw new SvgxError('USAGE', `path ${given} does not exist`, {
        location: given,
        hint: 'pass plugin files, plugin folders or a folder of plugins (default: pluginDir from .arxosrc)',
      });
    }
    if (info.isFile()) {
      const ext = PLUGIN_EXTENSIONS.find((e) => full.endsWith(e));
      if (!ext || full.endsWith(`.d${ext}`)) {
        throw new SvgxError('USAGE', `${given} is not a plugin file (${PLUGIN_EXTENSIONS.join(', ')})`, { location: given });
      }
      const base = path.basename(full, ext);
      // A module inside a folder plugin (as lint-staged passes changed files) means that plugin.
      const folderEntryOf = await folderEntry(path.dirname(full));
      if (folderEntryOf && folderEntryOf !== full && base !== 'index') {
        const folder = path.dirname(full);
        byEntry.set(folderEntryOf, { name: path.basename(folder), entry: folderEntryOf, root: folder, kind: 'folder' });
        pluginDirs.push(folder, path.dirname(folder));
        continue;
      }
      const isIndex = base === 'index' || folderEntryOf === full;
      const source: PluginSource = isIndex
        ? { name: path.basename(path.dirname(full)), entry: full, root: path.dirname(full), kind: 'folder' }
        : { name: base, entry: full, root: full, kind: 'file' };
      byEntry.set(full, source);
      pluginDirs.push(path.dirname(isIndex ? path.dirname(full) : full));
      continue;
    }
    const entry = await folderEntry(full);
    if (entry) {
      byEntry.set(entry, { name: path.basename(full), entry, root: full, kind: 'folder' });
      pluginDirs.push(full, path.dirname(full));
      continue;
    }
    const discovery = await discoverPluginSources(full);
    pluginDirs.push(full);
    for (const source of discovery.sources) byEntry.set(path.resolve(source.entry), source);
    for (const problem of discovery.problems) problems.push(`${path.relative(cwd, full) || given}: ${problem.message}`);
    if (discovery.sources.length === 0) notes.push(`no plugins found in ${given}`);
  }
  const sources = [...byEntry.values()].sort((a, b) => a.name.localeCompare(b.name) || a.entry.localeCompare(b.entry));
  return { sources, pluginDirs: [...new Set(pluginDirs)], notes, problems };
}

export interface Shard {
  index: number;
  count: number;
}

/** `2/4` -> { index: 2, count: 4 }; 1-based, as CI matrices count. */
export function parseShard(value: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new SvgxError('USAGE', `--shard ${value} is not i/n with 1 <= i <= n`, { location: '--shard', hint: 'for example --shard 1/4 ... --shard 4/4' });
  }
  return { index, count };
}

/**
 * The plugins of shard i of n: every n-th plugin in name order, so shards are balanced, every
 * plugin lands in exactly one, and every machine computes the same split.
 */
export function shardSources<T extends { name: string }>(sources: readonly T[], shard: Shard): T[] {
  return [...sources].sort((a, b) => a.name.localeCompare(b.name)).filter((_, i) => i % shard.count === shard.index - 1);
}
