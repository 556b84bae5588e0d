/**
 * Where a plugin's code may come from, as validate sees it: real paths (symlinks followed, as the
 * loader compares them) and which plugin folder holds a file. Shared by analyze.ts, which hands
 * each file its folder, and the no-outside-files rule.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { isInsideFolder, mayBundleFile, pluginFolder, type PluginSource } from '../plugins/discovery.js';

/** The real path of a file or folder; for one that does not exist, its nearest existing ancestor's real path joined with the rest. */
export function realPath(file: string): string {
  const resolved = path.resolve(file);
  try {
    return realpathSync.native(resolved);
  } catch {
    const parent = path.dirname(resolved);
    return parent === resolved ? resolved : path.join(realPath(parent), path.basename(resolved));
  }
}

/** Why the sandboxed loader refuses to bundle a file (refusedFile). */
export type RefusedFile = 'outside' | 'hidden' | 'nodeModules';

/**
 * The loader's own rule (mayBundleFile), with the reason: outside the plugin's folder, or inside
 * it but hidden (a path segment starting with '.': `.env`, `.git/`) or under `node_modules`.
 */
export function refusedFile(folder: string, file: string): RefusedFile | undefined {
  if (mayBundleFile(folder, file)) return undefined;
  if (!isInsideFolder(folder, file)) return 'outside';
  const segment = path.relative(folder, file).split(path.sep).find((s) => s.startsWith('.') || s === 'node_modules');
  return segment === 'node_modules' ? 'nodeModules' : 'hidden';
}

/**
 * Answers, for a file, the innermost plugin folder of the run that holds it. Innermost, because
 * a file plugin's folder (the plugins folder) also holds every folder plugin: a file inside a
 * folder plugin is checked against that plugin's folder, the stricter one.
 */
export function pluginFolderLookup(sources: readonly Pick<PluginSource, 'kind' | 'root'>[]): (file: string) => string | undefined {
  const folders = [...new Set(sources.map((s) => realPath(pluginFolder(s))))].sort((a, b) => b.length - a.length);
  const cache = new Map<string, string | undefined>();
  return (file) => {
    const real = realPath(file);
    if (!cache.has(real)) cache.set(real, folders.find((folder) => isInsideFolder(folder, real)));
    return cache.get(real);
  };
}
