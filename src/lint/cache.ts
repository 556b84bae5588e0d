/**
 * The result cache: a second run with nothing changed reads its findings from disk without
 * loading TypeScript. Keyed on the tool version, the rule settings and options, the plugin
 * entries, and the content of every analysed file, the SDK types, the tsconfig and each config it extends; any change
 * to one of them is a miss and a full run. The content of the files read is not enough: a
 * module that did not exist (an unresolved import) was never read, so the listing of every
 * folder the plugins live in is part of the entry too: a file created, removed or changed there
 * is a miss.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ValidateResult } from './types.js';

/** Bump when the shape of the cached data or the meaning of a rule changes. */
export const CACHE_FORMAT = 7;

export interface CacheEntry {
  format: number;
  key: string;
  /** Absolute path -> sha256 of its content, for every file the result depends on. */
  files: Record<string, string>;
  /** Absolute folder -> hash of its listing (see listingOf), for every folder plugins live in. */
  dirs: Record<string, string>;
  result: Omit<ValidateResult, 'stats'> & { stats: Omit<ValidateResult['stats'], 'durationMs' | 'cached'> };
}

export function hashText(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

export function cacheKey(parts: unknown): string {
  return hashText(JSON.stringify({ format: CACHE_FORMAT, parts }));
}

export function cacheFileFor(cacheDir: string, key: string): string {
  return path.join(cacheDir, `validate-${key.slice(0, 20)}.json`);
}

async function hashFile(file: string): Promise<string | undefined> {
  try {
    return hashText(await readFile(file));
  } catch {
    return undefined;
  }
}

/** The cached result when every file it depends on is unchanged. */
export async function readCache(cacheDir: string, key: string): Promise<CacheEntry | undefined> {
  let entry: CacheEntry;
  try {
    entry = JSON.parse(await readFile(cacheFileFor(cacheDir, key), 'utf8')) as CacheEntry;
  } catch {
    return undefined;
  }
  if (entry.format !== CACHE_FORMAT || entry.key !== key) return undefined;
  const files = Object.entries(entry.files);
  const dirs = Object.entries(entry.dirs ?? {});
  const [hashes, listings] = await Promise.all([Promise.all(files.map(([file]) => hashFile(file))), Promise.all(dirs.map(([dir]) => listingOf(dir)))]);
  return files.every(([, hash], i) => hashes[i] === hash) && dirs.every(([, listing], i) => listings[i] === listing) ? entry : undefined;
}

/**
 * A hash of a folder's listing: the name, size and modification time of each file, the name of
 * each subfolder (not its time: the cache folder itself may sit in it and change with every
 * write). Dot-entries are left out for the same reason; the plugin system ignores them too.
 */
export async function listingOf(dir: string): Promise<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 'missing';
  }
  const parts = await Promise.all(
    entries
      .filter((e) => !e.name.startsWith('.'))
      .map(async (e) => {
        if (e.isDirectory()) return `${e.name}/`;
        try {
          const info = await stat(path.join(dir, e.name));
          return `${e.name}:${info.size}:${Math.round(info.mtimeMs)}`;
        } catch {
          return `${e.name}:gone`;
        }
      }),
  );
  return hashText(parts.sort().join('\n'));
}

export async function hashListings(dirs: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  await Promise.all(
    dirs.map(async (dir) => {
      out[dir] = await listingOf(dir);
    }),
  );
  return out;
}

export async function hashFiles(files: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  await Promise.all(
    files.map(async (file) => {
      const hash = await hashFile(file);
      if (hash !== undefined) out[file] = hash;
    }),
  );
  return out;
}

/** Writes atomically (temp file + rename), so a parallel run never reads half a cache. */
export async function writeCache(cacheDir: string, entry: CacheEntry): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  const file = cacheFileFor(cacheDir, entry.key);
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(entry));
  await rename(temp, file);
}
