/** The default, for people: findings grouped by file, then a count and where to read more. */
import { countFindings } from '../counts.js';
import type { Finding, ValidateResult } from '../types.js';
import { plainPaint, type ReportOptions } from './paint.js';
import { plural, relativePath } from './shared.js';

export function formatStylish(result: ValidateResult, options: ReportOptions = {}): string {
  const paint = options.paint ?? plainPaint;
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) {
    if (f.suppressed) continue;
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  const lines: string[] = [];
  const rulesSeen = new Set<string>();
  for (const [file, findings] of byFile) {
    lines.push(paint.underline(relativePath(result, file)));
    const rows = findings.map((f) => [`${f.line}:${f.column}`, f.severity, f.message.replace(/\s*\n\s*/g, ' '), f.ruleId] as const);
    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.max(...rows.map((r) => r[1].length));
    for (const [where, severity, message, rule] of rows) {
      rulesSeen.add(rule);
      const sev = severity === 'error' ? paint.error(severity.padEnd(w1)) : paint.warning(severity.padEnd(w1));
      lines.push(`  ${paint.dim(where.padEnd(w0))}  ${sev}  ${message}  ${paint.dim(rule)}`);
    }
    lines.push('');
  }
  for (const problem of result.problems) lines.push(paint.error(`error: ${problem} (not checked)`));
  for (const note of result.notes) lines.push(paint.warning(`note: ${note}`));
  const { errors, warnings, suppressed } = countFindings(result.findings);
  const total = errors + warnings;
  const checked = `${plural(result.plugins.length, 'plugin')}, ${plural(result.files.length, 'file')}`;
  const baseline = result.baseline;
  const baselined = baseline
    ? baseline.written
      ? `${plural(baseline.recorded, 'finding')} recorded in the baseline ${baseline.file}`
      : `${plural(baseline.filtered, 'finding')} filtered by the baseline ${baseline.file}`
    : '';
  if (total === 0 && result.problems.length === 0) {
    const notes = [...(suppressed > 0 ? [`${suppressed} suppressed`] : []), ...(baselined ? [baselined] : [])];
    const what = baseline ? 'no new problems' : 'no problems';
    lines.push(`${paint.bold('✔')} ${what} in ${checked}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}${result.stats.cached ? paint.dim(' (cached)') : ''}`);
  } else {
    const unchecked = result.problems.length > 0 ? `, ${plural(result.problems.length, 'plugin')} not checked` : '';
    const summary = `✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) in ${checked}${suppressed > 0 ? `, ${suppressed} suppressed` : ''}${baselined ? `, ${baselined}` : ''}${unchecked}`;
    lines.push(errors > 0 || unchecked ? paint.error(paint.bold(summary)) : paint.warning(paint.bold(summary)));
    const example = [...rulesSeen][0] ?? 'no-eval';
    lines.push(paint.dim(`  run \`svgx-plugins explain <rule>\` for what a rule checks and how to fix it, e.g. svgx-plugins explain ${example}`));
  }
  return `${lines.join('\n')}\n`;
}
