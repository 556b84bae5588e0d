import path from 'node:path';
import type { Finding, ValidateResult } from '../types.js';

/** Paths in reports: relative to the run's folder, with forward slashes on every OS. */
export function relativePath(result: ValidateResult, file: string): string {
  return (path.relative(result.cwd, file) || path.basename(file)).split(path.sep).join('/');
}

export function active(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => !f.suppressed);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
