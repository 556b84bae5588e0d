import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SvgxError } from '../errors.js';

/** The templates shipped in the package: `templates/` beside `src/` and `dist/`. */
export const BUILT_IN_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

/** The placeholder for the plugin name in template file and folder names. */
export const NAME_PLACEHOLDER = '__name__';
export const MANIFEST_FILE = 'template.json';

export interface TemplateInfo {
  name: string;
  description: string;
  /** `file` renders `<name>.ts` (and siblings), `folder` renders `<name>/`. */
  kind: 'file' | 'folder';
  source: 'built-in' | 'organisation';
  /** The template folder, absolute. */
  dir: string;
  /** Files of the template, relative to its folder, with `/` separators, sorted. */
  files: string[];
  /** Values for placeholders the user did not give (`description`, `dependency`…). */
  defaults: Record<string, string>;
  /** For listing: the position among the templates; lower first. */
  order: number;
  /** True when an organisation template of this name replaces the built-in one. */
  replacesBuiltIn: boolean;
}

interface Manifest {
  description: string;
  order: number;
  defaults: Record<string, string>;
}

function manifestError(dir: string, message: string, cause?: unknown): SvgxError {
  return new SvgxError('TEMPLATE_INVALID', message, {
    location: path.join(dir, MANIFEST_FILE),
    hint: 'a template.json holds { "description": "...", "order"?: number, "defaults"?: { "description": "..." } }',
    ...(cause === undefined ? {} : { cause }),
  });
}

async function readManifest(dir: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(path.join(dir, MANIFEST_FILE), 'utf8');
  } catch (error) {
    throw manifestError(dir, `template ${path.basename(dir)} has no ${MANIFEST_FILE}`, error);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw manifestError(dir, `${MANIFEST_FILE} is not valid JSON: ${(error as Error).message}`, error);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw manifestError(dir, `${MANIFEST_FILE} must be an object`);
  const record = raw as Record<string, unknown>;
  const description = record['description'];
  if (typeof description !== 'string' || description.trim() === '') throw manifestError(dir, `${MANIFEST_FILE} needs a "description" string`);
  const order = record['order'] ?? 100;
  if (typeof order !== 'number') throw manifestError(dir, `"order" in ${MANIFEST_FILE} must be a number`);
  const defaults = record['defaults'] ?? {};
  if (typeof defaults !== 'object' || defaults === null || Array.isArray(defaults) || Object.values(defaults).some((v) => typeof v !== 'string')) {
    throw manifestError(dir, `"defaults" in ${MANIFEST_FILE} must be an object of strings`);
  }
  return { description: description.trim(), order, defaults: defaults as Record<string, string> };
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, relative)));
    else if (entry.isFile() && relative !== MANIFEST_FILE) out.push(relative);
  }
  return out.sort();
}

const ENTRY_FILE = new RegExp(`^${NAME_PLACEHOLDER}\\.(ts|mts|js|mjs)$`);

/** A file template renders `__name__.ts`; a folder template renders everything under `__name__/`. */
function kindOf(dir: string, files: readonly string[]): 'file' | 'folder' {
  if (files.some((f) => ENTRY_FILE.test(f))) {
    // Every other code file beside the entry would be discovered as a plugin of its own.
    const extra = files.find((f) => !f.includes('/') && /\.[mc]?[jt]s$/.test(f) && !ENTRY_FILE.test(f) && !/\.(test|spec)\.[mc]?[jt]s$|\.d\.[mc]?ts$/.test(f));
    if (extra) {
      throw new SvgxError('TEMPLATE_INVALID', `template ${path.basename(dir)} has ${extra} beside ${NAME_PLACEHOLDER}.ts, which would load as a second plugin`, {
        location: path.join(dir, extra),
        hint: `make it a test (${NAME_PLACEHOLDER}.test.ts), or make the template a folder plugin (${NAME_PLACEHOLDER}/index.ts and its modules)`,
      });
    }
    return 'file';
  }
  if (files.length > 0 && files.every((f) => f.startsWith(`${NAME_PLACEHOLDER}/`))) {
    if (files.some((f) => /^__name__\/index\.(ts|mts|js|mjs)$/.test(f))) return 'folder';
  }
  throw new SvgxError('TEMPLATE_INVALID', `template ${path.basename(dir)} renders no plugin`, {
    location: dir,
    hint: `give it a ${NAME_PLACEHOLDER}.ts file (a file plugin) or a ${NAME_PLACEHOLDER}/index.ts (a folder plugin)`,
  });
}

async function readTemplatesIn(root: string, source: TemplateInfo['source'], setBy = 'templatesDir'): Promise<TemplateInfo[]> {
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch (error) {
    if (source === 'built-in') throw new SvgxError('INTERNAL', `the built-in templates are missing from ${root}`, { cause: error });
    const code = (error as NodeJS.ErrnoException).code;
    throw new SvgxError('TEMPLATE_NOT_FOUND', `templates folder ${root} ${code === 'ENOTDIR' ? 'is a file' : 'does not exist'}`, {
      location: setBy,
      hint: 'set templatesDir in .arxosrc (relative to it) or --templates-dir to a folder with one folder per template',
      cause: error,
    });
  }
  const templates: TemplateInfo[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const dir = path.join(root, entry.name);
    const manifest = await readManifest(dir);
    const files = await listFiles(dir);
    templates.push({
      name: entry.name,
      description: manifest.description,
      kind: kindOf(dir, files),
      source,
      dir,
      files,
      defaults: manifest.defaults,
      order: manifest.order,
      replacesBuiltIn: false,
    });
  }
  return templates;
}

export interface ListTemplatesOptions {
  /** An organisation's templates folder; its templates come after, or replace, the built-in ones. */
  templatesDir?: string | undefined;
  /** Who set templatesDir, for messages: `--templates-dir` or `<config file>: templatesDir`. */
  templatesDirSetBy?: string | undefined;
  /** For tests: another folder of built-in templates. */
  builtInDir?: string;
}

/** The templates `new` can render, built-in first (by order), then the organisation's. */
export async function listTemplates(options: ListTemplatesOptions = {}): Promise<TemplateInfo[]> {
  const builtIn = await readTemplatesIn(options.builtInDir ?? BUILT_IN_TEMPLATES_DIR, 'built-in');
  const organisation = options.templatesDir ? await readTemplatesIn(path.resolve(options.templatesDir), 'organisation', options.templatesDirSetBy) : [];
  const byName = new Map(builtIn.map((t) => [t.name, t]));
  for (const template of organisation) {
    // The organisation's template of the same name wins: that is how a team changes a default.
    byName.set(template.name, { ...template, replacesBuiltIn: byName.has(template.name) });
  }
  const rank = (t: TemplateInfo) => (t.source === 'built-in' ? 0 : 1);
  return [...byName.values()].sort((a, b) => rank(a) - rank(b) || a.order - b.order || a.name.localeCompare(b.name));
}

/** The template of a name, or TEMPLATE_NOT_FOUND listing the ones there are. */
export function findTemplate(templates: readonly TemplateInfo[], name: string, flag = '--template'): TemplateInfo {
  const found = templates.find((t) => t.name === name);
  if (found) return found;
  throw new SvgxError('TEMPLATE_NOT_FOUND', `there is no template "${name}"`, {
    location: flag,
    hint: `choose one of: ${templates.map((t) => t.name).join(', ')} (svgx-plugins new --list-templates describes them)`,
  });
}
