import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface FileToWrite {
  /** Absolute path. */
  path: string;
  content: string;
}

/** Temp names start with a dot: plugin discovery skips dot files, so a leftover is never loaded. */
function tempNameFor(target: string, tag: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.svgx-new-${tag}.tmp`);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes a new plugin so that an interrupted run leaves no half-written plugin.
 *
 * A folder plugin whose folder does not exist yet is written into a hidden staging folder and
 * renamed into place in one step. Otherwise each file goes to a temp file beside its target
 * first, and only when every one is written are they renamed over their targets, the plugin's
 * entry last: until that final rename, discovery sees no new plugin.
 */
export async function writeFilesAtomically(files: readonly FileToWrite[], options: { folder?: string; entry: string }): Promise<void> {
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  if (options.folder && !(await exists(options.folder))) {
    const staging = path.join(path.dirname(options.folder), `.${path.basename(options.folder)}.svgx-new-${tag}`);
    try {
      for (const file of files) {
        const staged = path.join(staging, path.relative(options.folder, file.path));
        await mkdir(path.dirname(staged), { recursive: true });
        await writeFile(staged, file.content, { flag: 'wx' });
      }
      await rename(staging, options.folder);
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
    return;
  }
  const ordered = [...files].sort((a, b) => Number(a.path === options.entry) - Number(b.path === options.entry));
  const staged: Array<{ temp: string; target: string }> = [];
  try {
    for (const file of ordered) {
      await mkdir(path.dirname(file.path), { recursive: true });
      const temp = tempNameFor(file.path, tag);
      await writeFile(temp, file.content, { flag: 'wx' });
      staged.push({ temp, target: file.path });
    }
    for (const { temp, target } of staged) await rename(temp, target);
  } finally {
    // After a successful run the temp files were renamed away; force ignores them.
    await Promise.all(staged.map(({ temp }) => rm(temp, { force: true })));
  }
}
