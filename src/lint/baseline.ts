/**
 * `--baseline FILE`: the first run writes today's findings; later runs report only findings
 * whose fingerprint is not in it (fingerprints ignore line numbers, so moved code stays known).
 * How a team adopts the linter on existing code, then ratchets.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SvgxError } from '../errors.js';
import type { Finding } from './types.js';

export interface BaselineFile {
  version: 1;
  tool: 'svgx-plugins';
  findings: { fingerprint: string; ruleId: string; file: string; message: string }[];
}

export async function readBaseline(file: string): Promise<BaselineFile | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SvgxError('USAGE', `cannot read the baseline ${file}: ${(error as Error).message}`, { location: '--baseline' });
  }
  try {
    const parsed = JSON.parse(text) as BaselineFile;
    if (parsed.version !== 1 || !Array.isArray(parsed.findings)) throw new Error('not a baseline of this tool');
    return parsed;
  } catch (error) {
    throw new SvgxError('USAGE', `${file} is not a validate baseline: ${(error as Error).message}`, {
      location: '--baseline',
      hint: 'delete it to write a new one from the current findings',
    });
  }
}

export async function writeBaseline(file: string, findings: readonly Finding[], cwd: string): Promise<void> {
  const content: BaselineFile = {
    version: 1,
    tool: 'svgx-plugins',
    findings: findings
      .filter((f) => !f.suppressed)
      .map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, file: path.relative(cwd, f.file).split(path.sep).join('/'), message: f.message })),
  };
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, `${JSON.stringify(content, null, 2)}\n`);
}

/** The findings not in the baseline; each baseline entry absorbs one finding of its fingerprint. */
export function newFindings(findings: readonly Finding[], baseline: BaselineFile): Finding[] {
  const budget = new Map<string, number>();
  for (const f of baseline.findings) budget.set(f.fingerprint, (budget.get(f.fingerprint) ?? 0) + 1);
  return findings.filter((f) => {
    if (f.suppressed) return true;
    const left = budget.get(f.fingerprint) ?? 0;
    if (left === 0) return true;
    budget.set(f.fingerprint, left - 1);
    return false;
  });
}
