/**
 * `--baseline FILE`: the first run writes today's findings; later runs report only findings
 * whose fingerprint is not in it (fingerprints ignore line numbers, so moved code stays known).
 * How a team adopts the linter on existing code, then ratchets.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SvgxError } from '../errors.js';
import type { BaselineSummary, Finding } from './types.js';

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

/** True on a CI runner: `CI` set to anything but empty, 'false' or '0' (as GitHub, GitLab and CircleCI set it). */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env['CI']?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

export interface BaselineRequest {
  /** The --baseline file, as given. */
  file: string;
  /** Rewrite it with the current findings (--update-baseline). */
  update: boolean;
  /** On CI a missing baseline is a configuration error, never a fresh one. */
  ci: boolean;
  cwd: string;
}

/**
 * What --baseline does to a run's findings: filters them through the file, or records them in
 * it when it is missing (locally) or asked to be rewritten. On CI a missing file would record
 * every finding and pass, so there it is an error: the baseline must be committed.
 */
export async function applyBaseline(findings: readonly Finding[], request: BaselineRequest): Promise<{ findings: Finding[]; baseline: BaselineSummary }> {
  const existing = request.update ? undefined : await readBaseline(request.file);
  if (!existing && !request.update && request.ci) {
    throw new SvgxError('USAGE', `--baseline ${request.file} does not exist, and on CI (CI is set) validate will not write a new one: every finding would pass`, {
      location: '--baseline',
      hint: `create it locally with \`svgx-plugins validate --baseline ${request.file}\` (or --update-baseline), then commit it`,
    });
  }
  if (!existing) {
    await writeBaseline(request.file, findings, request.cwd);
    const recorded = findings.filter((f) => !f.suppressed).length;
    return { findings: findings.filter((f) => f.suppressed), baseline: { file: request.file, written: true, recorded, filtered: recorded } };
  }
  const fresh = newFindings(findings, existing);
  return { findings: fresh, baseline: { file: request.file, written: false, recorded: existing.findings.length, filtered: findings.length - fresh.length } };
}
