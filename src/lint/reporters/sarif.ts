/**
 * SARIF 2.1.0, for GitHub code scanning and other viewers. Valid against the OASIS schema (see
 * test/lint/reporters.test.ts). Suppressed findings carry an inSource suppression with the
 * reason as its justification; fingerprints go in partialFingerprints so moved code keeps its
 * alerts.
 */
import { pathToFileURL } from 'node:url';
import type { ValidateResult } from '../types.js';
import { relativePath } from './shared.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

export function formatSarif(result: ValidateResult): string {
  const rules = result.rules.filter((r) => r.severity !== 'off');
  const index = new Map(rules.map((r, i) => [r.meta.id, i]));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'svgx-plugins',
            semanticVersion: result.toolVersion,
            informationUri: 'https://www.npmjs.com/package/svgx-plugins',
            rules: rules.map((r) => ({
              id: r.meta.id,
              name: r.meta.id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
              shortDescription: { text: r.meta.description },
              fullDescription: { text: r.meta.docs },
              help: { text: `${r.meta.docs}\n\nRun: svgx-plugins explain ${r.meta.id}` },
              defaultConfiguration: { level: r.severity === 'warn' ? 'warning' : 'error' },
              properties: { category: r.meta.category, tags: [r.meta.category === 'security' ? 'security' : r.meta.category] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(result.cwd.endsWith('/') ? result.cwd : `${result.cwd}/`).href } },
        results: result.findings.map((f) => {
          const sameLine = f.endLine === f.line;
          const hasEnd = f.endLine > f.line || (sameLine && f.endColumn > f.column);
          const ruleIndex = index.get(f.ruleId);
          return {
            ruleId: f.ruleId,
            ...(ruleIndex !== undefined ? { ruleIndex } : {}),
            level: f.severity,
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: encodeURI(relativePath(result, f.file)), uriBaseId: '%SRCROOT%' },
                  region: {
                    startLine: f.line,
                    startColumn: f.column,
                    ...(hasEnd ? { endLine: f.endLine, endColumn: f.endColumn } : {}),
                  },
                },
              },
            ],
            partialFingerprints: { 'svgxFindingHash/v1': f.fingerprint },
            ...(f.suppressed ? { suppressions: [{ kind: 'inSource', status: 'accepted', justification: f.suppressed.reason }] } : {}),
            ...(f.plugin ? { properties: { plugin: f.plugin } } : {}),
          };
        }),
        invocations: [{ executionSuccessful: true }],
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
