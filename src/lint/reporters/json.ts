/** For machines: every finding (suppressed ones with their reason), the plugins and a summary. */
import { countFindings } from '../counts.js';
import type { ValidateResult } from '../types.js';
import { relativePath } from './shared.js';

export function formatJson(result: ValidateResult): string {
  const counts = countFindings(result.findings);
  const document = {
    tool: { name: 'svgx-plugins', version: result.toolVersion },
    summary: {
      ...counts,
      plugins: result.plugins.length,
      files: result.files.length,
      cached: result.stats.cached,
      typeChecker: result.stats.typeChecker,
      ...(result.stats.shard ? { shard: `${result.stats.shard.index}/${result.stats.shard.count}` } : {}),
      ...(result.baseline ? { baseline: { ...result.baseline } } : {}),
    },
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      file: relativePath(result, f.file),
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      plugin: f.plugin ?? null,
      fingerprint: f.fingerprint,
      ...(f.suppressed ? { suppressed: { reason: f.suppressed.reason, line: f.suppressed.line } } : {}),
    })),
    plugins: result.plugins.map((p) => ({
      name: p.name,
      entry: relativePath(result, p.entry),
      files: p.files.map((file) => relativePath(result, file)),
      tsconfig: p.tsconfig ? relativePath(result, p.tsconfig) : null,
      errors: p.errors,
      warnings: p.warnings,
    })),
    notes: result.notes,
    problems: result.problems,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
