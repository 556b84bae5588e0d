import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import semver from 'semver';
import { SvgxError } from '../errors.js';
import { discoverPluginSources, type PluginSource } from '../plugins/discovery.js';
import { checkPluginName, NEW_PLUGIN_NAME_PATTERN } from './names.js';
import { renderTemplate } from './render.js';
import { findTemplate, listTemplates, type TemplateInfo } from './templates.js';
import { writeFilesAtomically } from './write.js';

export const DEFAULT_VERSION = '0.1.0';
const MAX_TEXT_LENGTH = 200;

export interface NewPluginOptions {
  name: string;
  template: string;
  /** The plugin folder, absolute or relative to the current folder. */
  pluginDir: string;
  templatesDir?: string | undefined;
  /** Who set templatesDir, for messages: `--templates-dir` or `<config file>: templatesDir`. */
  templatesDirSetBy?: string | undefined;
  author?: string | undefined;
  description?: string | undefined;
  /** `name` or `name@range`: the plugin a template with a dependency builds on. */
  dependsOn?: string | undefined;
  force?: boolean | undefined;
  /** For tests: another folder of built-in templates. */
  builtInDir?: string | undefined;
}

export interface PlannedFile {
  /** Absolute path. */
  path: string;
  /** Relative to the plugin folder, with `/`. */
  relative: string;
  content: string;
  /** True when the file exists and --force will replace it. */
  overwrite: boolean;
}

export interface DependencyPlan {
  name: string;
  range: string;
  /** Whether the plugin folder has a plugin of that name now. */
  present: boolean;
  /** Its version, when present and readable. */
  version: string | undefined;
}

/** Everything `new` will do, decided before anything is written (what --dry-run prints). */
export interface NewPluginPlan {
  name: string;
  template: TemplateInfo;
  pluginDir: string;
  /** True when the plugin folder does not exist yet and will be created. */
  createsPluginDir: boolean;
  /** The file the plugin system loads: `<dir>/<name>.ts` or `<dir>/<name>/index.ts`. */
  entry: string;
  /** For a folder template, the plugin's folder. */
  folder: string | undefined;
  files: PlannedFile[];
  dependency: DependencyPlan | undefined;
  author: string;
  description: string;
}

function usage(message: string, location: string, hint: string): SvgxError {
  return new SvgxError('USAGE', message, { location, hint });
}

/** Free text goes into the generated code: one line, printable, not too long. */
function checkText(value: string, flag: string): string {
  const text = value.trim();
  if (text === '') throw usage(`${flag} is empty`, flag, `give ${flag} a few words, or leave it out for the default`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\u2028\u2029]/.test(text)) throw usage(`${flag} contains a line break or a control character`, flag, `give ${flag} one line of text`);
  if (text.length > MAX_TEXT_LENGTH) throw usage(`${flag} is ${text.length} characters long; the limit is ${MAX_TEXT_LENGTH}`, flag, 'keep it to one sentence');
  return text;
}

function run(command: string, args: readonly string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(command, [...args], { timeout: 2000, windowsHide: true }, (error, stdout) => resolve(error ? undefined : stdout.trim() || undefined));
  });
}

