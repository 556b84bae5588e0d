/**
 * Files a command writes its output to (`validate --format sarif=FILE`, `--output`,
 * `--baseline`): checked before the work starts, and every failure is an SvgxError naming the
 * flag, so a bad path exits 2 with what to change instead of an "unexpected error".
 */
import { constants } from 'node:fs';
import { access, mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SvgxError } from '../errors.js';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of its path is a file, not a folder',
  EEXIST: 'a part of its path is a file, not a folder',
  ENAMETOOLONG: 'the path is too long',
};

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** The SvgxError for a file that could not be written: the flag, the file and the reason. */
export function writeFailure(error: unknown, file: string, flag: string): SvgxError {
  const code = errnoOf(error);
  const reason = (code && REASONS[code]) ?? (error instanceof Error ? error.message : String(error));
  return new SvgxError('USAGE', `cannot write ${file}: ${reason}${code ? ` (${code})` : ''}`, {
    location: flag,
    hint: 'give a file path in a folder you can write to',
    cause: error,
  });
}

/**
 * Throws a usage error naming `flag` unless `file` can be written: it must not be a folder, and
 * its nearest existing parent must be a folder (the missing ones are created) that is writable.
 */
export async function checkWritableFile(file: string, flag: string, exampleName: string): Promise<void> {
  const target = path.resolve(file);
  const refuse = (message: string, hint: string) => new SvgxError('USAGE', message, { location: flag, hint });
  // `out/` names a folder even before it exists.
  if (/[\\/]$/.test(file)) throw refuse(`${file} is a folder; give a file path`, `for example ${path.join(file, exampleName)}`);
  try {
    const info = await stat(target);
    if (info.isDirectory()) throw refuse(`${file} is a folder; give a file path`, `for example ${path.join(file, exampleName)}`);
    await access(target, constants.W_OK).catch((error: unknown) => {
      throw writeFailure(error, file, flag);
    });
    return;
  } catch (error) {
    if (error instanceof SvgxError) throw error;
    const code = errnoOf(error);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw writeFailure(error, file, flag);
  }
  // The file is missing: find the nearest part of its path that exists.
  let parent = path.dirname(target);
  for (;;) {
    let info;
    try {
      info = await stat(parent);
    } catch (error) {
      const code = errnoOf(error);
      const up = path.dirname(parent);
      if ((code === 'ENOENT' || code === 'ENOTDIR') && up !== parent) {
        parent = up;
        continue;
      }
      throw writeFailure(error, file, flag);
    }
    if (!info.isDirectory()) {
      const relative = path.relative(process.cwd(), parent);
      const shown = relative && !relative.startsWith('..') ? relative : parent;
      throw refuse(`${shown} is a file, not a folder, so ${file} cannot be created`, `give a file path whose folders are folders (or do not exist yet), for example ${exampleName}`);
    }
    await access(parent, constants.W_OK).catch((error: unknown) => {
      throw writeFailure(error, file, flag);
    });
    return;
  }
}

/** Writes `content` to `file`, creating its folders; returns the failure instead of throwing it. */
export async function writeOutputFile(file: string, content: string, flag: string): Promise<SvgxError | undefined> {
  try {
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await writeFile(file, content);
    return undefined;
  } catch (error) {
    return writeFailure(error, file, flag);
  }
}
