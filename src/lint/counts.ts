import type { Finding } from './types.js';

/** Findings that count towards the exit code are the ones not suppressed. */
export function countFindings(findings: readonly Finding[]): { errors: number; warnings: number; suppressed: number } {
  let errors = 0;
  let warnings = 0;
  let suppressed = 0;
  for (const f of findings) {
    if (f.suppressed) suppressed += 1;
    else if (f.severity === 'error') errors += 1;
    else warnings += 1;
  }
  return { errors, warnings, suppressed };
}
