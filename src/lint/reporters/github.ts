/**
 * GitHub Actions workflow commands: one `::error` / `::warning` annotation per finding, shown on
 * the line in the pull request. Suppressed findings are not annotated.
 */
import type { ValidateResult } from '../types.js';
import { relativePath } from './shared.js';

/** Data escapes of workflow commands: %, CR and LF (and in properties also : and ,). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(result: ValidateResult): string {
  const lines: string[] = [];
  for (const f of result.findings) {
    if (f.suppressed) continue;
    const command = f.severity === 'error' ? 'error' : 'warning';
    const props = [
      `file=${escapeProperty(relativePath(result, f.file))}`,
      `line=${f.line}`,
      `col=${f.column}`,
      ...(f.endLine >= f.line ? [`endLine=${f.endLine}`] : []),
      ...(f.endLine === f.line && f.endColumn > f.column ? [`endColumn=${f.endColumn}`] : []),
      `title=${escapeProperty(`svgx-plugins ${f.ruleId}`)}`,
    ];
    lines.push(`::${command} ${props.join(',')}::${escapeData(f.message)}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
