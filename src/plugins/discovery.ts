import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { SvgxError } from '../errors.js';

export const PLUGIN_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'] as const;
const INDEX_NAMES = PLUGIN_EXTENSIONS.map((ext) => `index${ext}`);

/** Where a plugin's code lives. */
export interface PluginSource {
  /** The plugin name taken from the file or folder name. */
  name: string;
  /** The file the loader starts from. */
  entry: string;
  /** The plugin file, or the plugin folder. */
  root: string;
  kind: 'file' | 'folder';
}

/**
 * The folder a plugin's code may come from: a folder plugin's own folder, or the folder a file
 * plugin sits in (its helpers beside it). A sandboxed plugin's bundle takes no file from outside
 * it, and validate reports an import that leaves it.
 */
export function pluginFolder(source: Pick<PluginSource, 'kind' | 'root'>): string {
  return source.kind === 'folder' ? path.resolve(source.root) : path.dirname(path.resolve(source.root));
}

/** True when `file` is `folder` or lies below it (both absolute; compare real paths for symlinks). */
export function isInsideFolder(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/**
 * Whether a sandboxed plugin's bundle may take `file` (both real paths): inside the plugin's
 * folder, and not hidden (`.env`, `.git/`, `.arxosrc`) nor under `node_modules`, which a
 * plugin folder holds for tools, not for the plugin's code. A file plugin shares its folder with
 * its neighbours; a plugin that needs files of its own only is a folder plugin.
 */
export function mayBundleFile(folder: string, file: string): boolean {
  if (!isInsideFolder(folder, file)) return false;
  return !path
    .relative(folder, file)
    .split(path.sep)
    .some((segment) => segment.startsWith('.') || segment === 'node_modules');
}

export interface DiscoveryProblem {
  name: string;
  path: string;
  message: string;
}

export interface Discovery {
  sources: PluginSource[];
  /** Entries that look like plugins but cannot be one (two plugins of one name, a folder without entry). */
  problems: DiscoveryProblem[];
}

/** Files that sit beside plugins without being plugins. */
function isIgnoredFile(file: string): boolean {
  return (
    file.startsWith('.') ||
    file.startsWith('_') ||
    file.endsWith('.d.ts') ||
    /\.(test|spec)\.[mc]?[jt]s$/.test(file)
  );
}

function pluginExtension(file: string): string | undefined {
  return PLUGIN_EXTENSIONS.find((ext) => file.endsWith(ext) && !file.endsWith(`.d${ext}`));
}

async function folderEntry(folder: string): Promise<string | undefined> {
  try {
    const pkg = JSON.parse(await readFile(path.join(folder, 'package.json'), 'utf8')) as { main?: unknown };
    if (typeof pkg.main === 'string' && pkg.main.length > 0) {
      const main = path.resolve(folder, pkg.main);
      if (main.startsWith(folder + path.sep) && (await isFile(main))) return main;
    }
  } catch {
    // no package.json, or not JSON: fall back to index files
  }
  for (const index of INDEX_NAMES) {
    const candidate = path.join(folder, index);
    if (await isFile(candidate)) return candidate;
  }
  return undefined;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * Lists the plugins of a folder: `<name>.ts|.mts|.js|.mjs` files and `<name>/` folders with an
 * index file or a package.json `main`. Sorted by name, so the result is the same on every machine.
 */
export async function discoverPluginSources(pluginDir: string): Promise<Discovery> {
  const dir = path.resolve(pluginDir);
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SvgxError(
      'PLUGIN_DIR_MISSING',
      code === 'ENOTDIR' ? `plugin folder ${pluginDir} is a file, not a folder` : `plugin folder ${pluginDir} does not exist`,
      { hint: 'pass --dir with the folder that holds your plugins, or set pluginDir in .arxosrc', cause: error },
    );
  }
  const found = new Map<string, PluginSource[]>();
  const problems: DiscoveryProblem[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === 'node_modules' || isIgnoredFile(entry.name)) continue;
    const full = path.join(dir, entry.name);
    let source: PluginSource | undefined;
    if (entry.isDirectory()) {
      const main = await folderEntry(full);
      if (!main) {
        problems.push({ name: entry.name, path: full, message: `folder plugin ${entry.name}/ has no index.ts, index.js or package.json "main"` });
        continue;
      }
      source = { name: entry.name, entry: main, root: full, kind: 'folder' };
    } else if (entry.isFile()) {
      const ext = pluginExtension(entry.name);
      if (!ext) continue;
      source = { name: entry.name.slice(0, -ext.length), entry: full, root: full, kind: 'file' };
    }
    if (!source) continue;
    const list = found.get(source.name) ?? [];
    list.push(source);
    found.set(source.name, list);
  }
  const sources: PluginSource[] = [];
  for (const [name, list] of found) {
    const first = list[0];
    if (list.length === 1 && first) {
      sources.push(first);
      continue;
    }
    problems.push({
      name,
      path: list.map((s) => s.root).join(', '),
      message: `two plugins are named "${name}": ${list.map((s) => path.basename(s.root) + (s.kind === 'folder' ? '/' : '')).join(' and ')}; rename or remove one`,
    });
  }
  return { sources, problems };
}
