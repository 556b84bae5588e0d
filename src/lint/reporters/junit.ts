/**
 * JUnit XML, for CI systems that show test reports: one testsuite per analysed file, one
 * failing testcase per finding (a passing one for a clean file), suppressed findings as skipped.
 */
import type { Finding, ValidateResult } from '../types.js';
import { relativePath } from './shared.js';

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // XML 1.0 cannot carry most control characters, even escaped.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
}

export function formatJunit(result: ValidateResult): string {
  const byFile = new Map<string, Finding[]>();
  for (const file of result.files) byFile.set(file, []);
  for (const f of result.findings) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  const suites: string[] = [];
  let totalTests = 0;
  let totalFailures = 0;
  let totalSkipped = 0;
  for (const [file, findings] of byFile) {
    const name = xml(relativePath(result, file));
    const cases: string[] = [];
    let failures = 0;
    let skipped = 0;
    for (const f of findings) {
      const caseName = xml(`${f.ruleId} ${f.line}:${f.column}`);
      if (f.suppressed) {
        skipped += 1;
        cases.push(`    <testcase classname="${name}" name="${caseName}" time="0">\n      <skipped message="${xml(`suppressed: ${f.suppressed.reason}`)}"/>\n    </testcase>`);
      } else {
        failures += 1;
        cases.push(
          `    <testcase classname="${name}" name="${caseName}" time="0">\n      <failure message="${xml(f.message)}" type="${f.severity}">${xml(`${f.severity}: ${f.message} (${f.ruleId}) at ${relativePath(result, f.file)}:${f.line}:${f.column}`)}</failure>\n    </testcase>`,
        );
      }
    }
    if (cases.length === 0) cases.push(`    <testcase classname="${name}" name="svgx-plugins validate" time="0"/>`);
    totalTests += cases.length;
    totalFailures += failures;
    totalSkipped += skipped;
    suites.push(`  <testsuite name="${name}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}">\n${cases.join('\n')}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="svgx-plugins validate" tests="${totalTests}" failures="${totalFailures}" errors="0" skipped="${totalSkipped}">\n${suites.join('\n')}\n</testsuites>\n`;
}
