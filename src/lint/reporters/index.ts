/** The output formats of validate, by name. Each is a pure function from a result to text. */
import type { ValidateResult } from '../types.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import type { ReportOptions } from './paint.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';

export type Reporter = (result: ValidateResult, options?: ReportOptions) => string;

export const REPORTERS: Readonly<Record<string, Reporter>> = {
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  junit: formatJunit,
};

export const FORMAT_NAMES: readonly string[] = Object.keys(REPORTERS);
export type { ReportOptions, ReportPaint } from './paint.js';
export { plainPaint } from './paint.js';
