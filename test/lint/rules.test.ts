import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/lint/types.js';
import { runOnFiles } from './helpers.js';
import { RULE_CASES } from './rule-cases.js';

/** One file per case, all analysed in one run. */
const files: Record<string, string> = {};
const names: { rule: string; kind: 'valid' | 'invalid'; index: number; file: string; lines: number[]; code: string }[] = [];
for (const [rule, { valid, invalid }] of Object.entries(RULE_CASES)) {
  for (const [kind, cases] of [['invalid', invalid], ['valid', valid]] as const) {
    cases.forEach((c, index) => {
      const file = `${rule}-${kind}-${index}.ts`;
      // `export {}` makes each case a module, as plugins are: scripts would share one global scope.
      files[file] = `${c.code}\nexport {};\n`;
      names.push({ rule, kind, index, file, lines: c.lines, code: c.code });
    });
  }
}
// Files the cases import, so that relative imports resolve.
files['types.ts'] = 'export interface Outline { id: string }\n';
files['other.ts'] = 'export const other = 1;\n';

let run: Awaited<ReturnType<typeof runOnFiles>>;
beforeAll(async () => {
  run = await runOnFiles(files);
}, 60_000);
afterAll(() => run?.cleanup());

const lineList = (findings: Finding[]) => findings.map((f) => f.line);

for (const [rule] of Object.entries(RULE_CASES)) {
  describe(rule, () => {
    for (const c of names.filter((n) => n.rule === rule)) {
      const title = c.kind === 'invalid' ? `reports ${JSON.stringify(c.code)} on line ${c.lines.join(', ')}` : `does not report the look-alike ${JSON.stringify(c.code)}`;
      it(title, () => {
        expect(lineList(run.of(c.file, rule))).toEqual(c.lines);
      });
    }
  });
}