/** The author for metadata when --author is not given: git's user.name, else the login name. */
export async function defaultAuthor(): Promise<string> {
  const fromGit = await run('git', ['config', 'user.name']);
  if (fromGit) return fromGit;
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

async function existsAt(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** A plugin's version read from its source without running it: the first `version: '…'`. */
async function readVersion(source: PluginSource): Promise<string | undefined> {
  try {
    const text = await readFile(source.entry, 'utf8');
    const match = /\bversion\s*:\s*['"`]([^'"`]+)['"`]/.exec(text);
    return match?.[1] && semver.valid(match[1]) ? match[1] : undefined;
  } catch {
    return undefined;
  }
}

function parseDependsOn(value: string): { name: string; range: string | undefined } {
  const at = value.indexOf('@', 1);
  const name = at === -1 ? value : value.slice(0, at);
  const range = at === -1 ? undefined : value.slice(at + 1).trim();
  if (!NEW_PLUGIN_NAME_PATTERN.test(name)) {
    throw usage(`--depends-on "${value}": "${name}" is not a plugin name`, '--depends-on', 'give a kebab-case plugin name, optionally with a range: base-shapes@^1.0.0');
  }
  if (range !== undefined && semver.validRange(range) === null) {
    throw usage(`--depends-on "${value}": "${range}" is not a semver range`, '--depends-on', 'use a range such as ^1.0.0 or >=1.2.0 <2.0.0');
  }
  return { name, range };
}

async function existingPlugins(pluginDir: string): Promise<PluginSource[]> {
  if (!(await isDirectory(pluginDir))) return [];
  return (await discoverPluginSources(pluginDir)).sources;
}

function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/**
 * Decides what `new` writes, and refuses (SvgxError, exit code 2) a bad name, an unknown
 * template, a plugin that already exists, or a file --force was not given to replace.
 * Reads the disk; writes nothing.
 */
export async function planNewPlugin(options: NewPluginOptions): Promise<NewPluginPlan> {
  const nameProblem = checkPluginName(options.name);
  if (nameProblem) {
    throw new SvgxError('NAME_INVALID', `cannot use "${options.name}" as a plugin name: ${nameProblem}`, {
      location: 'name',
      hint: 'plugin names are kebab-case, like hover-glow or door-state',
    });
  }
  const name = options.name;
  const templates = await listTemplates({ templatesDir: options.templatesDir, templatesDirSetBy: options.templatesDirSetBy, ...(options.builtInDir ? { builtInDir: options.builtInDir } : {}) });
  const template = findTemplate(templates, options.template);
  const pluginDir = path.resolve(options.pluginDir);
  if ((await existsAt(pluginDir)) && !(await isDirectory(pluginDir))) {
    throw usage(`plugin folder ${shown(pluginDir)} is a file`, '--dir', 'pass --dir with a folder, or set pluginDir in .arxosrc');
  }
  const plugins = await existingPlugins(pluginDir);

  const author = checkText(options.author ?? (await defaultAuthor()), '--author');
  const description = checkText(options.description ?? template.defaults['description'] ?? `The ${name} plugin`, '--description');

  let dependency: DependencyPlan | undefined;
  const values: Record<string, string> = { ...template.defaults, name, version: DEFAULT_VERSION, author, description };
  const wantsDependency = options.dependsOn !== undefined || template.defaults['dependency'] !== undefined;
  if (wantsDependency) {
    const asked = options.dependsOn === undefined ? undefined : parseDependsOn(options.dependsOn.trim());
    const depName = asked?.name ?? template.defaults['dependency'] ?? '';
    if (depName === name) throw usage(`plugin "${name}" cannot depend on itself`, '--depends-on', 'name the plugin it builds on');
    const source = plugins.find((p) => p.name === depName);
    const version = source ? await readVersion(source) : undefined;
    // Without an explicit range, match what is in the folder now, so the plugin loads at once.
    const range = asked?.range ?? (version ? `^${version}` : (template.defaults['dependencyRange'] ?? '*'));
    dependency = { name: depName, range, present: source !== undefined, version };
    values['dependency'] = depName;
    values['dependencyRange'] = range;
  }

  const rendered = await renderTemplate(template, values);
  if (options.dependsOn !== undefined && !rendered.used.has('dependency')) {
    const withDependency = templates.filter((t) => t.defaults['dependency'] !== undefined).map((t) => t.name);
    throw usage(`template ${template.name} declares no dependency, so --depends-on has nowhere to go`, '--depends-on', withDependency.length > 0 ? `templates with a dependency: ${withDependency.join(', ')}` : 'leave --depends-on out');
  }
  if (dependency && !rendered.used.has('dependency')) dependency = undefined;

  const folder = template.kind === 'folder' ? path.join(pluginDir, name) : undefined;
  const files: PlannedFile[] = [];
  for (const file of rendered.files) {
    const target = path.join(pluginDir, ...file.relative.split('/'));
    files.push({ path: target, relative: file.relative, content: file.content, overwrite: await existsAt(target) });
  }
  const entryFile = files.find((f) => ['.ts', '.mts', '.js', '.mjs'].some((ext) => f.relative === (folder ? `${name}/index${ext}` : `${name}${ext}`)));
  const entry = entryFile?.path ?? files[0]?.path ?? pluginDir;

  // The entry first: it is the file that matters, and listings read best that way.
  files.sort((a, b) => Number(b.path === entry) - Number(a.path === entry) || a.relative.localeCompare(b.relative));

  const existing = plugins.find((p) => p.name === name);
  if (existing) {
    const replaced = files.some((f) => f.path === existing.entry);
    if (!options.force) {
      throw new SvgxError('FILE_EXISTS', `a plugin named "${name}" already exists: ${shown(existing.root)}${existing.kind === 'folder' ? '/' : ''}`, {
        location: 'name',
        hint: replaced ? 'pick another name, or pass --force to overwrite the files this template writes' : 'pick another name',
      });
    }
    if (!replaced) {
      throw new SvgxError('FILE_EXISTS', `a plugin named "${name}" already exists as ${shown(existing.root)}${existing.kind === 'folder' ? '/' : ''}, which template ${template.name} does not write`, {
        location: 'name',
        hint: '--force only overwrites the files the template writes; the other one would stay and make two plugins of one name. Remove it or pick another name',
      });
    }
  }
  const clashes = files.filter((f) => f.overwrite);
  if (clashes.length > 0 && !options.force) {
    throw new SvgxError('FILE_EXISTS', `${clashes.map((f) => shown(f.path)).join(', ')} already exist${clashes.length === 1 ? 's' : ''}`, {
      location: 'name',
      hint: 'nothing was written; pick another name, or pass --force to overwrite',
    });
  }
  return {
    name,
    template,
    pluginDir,
    createsPluginDir: !(await existsAt(pluginDir)),
    entry,
    folder,
    files,
    dependency,
    author,
    description,
  };
}

/** Writes a plan's files atomically (see writeFilesAtomically). */
export async function writeNewPlugin(plan: NewPluginPlan): Promise<void> {
  await writeFilesAtomically(
    plan.files.map((f) => ({ path: f.path, content: f.content })),
    { entry: plan.entry, ...(plan.folder ? { folder: plan.folder } : {}) },
  );
}
