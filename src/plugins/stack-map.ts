/**
 * Stack traces in the author's own files. A plugin runs as one bundle, so the frames of its
 * errors name lines of that bundle; with the bundle's source map (Node's own `module.SourceMap`,
 * no dependency) each frame is put back on the line of the file the author wrote.
 */
import { SourceMap, type SourceMapPayload } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Rewrites the frames of a stack that point into the bundle; other frames stay as they are. */
export type StackMapper = (stack: string) => string;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `generatedName` is the file name the frames carry (the one the code was compiled under);
 * `mapDir` is the folder the map's `sources` are relative to.
 */
export function stackMapper(mapJson: string, generatedName: string, mapDir: string): StackMapper {
  let map: SourceMap | undefined;
  const frame = new RegExp(`${escapeRegExp(generatedName)}:(\\d+)(?::(\\d+))?`, 'g');
  return (stack) =>
    stack.replace(frame, (whole, line: string, column: string | undefined) => {
      map ??= new SourceMap(JSON.parse(mapJson) as SourceMapPayload);
      const entry = map.findEntry(Number(line) - 1, column === undefined ? 0 : Number(column) - 1) as Partial<{ originalSource: string; originalLine: number; originalColumn: number }>;
      if (entry.originalSource === undefined || entry.originalLine === undefined) return whole;
      const source = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : path.resolve(mapDir, entry.originalSource);
      return `${source}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
    });
}

/** Puts an error's stack (and its cause's) on the author's lines, in place; anything else is left alone. */
export function mapErrorStack(error: unknown, mapper: StackMapper | undefined): void {
  if (!mapper) return;
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    try {
      if (typeof e.stack === 'string') e.stack = mapper(e.stack);
    } catch {
      // A frozen error or an odd stack getter: the bundle's lines are still a stack.
    }
  }
}

/** Calls `fn`; what it throws, or the promise it returns rejects with, has its stack mapped. */
export function withMappedStacks<T>(fn: () => T, mapper: StackMapper): T {
  let result: T;
  try {
    result = fn();
  } catch (error) {
    mapErrorStack(error, mapper);
    throw error;
  }
  if (result instanceof Promise) {
    return result.catch((error: unknown) => {
      mapErrorStack(error, mapper);
      throw error;
    }) as T;
  }
  return result;
}
