/**
 * Type errors of the plugin files. Two backends, same options and files:
 * - the native TypeScript 7 compiler (`tsgo`, @typescript/native-preview), run as a child process
 *   (measured about 5x faster than tsc 6 on the benchmark corpus);
 * - the checker of the run's ts-morph Project, when tsgo is not installed for this platform,
 *   rejects the options, or SVGX_TYPECHECKER=typescript asks for it.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { SANDBOX_GLOBALS, SANDBOX_GLOBALS_FILE } from './project.js';
import type { TypeScript, ts } from './types.js';

export interface TypeDiagnostic {
  file: string;
  /** 1-based. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: number;
  message: string;
  severity: 'error' | 'warning';
}

export type TypeCheckerChoice = 'auto' | 'tsgo' | 'typescript' | 'none';

/** The tsgo executable of this platform, or undefined when the package is not installed. */
export function tsgoExecutable(): string | undefined {
  const require = createRequire(import.meta.url);
  const platformPackage = `@typescript/native-preview-${process.platform}-${process.arch}`;
  try {
    const pkg = require.resolve(`${platformPackage}/package.json`);
    const exe = path.join(path.dirname(pkg), 'lib', process.platform === 'win32' ? 'tsgo.exe' : 'tsgo');
    return existsSync(exe) ? exe : undefined;
  } catch {
    return undefined;
  }
}

const LOCATED = /^(.+?)\((\d+),(\d+)\): (error|warning) TS(\d+): (.*)$/;

/** Parses `file(line,col): error TSnnnn: message` lines (continuations are indented). */
export function parseTscOutput(output: string, cwd: string): { diagnostics: TypeDiagnostic[]; global: string[] } {
  const diagnostics: TypeDiagnostic[] = [];
  const global: string[] = [];
  let last: TypeDiagnostic | undefined;
  for (const line of output.split(/\r?\n/)) {
    const m = LOCATED.exec(line);
    if (m) {
      const [, file = '', l = '1', c = '1', severity, code = '0', message = ''] = m;
      last = {
        file: path.resolve(cwd, file),
        line: Number(l),
        column: Number(c),
        endLine: Number(l),
        endColumn: Number(c),
        code: Number(code),
        message,
        severity: severity === 'warning' ? 'warning' : 'error',
      };
      diagnostics.push(last);
    } else if (/^\s+\S/.test(line) && last) {
      last.message += `\n${line.trim()}`;
    } else if (/^(error|warning) TS\d+/.test(line.trim())) {
      global.push(line.trim());
      last = undefined;
    }
  }
  return { diagnostics, global };
}

export interface TsgoRun {
  /** Resolves with the diagnostics, or with undefined when tsgo could not check (fall back). */
  result: Promise<{ diagnostics: TypeDiagnostic[] } | { failed: string }>;
}

/**
 * Starts tsgo on the files; the promise settles when it exits. The config is written and the
 * process spawned synchronously, so tsgo is already running while the caller goes on with
 * synchronous work (loading TypeScript blocks the event loop for about 250 ms).
 */
export function startTsgo(exe: string, tsconfigJson: Record<string, unknown>): TsgoRun {
  let dir: string;
  try {
    dir = mkdtempSync(path.join(os.tmpdir(), 'svgx-validate-'));
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfigJson));
    writeFileSync(path.join(dir, SANDBOX_GLOBALS_FILE), SANDBOX_GLOBALS);
  } catch (error) {
    return { result: Promise.resolve({ failed: error instanceof Error ? error.message : String(error) }) };
  }
  const output = new Promise<string>((resolve, reject) => {
    execFile(exe, ['-p', path.join(dir, 'tsconfig.json'), '--pretty', 'false'], { maxBuffer: 64 * 1024 * 1024, cwd: dir }, (error, stdout) => {
      // Exit code 1 or 2 only means "there were errors"; a crash has no output to parse.
      if (error && typeof error.code !== 'number') reject(error);
      else resolve(stdout);
    });
  });
  const result = (async () => {
    try {
      const parsed = parseTscOutput(await output, dir);
      if (parsed.global.length > 0) return { failed: parsed.global.join('; ') };
      return { diagnostics: parsed.diagnostics };
    } catch (error) {
      return { failed: error instanceof Error ? error.message : String(error) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  })();
  return { result };
}

/** The same diagnostics from the ts-morph Project's own checker. */
export function typeCheckWithProgram(tsApi: TypeScript, program: ts.Program, files: readonly ts.SourceFile[]): TypeDiagnostic[] {
  const out: TypeDiagnostic[] = [];
  const add = (d: ts.Diagnostic) => {
    if (!d.file || d.start === undefined) return;
    const start = d.file.getLineAndCharacterOfPosition(d.start);
    const end = d.file.getLineAndCharacterOfPosition(d.start + (d.length ?? 0));
    out.push({
      file: path.resolve(d.file.fileName),
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      code: d.code,
      message: tsApi.flattenDiagnosticMessageText(d.messageText, '\n'),
      severity: d.category === tsApi.DiagnosticCategory.Warning ? 'warning' : 'error',
    });
  };
  for (const sf of files) {
    for (const d of program.getSyntacticDiagnostics(sf)) add(d);
    if (!/\.[cm]?jsx?$/.test(sf.fileName) || program.getCompilerOptions().checkJs) {
      for (const d of program.getSemanticDiagnostics(sf)) add(d);
    }
  }
  return out;
}
