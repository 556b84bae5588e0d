/**
 * The one error class of svgx-plugins. Services throw it; the CLI maps `exitCode` to the
 * process exit code in one place. A plugin's own fault is never thrown at the host: it is
 * recorded as data (status, lastError) instead.
 */
export type ErrorCode =
  | 'BEHAVIOR_INVALID'
  | 'BEHAVIOR_DUPLICATE'
  | 'BEHAVIOR_NOT_FOUND'
  | 'EVENT_INVALID'
  | 'PLUGIN_NOT_FOUND'
  | 'PLUGIN_INVALID'
  | 'PLUGIN_LOAD_FAILED'
  | 'PLUGIN_REGISTER_FAILED'
  | 'PLUGIN_DEPENDENCY_MISSING'
  | 'PLUGIN_DEPENDENCY_VERSION'
  | 'PLUGIN_CYCLE'
  | 'PLUGIN_IN_USE'
  | 'PLUGIN_TIMEOUT'
  | 'PLUGIN_MEMORY'
  | 'PLUGIN_PERMISSION'
  | 'PLUGIN_SANDBOX_FAULT'
  | 'BEHAVIOR_RESULT_INVALID'
  | 'PLUGIN_DIR_MISSING'
  | 'CONFIG_INVALID'
  | 'CONFIG_UNKNOWN_KEY'
  | 'CONFIG_NOT_FOUND'
  | 'USAGE'
  | 'NAME_INVALID'
  | 'FILE_EXISTS'
  | 'TEMPLATE_NOT_FOUND'
  | 'TEMPLATE_INVALID'
  | 'LINT_FAILED'
  | 'LINT_FINDING'
  | 'INTERNAL';

/** Exit codes of the CLI: 0 ok, 1 findings or failed plugins, 2 usage or configuration. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const USAGE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'CONFIG_INVALID',
  'CONFIG_UNKNOWN_KEY',
  'CONFIG_NOT_FOUND',
  'USAGE',
  'NAME_INVALID',
  'FILE_EXISTS',
  'TEMPLATE_NOT_FOUND',
  'TEMPLATE_INVALID',
  'PLUGIN_DIR_MISSING',
]);

export interface SvgxErrorOptions {
  cause?: unknown;
  /** Where the problem is: a file, `file:line`, a flag or a key path. */
  location?: string;
  /** What the user can do about it. */
  hint?: string;
}

export class SvgxError extends Error {
  readonly code: ErrorCode;
  readonly location: string | undefined;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: SvgxErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SvgxError';
    this.code = code;
    this.location = options.location;
    this.hint = options.hint;
  }

  /** The exit code the CLI uses for this error. */
  get exitCode(): number {
    return USAGE_CODES.has(this.code) ? EXIT_USAGE : EXIT_FAILURE;
  }

  /** One line (or two with the hint) a user can act on. */
  format(): string {
    const where = this.location ? `${this.location}: ` : '';
    return this.hint ? `${where}${this.message}\n  ${this.hint}` : `${where}${this.message}`;
  }
}

export function isSvgxError(value: unknown): value is SvgxError {
  return value instanceof SvgxError;
}

/** A short, safe description of anything thrown (plugins may throw non-Errors). */
export function describeThrown(value: unknown): string {
  if (value instanceof Error) return value.message || value.name;
  if (typeof value === 'string') return value;
  try {
    return `non-error value thrown: ${String(value)}`;
  } catch {
    return 'non-error value thrown (not printable)';
  }
}

/** The stack of anything thrown, when it has one. */
export function stackOf(value: unknown): string | undefined {
  try {
    return value instanceof Error && typeof value.stack === 'string' ? value.stack : undefined;
  } catch {
    return undefined;
  }
}
