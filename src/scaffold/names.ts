import { builtinModules } from 'node:module';
import path from 'node:path';
import { PLUGIN_NAME_PATTERN } from '../plugins/metadata.js';

/** The plugin system's own rule (kebab-case, starting with a letter): a new name must load. */
export const NEW_PLUGIN_NAME_PATTERN = PLUGIN_NAME_PATTERN;

/** Long enough for any real name, short enough that `<name>.<behavior>` ids stay readable. */
export const MAX_NAME_LENGTH = 64;

// JavaScript reserved words: a plugin name ends up in ids, file names and often an import
// binding an author writes by hand (`import door from './door.js'`), so these would bite.
const JS_RESERVED = [
  'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do',
  'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'implements', 'import',
  'in', 'instanceof', 'interface', 'let', 'new', 'null', 'package', 'private', 'protected', 'public',
  'return', 'static', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'undefined', 'var',
  'void', 'while', 'with', 'yield',
];

// Names the plugin folder or the tooling already gives a meaning to.
const TOOL_RESERVED = ['svgx-plugins', 'svgx', 'node-modules', 'index', 'test', 'tests', 'plugin', 'plugins', 'template', 'templates'];

// Device names Windows refuses as file names, whatever the extension: a plugin must be
// creatable on every machine its folder is checked out on.
const WINDOWS_DEVICES = ['con', 'prn', 'aux', 'nul', ...Array.from({ length: 9 }, (_, i) => `com${i + 1}`), ...Array.from({ length: 9 }, (_, i) => `lpt${i + 1}`)];

/** Node's built-in module names (`fs`, `path`, `child-process`…): a plugin named so reads like a host capability. */
const NODE_BUILTINS = builtinModules.filter((m) => !m.startsWith('_') && !m.includes('/')).map((m) => m.replace(/^node:/, '').replace(/_/g, '-'));

export const RESERVED_NAMES: ReadonlySet<string> = new Set([...JS_RESERVED, ...TOOL_RESERVED, ...WINDOWS_DEVICES, ...NODE_BUILTINS]);

/** Why a name cannot be a new plugin's, or undefined when it can. Pure: does not look at the disk. */
export function checkPluginName(name: string): string | undefined {
  if (name.trim() === '') return 'the name is empty';
  if (name.includes('/') || name.includes('\\')) {
    return path.isAbsolute(name) || /^[A-Za-z]:[\\/]/.test(name)
      ? `"${name}" is a path; give a plain name and choose the folder with --dir`
      : `"${name}" contains a path separator; give a plain name and choose the folder with --dir`;
  }
  if (name === '.' || name === '..' || name.includes('..')) return `"${name}" contains ".."; give a plain name and choose the folder with --dir`;
  if (name.length > MAX_NAME_LENGTH) return `"${name}" is ${name.length} characters long; the limit is ${MAX_NAME_LENGTH}`;
  if (!NEW_PLUGIN_NAME_PATTERN.test(name)) {
    const suggestion = toKebabCase(name);
    return `"${name}" is not kebab-case (lower-case letters, digits and single dashes, starting with a letter)${suggestion && suggestion !== name && NEW_PLUGIN_NAME_PATTERN.test(suggestion) ? `; try "${suggestion}"` : ''}`;
  }
  if (RESERVED_NAMES.has(name)) return `"${name}" is a reserved word; pick a name that says what the plugin does, such as "${name}-behavior"`;
  return undefined;
}

/** `HoverGlow`, `hover_glow` and `hover glow` all become `hover-glow`. */
export function toKebabCase(text: string): string {
  return text
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}
