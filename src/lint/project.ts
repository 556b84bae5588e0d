/**
 * The compiler side of a run: loading TypeScript (only here, only when validate runs), the
 * compiler options (the plugin's tsconfig.json or strict defaults) and a ts-morph Project for
 * the plugins that share them (one in the common case). 'svgx-plugins' is mapped to this package's own SDK types with `paths`, so
 * a plugin folder without node_modules still type-checks.
 */
import { existsSync } from 'node:fs';
import nodeModule, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Project as ProjectType } from 'ts-morph';
import { SvgxError } from '../errors.js';
import type { PluginSource } from '../plugins/discovery.js';
import { SDK_MODULE } from './semantics.js';
import type { TypeScript, ts } from './types.js';

type TsMorph = typeof import('ts-morph');

let tsMorph: TsMorph | undefined;

/**
 * ts-morph and its bundled compiler, loaded on first use. createRequire, not import(): Node
 * scans a CommonJS module's exports before an ESM import of it, which costs about 260 ms for
 * the 9 MB compiler on Node 20.
 */
export function loadTsMorph(): TsMorph {
  if (!tsMorph) {
    // Node 22+: keep the compiled code of the compiler on disk between runs (Node 20 has no such cache).
    const enableCompileCache = (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache;
    try {
      enableCompileCache?.();
    } catch {
      // a read-only cache folder only costs speed
    }
    const require = createRequire(import.meta.url);
    tsMorph = require('ts-morph') as TsMorph;
  }
  return tsMorph;
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** The package root: src/lint/ and dist/lint/ both sit two levels below it. */
export const PACKAGE_ROOT = path.resolve(here, '..', '..');

/**
 * The SDK's types (sdk-types.ts: the runtime SDK plus the author-facing types): the built
 * declaration when running from dist/, the source when running from src/ (tests), so the types
 * always match the code that validates against them.
 */
export function sdkTypesPath(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  const candidates = fromSource
    ? [path.join(PACKAGE_ROOT, 'src', 'lint', 'sdk-types.ts'), path.join(PACKAGE_ROOT, 'dist', 'lint', 'sdk-types.d.ts')]
    : [path.join(PACKAGE_ROOT, 'dist', 'lint', 'sdk-types.d.ts'), path.join(PACKAGE_ROOT, 'src', 'lint', 'sdk-types.ts')];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new SvgxError('INTERNAL', 'cannot find the SDK types (dist/lint/sdk-types.d.ts)', { hint: 'run npm run build in the svgx-plugins package' });
  return found;
}

/**
 * The defaults when the plugin folder has no tsconfig.json: what the sandbox offers (ES2022,
 * no DOM, no Node types), strict, and module resolution as the bundler that builds plugins.
 */
export function defaultCompilerOptionsJson(sdkPath: string): Record<string, unknown> {
  return {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    lib: ['ES2022'],
    types: [],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    allowJs: true,
    checkJs: false,
    esModuleInterop: true,
    isolatedModules: true,
    allowImportingTsExtensions: true,
    forceConsistentCasingInFileNames: true,
    paths: { [SDK_MODULE]: [sdkPath] },
  };
}

/**
 * The globals the sandbox installs for granted permissions (timers: setTimeout and friends;
 * log: console), declared for the default options so a plugin that uses them type-checks. Kept
 * out of the SDK module: as a global augmentation there it would also change these names for
 * every program that imports the package. Whether the plugin may use them is the permissions
 * rules' business, not the type-check's.
 */
export const SANDBOX_GLOBALS_FILE = 'svgx-sandbox-globals.d.ts';
export const SANDBOX_GLOBALS = `// Globals of the svgx-plugins sandbox, present when metadata.permissions grants them.
declare function setTimeout(handler: (...args: any[]) => void, timeout?: number, ...args: any[]): number;
declare function setInterval(handler: (...args: any[]) => void, timeout?: number, ...args: any[]): number;
declare function setImmediate(handler: (...args: any[]) => void, ...args: any[]): number;
declare function clearTimeout(id: number | undefined): void;
declare function clearInterval(id: number | undefined): void;
declare function clearImmediate(id: number | undefined): void;
declare const console: {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  debug(...data: unknown[]): void;
};
`;

export interface CompilerSetup {
  /** Where the sandbox globals declaration sits (in memory for ts-morph, on disk for tsgo), when the defaults apply. */
  globalsFile: string | undefined;
  options: ts.CompilerOptions;
  /** The plugin's tsconfig.json, when one was used. */
  tsconfigPath: string | undefined;
  /** Every config file the options were read from: the tsconfig.json and each file it extends, transitively. */
  configFiles: string[];
  sdkPath: string;
  /** The same options as tsconfig JSON, for the native compiler. */
  tsconfigJson(files: readonly string[]): Record<string, unknown>;
}

/**
 * The tsconfig.json of each plugin, by absolute entry, the same whichever path named the plugin:
 * a folder plugin's own, else the one of the folder the plugin sits in, else none (the strict
 * defaults). One lookup a folder, so 500 plugin files in one folder cost one stat.
 */
export function tsconfigsFor(sources: readonly PluginSource[]): Map<string, string | undefined> {
  const inFolder = new Map<string, string | undefined>();
  const lookup = (dir: string) => {
    if (!inFolder.has(dir)) {
      const candidate = path.join(dir, 'tsconfig.json');
      inFolder.set(dir, existsSync(candidate) ? candidate : undefined);
    }
    return inFolder.get(dir);
  };
  const out = new Map<string, string | undefined>();
  for (const source of sources) {
    const root = path.resolve(source.root);
    const own = source.kind === 'folder' ? lookup(root) : undefined;
    out.set(path.resolve(source.entry), own ?? lookup(path.dirname(root)));
  }
  return out;
}

/** The tsconfig of the native type-check under the defaults; needs no TypeScript loaded, so tsgo can start first. */
export function defaultTsconfigJson(files: readonly string[]): Record<string, unknown> {
  return { compilerOptions: defaultCompilerOptionsJson(sdkTypesPath()), files: [...files, SANDBOX_GLOBALS_FILE] };
}

export function compilerSetup(tsApi: TypeScript, tsconfigPath: string | undefined): CompilerSetup {
  const sdkPath = sdkTypesPath();
  if (!tsconfigPath) {
    const json = defaultCompilerOptionsJson(sdkPath);
    const converted = tsApi.convertCompilerOptionsFromJson(json, process.cwd());
    return {
      globalsFile: path.join(PACKAGE_ROOT, SANDBOX_GLOBALS_FILE),
      options: converted.options,
      tsconfigPath: undefined,
      configFiles: [],
      sdkPath,
      tsconfigJson: (files) => defaultTsconfigJson(files),
    };
  }
  // TypeScript fills this with each config the tsconfig extends; its entries name the files read.
  const extended = new Map<string, ts.ExtendedConfigCacheEntry>();
  const parsed = tsApi.getParsedCommandLineOfConfigFile(tsconfigPath, {}, {
    ...tsApi.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new SvgxError('CONFIG_INVALID', `cannot read ${tsconfigPath}: ${tsApi.flattenDiagnosticMessageText(d.messageText, '\n')}`, {
        location: tsconfigPath,
        hint: 'fix the tsconfig.json of the plugin folder, or remove it to use the strict defaults',
      });
    },
  }, extended);
  if (!parsed) throw new SvgxError('CONFIG_INVALID', `cannot read ${tsconfigPath}`, { location: tsconfigPath });
  const optionErrors = parsed.errors.filter((d) => d.category === tsApi.DiagnosticCategory.Error && d.code !== 18003 /* no inputs: we give the files */);
  if (optionErrors.length > 0) {
    const first = optionErrors[0];
    throw new SvgxError('CONFIG_INVALID', `${tsconfigPath}: ${first ? tsApi.flattenDiagnosticMessageText(first.messageText, ' ') : 'invalid'}`, {
      location: tsconfigPath,
      hint: 'fix the tsconfig.json of the plugin folder, or remove it to use the strict defaults',
    });
  }
  // Paths of the plugin's config stay, made absolute; 'svgx-plugins' always means this SDK.
  const base = (parsed.options['pathsBasePath'] as string | undefined) ?? path.dirname(tsconfigPath);
  const paths: Record<string, string[]> = {};
  for (const [key, targets] of Object.entries(parsed.options.paths ?? {})) paths[key] = targets.map((t) => path.resolve(base, t));
  paths[SDK_MODULE] = [sdkPath];
  // allowJs always: a JavaScript plugin left out of the program would be skipped without a word.
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, allowJs: true, paths };
  delete options.outDir;
  delete options.declaration;
  return {
    globalsFile: undefined,
    options,
    tsconfigPath,
    configFiles: [tsconfigPath, ...[...extended.values()].map((e) => path.resolve(e.extendedResult.fileName))],
    sdkPath,
    tsconfigJson: (files) => ({ extends: tsconfigPath, compilerOptions: { noEmit: true, allowJs: true, paths }, files: [...files], include: [] }),
  };
}

/** The ts-morph Project of plugins that share compiler options. Only the roots are added; the program follows their imports. */
export function createProject(setup: CompilerSetup, rootFiles: readonly string[]): ProjectType {
  const { Project } = loadTsMorph();
  const project = new Project({
    compilerOptions: setup.options,
    skipAddingFilesFromTsConfig: true,
    // The program resolves sibling modules itself; wrapping them in ts-morph objects would cost time for nothing.
    skipFileDependencyResolution: true,
  });
  for (const file of rootFiles) project.addSourceFileAtPath(file);
  // In memory only: never written next to the package.
  if (setup.globalsFile) project.createSourceFile(setup.globalsFile, SANDBOX_GLOBALS, { overwrite: true });
  return project;
}
