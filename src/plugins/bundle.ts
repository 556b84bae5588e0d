import { access, lstat, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { SvgxError } from '../errors.js';
import { isInsideFolder, mayBundleFile, pluginFolder, type PluginSource } from './discovery.js';
import { stackMapper, type StackMapper } from './stack-map.js';

export const SDK_MODULE = 'svgx-plugins';

/** One bundled plugin: a CommonJS body and the bare modules it imports. */
export interface PluginBundle {
  code: string;
  /** Bare specifiers left as imports (the SDK, Node built-ins, packages). */
  externals: string[];
  /** Every file of the plugin that went into the bundle (what a watcher should watch). */
  inputs: string[];
  /** The bundle's source map (JSON), its sources relative to `mapDir`: stacks go back to the author's lines. */
  sourceMap: string;
  mapDir: string;
}

/** A mapper for the stacks of a bundle run under `generatedName` (the file name its frames carry). */
export function bundleStackMapper(bundle: PluginBundle, generatedName: string): StackMapper {
  return stackMapper(bundle.sourceMap, generatedName, bundle.mapDir);
}

type EsbuildModule = typeof import('esbuild');
let esbuildModule: Promise<EsbuildModule> | undefined;

/** esbuild is loaded on first use only: commands that never load a plugin do not pay for it. */
function loadEsbuild(): Promise<EsbuildModule> {
  esbuildModule ??= import('esbuild');
  return esbuildModule;
}

export interface BundleOptions {
  /**
   * Take no file from outside the plugin's folder (see pluginFolder), symlinks followed: the
   * bundler runs on the host, so for a sandboxed plugin an import of `../../secret.json` or
   * `/etc/passwd` (with { type: 'text' }) would otherwise read the host's files into the sandbox.
   */
  confine?: boolean;
}

/** The options of a plugin's tsconfig.json that change how its code is bundled. */
const BUNDLE_TSCONFIG_OPTIONS = [
  'verbatimModuleSyntax',
  'preserveValueImports',
  'experimentalDecorators',
  'useDefineForClassFields',
  'jsx',
  'jsxFactory',
  'jsxFragmentFactory',
  'jsxImportSource',
] as const;
const MAX_TSCONFIG_BYTES = 64 * 1024;

/**
 * The tsconfig a sandboxed plugin is bundled with, read here and handed to esbuild whole
 * (tsconfigRaw), so esbuild reads no tsconfig file itself: left to it, a plugin's
 * `"extends": "/dev/zero"` or `"../../secret.txt"` made the host read any file. Only the
 * plugin folder's own tsconfig.json, a regular file of at most 64 KiB, without following
 * `extends`, and only the options above; anything else (or none) gives esbuild's defaults.
 */
async function confinedTsconfig(folder: string): Promise<{ compilerOptions: Record<string, unknown> }> {
  const file = path.join(folder, 'tsconfig.json');
  const compilerOptions: Record<string, unknown> = {};
  try {
    const info = await lstat(file);
    if (!info.isFile() || info.size > MAX_TSCONFIG_BYTES) return { compilerOptions };
    const { parse } = await import('jsonc-parser');
    const json: unknown = parse(await readFile(file, 'utf8'), [], { allowTrailingComma: true });
    const options = (json as { compilerOptions?: unknown } | undefined)?.compilerOptions;
    if (options && typeof options === 'object') {
      for (const key of BUNDLE_TSCONFIG_OPTIONS) {
        const value = (options as Record<string, unknown>)[key];
        if (typeof value === 'boolean' || typeof value === 'string') compilerOptions[key] = value;
      }
    }
  } catch {
    // No tsconfig.json (or an unreadable one): esbuild's defaults.
  }
  return { compilerOptions };
}

/**
 * Transpiles and bundles a plugin (TypeScript included, no build step for authors) into one
 * CommonJS body in memory. Relative imports are bundled; bare imports stay external so the
 * loader decides what they resolve to.
 */
export async function bundlePlugin(source: PluginSource, options: BundleOptions = {}): Promise<PluginBundle> {
  try {
    await access(source.entry);
  } catch (error) {
    throw new SvgxError('PLUGIN_LOAD_FAILED', `plugin "${source.name}": its file was removed after it was discovered`, {
      location: source.entry,
      hint: 'restore the file, or run discovery again',
      cause: error,
    });
  }
  const esbuild = await loadEsbuild();
  const externals = new Set<string>();
  const folder = options.confine ? await realpath(pluginFolder(source)) : undefined;
  const tsconfigRaw = folder === undefined ? undefined : await confinedTsconfig(folder);
  try {
    const result = await esbuild.build({
      entryPoints: [source.entry],
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      logLevel: 'silent',
      metafile: true,
      // Kept in memory (write: false); the out file only names the map's neighbour.
      sourcemap: 'external',
      sourcesContent: false,
      outfile: path.join(path.dirname(source.entry), `${source.name}.bundle.js`),
      absWorkingDir: path.dirname(source.entry),
      ...(tsconfigRaw ? { tsconfigRaw } : {}),
      plugins: [
        {
          name: 'svgx-externals',
          setup(build) {
            build.onResolve({ filter: /^[^./]/ }, (args) => {
              if (path.isAbsolute(args.path)) return undefined;
              externals.add(args.path);
              return { path: args.path, external: true };
            });
            if (folder === undefined) return;
            // Every file esbuild is about to read, whatever import, require() or attribute named it.
            build.onLoad({ filter: /.*/ }, async (args) => {
              let real: string;
              try {
                real = await realpath(args.path);
              } catch {
                return undefined; // esbuild reports the missing file itself
              }
              if (mayBundleFile(folder, real)) return undefined;
              const why = isInsideFolder(folder, real) ? 'is hidden or under node_modules in' : 'is outside';
              return {
                errors: [
                  {
                    text: `"${args.path}" ${why} the plugin's folder ${folder}: a sandboxed plugin can only import its own files and 'svgx-plugins'`,
                  },
                ],
              };
            });
          },
        },
      ],
    });
    const output = result.outputFiles.find((f) => f.path.endsWith('.js'));
    const map = result.outputFiles.find((f) => f.path.endsWith('.js.map'));
    if (!output || !map) throw new Error('esbuild produced no output');
    const inputs = Object.keys(result.metafile.inputs).map((p) => path.resolve(path.dirname(source.entry), p));
    // The trailing sourceMappingURL comment names a file that does not exist: drop it.
    const code = output.text.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
    return { code, externals: [...externals], inputs, sourceMap: map.text, mapDir: path.dirname(source.entry) };
  } catch (error) {
    throw bundleError(source, error);
  }
}

interface EsbuildMessage {
  text: string;
  location?: { file: string; line: number; column: number } | null;
}

function bundleError(source: PluginSource, error: unknown): SvgxError {
  const errors = (error as { errors?: EsbuildMessage[] }).errors;
  const first = errors?.[0];
  if (first) {
    const loc = first.location;
    const where = loc ? `${path.resolve(path.dirname(source.entry), loc.file)}:${loc.line}:${loc.column + 1}` : source.entry;
    const hint = /top-level await/i.test(first.text)
      ? 'move the awaited work into register(), which may be async'
      : /Could not resolve/i.test(first.text)
        ? 'check the path of the import: relative imports must name a file of the plugin'
        : /the plugin's folder .*: a sandboxed plugin can only import/.test(first.text)
          ? "move the file into the plugin's folder (or make the plugin a folder plugin that holds it), or mark the plugin trusted in .arxosrc"
          : 'fix the syntax error and save again';
    return new SvgxError('PLUGIN_LOAD_FAILED', `plugin "${source.name}" does not compile: ${first.text}`, {
      location: where,
      cause: error,
      hint,
    });
  }
  return new SvgxError('PLUGIN_LOAD_FAILED', `plugin "${source.name}" could not be built: ${(error as Error).message}`, {
    location: source.entry,
    cause: error,
  });
}
