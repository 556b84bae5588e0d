/**
 * Reporters on a real run: the findings of a small folder of plugins (one error, one warning,
 * one suppressed finding) in every format; SARIF validated against the SARIF 2.1.0 schema.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatGithub } from '../../src/lint/reporters/github.js';
import { formatJson } from '../../src/lint/reporters/json.js';
import { formatJunit } from '../../src/lint/reporters/junit.js';
import { formatSarif } from '../../src/lint/reporters/sarif.js';
import { formatStylish } from '../../src/lint/reporters/stylish.js';
import { runOnFiles } from './helpers.js';

const files = {
  'risky.ts': `import { definePlugin } from 'svgx-plugins';
declare const process: any;
export default definePlugin({
  metadata: { name: 'risky', version: '1.0.0', author: 'T', description: 'Reads the environment, 100% "bad", <b>' , permissions: ['log'] },
  register(registry) {
    // svgx-disable-next-line no-process -- reads a feature flag the host sets, reviewed in #7
    const flag = process.env.FLAG;
    registry.registerBehavior({ id: 'risky.a', type: 'custom', events: ['system'], handler: () => process.pid ?? flag });
  },
});
`,
  'fine.ts': `import { definePlugin } from 'svgx-plugins';
export default definePlugin({
  metadata: { name: 'fine', version: '1.0.0', author: 'T', description: 'Clean' },
  register(registry) {
    registry.registerBehavior({ id: 'fine.a', type: 'custom', events: ['system'], handler: () => 1 });
  },
});
`,
};

let run: Awaited<ReturnType<typeof runOnFiles>>;
beforeAll(async () => {
  run = await runOnFiles(files);
}, 60_000);
afterAll(() => run?.cleanup());

function sarifValidator() {
  const schema = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
  // A draft-04 schema: Ajv 8 reads `$id` where draft-04 wrote `id`.
  schema['$id'] = schema['id'];
  delete schema['id'];
  delete schema['$schema'];
  // unicodeRegExp off: one pattern of the schema (`language`) is not valid with the u flag.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
  return ajv.compile(schema);
}

describe('reporters on a real run', () => {
  it('has the findings the formats are checked with', () => {
    expect(run.result.findings.map((f) => [path.basename(f.file), f.ruleId, f.line, f.suppressed !== undefined])).toEqual([
      ['risky.ts', 'no-unused-permission', 4, false],
      ['risky.ts', 'no-process', 7, true],
      ['risky.ts', 'no-process', 8, false],
    ]);
  });

  it('stylish groups by file with line, severity, message and rule, then a summary', () => {
    const text = formatStylish(run.result);
    expect(text).toContain('risky.ts\n');
    expect(text).toMatch(/ {2}8:\d+ +error +process is the host's process object .* {2}no-process/);
    expect(text).toMatch(/4:\d+ +warning +permission 'log' is declared/);
    expect(text).toContain('✖ 2 problems (1 error, 1 warning) in 2 plugins, 2 files, 1 suppressed');
    expect(text).toContain('svgx-plugins explain');
    expect(text).not.toContain('fine.ts');
  });

  it('json lists every finding with the suppression reason and a summary', () => {
    const doc = JSON.parse(formatJson(run.result)) as { summary: Record<string, unknown>; findings: { ruleId: string; file: string; suppressed?: { reason: string } }[] };
    expect(doc.summary).toMatchObject({ errors: 1, warnings: 1, suppressed: 1, plugins: 2, files: 2 });
    expect(doc.findings[1]).toMatchObject({ ruleId: 'no-process', file: 'risky.ts', suppressed: { reason: 'reads a feature flag the host sets, reviewed in #7' } });
  });

  it('sarif is valid SARIF 2.1.0 and carries the suppression justification', () => {
    const validate = sarifValidator();
    const text = formatSarif(run.result);
    const log = JSON.parse(text) as { runs: { results: { ruleId: string; level: string; suppressions?: { justification: string }[]; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[]; tool: { driver: { rules: { id: string }[] } } }[] };
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const results = log.runs[0]?.results ?? [];
    expect(results.map((r) => [r.ruleId, r.level, r.locations[0]?.physicalLocation.artifactLocation.uri])).toEqual([
      ['no-unused-permission', 'warning', 'risky.ts'],
      ['no-process', 'error', 'risky.ts'],
      ['no-process', 'error', 'risky.ts'],
    ]);
    expect(results[1]?.suppressions?.[0]?.justification).toBe('reads a feature flag the host sets, reviewed in #7');
    expect(log.runs[0]?.tool.driver.rules.map((r) => r.id)).toContain('no-eval');
  });

  it('sarif of a clean run is valid too', () => {
    const validate = sarifValidator();
    expect(validate(JSON.parse(formatSarif({ ...run.result, findings: [] })))).toBe(true);
    // and the schema does reject what is not SARIF (a run without a tool)
    expect(validate({ version: '2.1.0', runs: [{ results: [] }] })).toBe(false);
  });

  it('github writes one escaped annotation per unsuppressed finding', () => {
    const lines = formatGithub(run.result).trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^::warning file=risky\.ts,line=4,col=\d+,endLine=4,endColumn=\d+,title=svgx-plugins no-unused-permission::permission 'log'/);
    expect(lines[1]).toMatch(/^::error file=risky\.ts,line=8,/);
    const escaped = formatGithub({ ...run.result, findings: [{ ...run.result.findings[0]!, message: 'a%b\nc', file: path.join(run.dir, 'x,y:z.ts') }] });
    expect(escaped).toContain('file=x%2Cy%3Az.ts');
    expect(escaped).toContain('::a%25b%0Ac');
  });

  it('junit has a suite per file, a failure per finding and the suppressed one skipped', () => {
    const xml = formatJunit(run.result);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="svgx-plugins validate" tests="4" failures="2" errors="0" skipped="1">/);
    expect(xml).toContain('<testsuite name="risky.ts" tests="3" failures="2" errors="0" skipped="1">');
    expect(xml).toContain('<testsuite name="fine.ts" tests="1" failures="0" errors="0" skipped="0">');
    expect(xml).toContain('<skipped message="suppressed: reads a feature flag the host sets, reviewed in #7"/>');
    expect(xml).not.toMatch(/<b>|"bad"/);
  });
});
