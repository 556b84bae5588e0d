/**
 * Inline suppressions: `// svgx-disable-next-line <rule>[, <rule>] -- reason` (or
 * `svgx-disable-line` at the end of the line itself). A suppression must name the rule and give
 * a reason; one that does not is itself a finding and silences nothing, and one that silences
 * nothing is reported as stale.
 */
import { didYouMean } from './suggest.js';
import type { RawFinding } from './analyze.js';
import type { Severity } from './types.js';

export interface Directive {
  file: string;
  /** 1-based line of the comment. */
  line: number;
  column: number;
  /** The line whose findings it silences. */
  targetLine: number;
  rules: string[];
  reason: string | undefined;
}

const DIRECTIVE = /(\/\/|\/\*)\s*svgx-disable-(next-line|line)\b(.*?)(?:\*\/|$)/;

/**
 * The directives of a file. `comments` are the comment ranges the parser saw: a directive is
 * honoured only inside one, so the same words in a string, a template or a regular expression
 * (`"// svgx-disable-next-line no-eval -- x"` above an eval) silence nothing.
 */
export function parseDirectives(file: string, text: string, comments: readonly (readonly [number, number])[]): Directive[] {
  if (!text.includes('svgx-disable-')) return [];
  const out: Directive[] = [];
  const lines = text.split('\n');
  let offset = 0;
  lines.forEach((lineText, index) => {
    const lineStart = offset;
    offset += lineText.length + 1;
    const m = DIRECTIVE.exec(lineText);
    if (!m) return;
    const at = lineStart + m.index;
    if (!comments.some(([start, end]) => at >= start && at < end)) return;
    const [, , kind, rest = ''] = m;
    const separator = rest.indexOf('--');
    const rulePart = separator === -1 ? rest : rest.slice(0, separator);
    const reason = separator === -1 ? undefined : rest.slice(separator + 2).trim() || undefined;
    out.push({
      file,
      line: index + 1,
      column: m.index + 1,
      targetLine: kind === 'line' ? index + 1 : index + 2,
      rules: rulePart.split(/[\s,]+/).filter(Boolean),
      reason,
    });
  });
  return out;
}

export interface SuppressionOutcome {
  findings: (RawFinding & { suppressed?: { reason: string; line: number } })[];
}

/**
 * Marks the findings each valid directive silences and adds the findings about directives
 * themselves (no reason, unknown rule, silences nothing).
 */
export function applySuppressions(
  findings: readonly RawFinding[],
  directives: readonly Directive[],
  knownRules: readonly string[],
  severityOf: (ruleId: string) => Severity | undefined,
  ownerOf: (file: string) => string | undefined,
): SuppressionOutcome {
  const out: SuppressionOutcome['findings'] = findings.map((f) => ({ ...f }));
  const byTarget = new Map<string, Directive[]>();
  const meta: RawFinding[] = [];
  const report = (d: Directive, ruleId: string, message: string) => {
    const severity = severityOf(ruleId);
    if (!severity) return;
    meta.push({ ruleId, severity, message, file: d.file, line: d.line, column: d.column, endLine: d.line, endColumn: d.column, plugin: ownerOf(d.file) });
  };
  const valid: Directive[] = [];
  for (const d of directives) {
    if (d.rules.length === 0) {
      report(d, 'no-unexplained-disable', 'this suppression names no rule: write svgx-disable-next-line <rule-id> -- reason');
      continue;
    }
    const unknown = d.rules.filter((r) => !knownRules.includes(r));
    for (const rule of unknown) report(d, 'no-unexplained-disable', `this suppression names "${rule}", which is not a rule${didYouMean(rule, knownRules)}`);
    if (!d.reason) {
      report(d, 'no-unexplained-disable', 'this suppression gives no reason: add " -- why" after the rule name');
      continue;
    }
    if (unknown.length > 0) continue;
    valid.push(d);
    const key = `${d.file}\0${d.targetLine}`;
    const list = byTarget.get(key) ?? [];
    list.push(d);
    byTarget.set(key, list);
  }
  const used = new Set<string>();
  for (const finding of out) {
    const candidates = byTarget.get(`${finding.file}\0${finding.line}`);
    const directive = candidates?.find((d) => d.rules.includes(finding.ruleId));
    if (!directive || !directive.reason) continue;
    finding.suppressed = { reason: directive.reason, line: directive.line };
    used.add(`${directive.file}\0${directive.line}\0${finding.ruleId}`);
  }
  for (const d of valid) {
    for (const rule of d.rules) {
      if (!severityOf(rule)) continue; // a rule turned off silences nothing, and that is fine
      if (!used.has(`${d.file}\0${d.line}\0${rule}`)) report(d, 'no-unused-disable', `this suppression of ${rule} silences nothing; remove it`);
    }
  }
  return { findings: [...out, ...meta] };
}
