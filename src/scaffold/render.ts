import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SvgxError } from '../errors.js';
import { NAME_PLACEHOLDER, type TemplateInfo } from './templates.js';

/** A file a template renders: its path relative to the plugin folder (with `/`), and its text. */
export interface RenderedFile {
  relative: string;
  content: string;
}

export interface RenderResult {
  files: RenderedFile[];
  /** The placeholders the template uses, so the caller can tell which flags matter to it. */
  used: Set<string>;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/**
 * Escapes a value for the place a template puts it. Templates put free text (author,
 * description) inside single-quoted string literals in code and double-quoted strings in
 * JSON; other files get the text as it is.
 */
function escapeFor(file: string, value: string): string {
  if (/\.[mc]?[jt]sx?$/.test(file)) return value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
  if (file.endsWith('.json')) return JSON.stringify(value).slice(1, -1);
  return value;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/**
 * Renders a template: `__name__` in paths becomes the plugin name, `{{key}}` in contents
 * becomes the value of `key`. A placeholder without a value is an error naming the file and line.
 */
export async function renderTemplate(template: TemplateInfo, values: Readonly<Record<string, string>>): Promise<RenderResult> {
  const name = values['name'];
  if (!name) throw new SvgxError('INTERNAL', 'renderTemplate needs a name');
  const used = new Set<string>();
  const files: RenderedFile[] = [];
  for (const file of template.files) {
    const source = await readFile(path.join(template.dir, ...file.split('/')), 'utf8');
    const content = source.replace(PLACEHOLDER, (match: string, key: string, index: number) => {
      const value = values[key];
      if (value === undefined) {
        throw new SvgxError('TEMPLATE_INVALID', `template ${template.name} uses {{${key}}}, which has no value`, {
          location: `${path.join(template.dir, file)}:${lineOf(source, index)}`,
          hint: `placeholders are ${Object.keys(values).sort().map((k) => `{{${k}}}`).join(', ')}; give others a value in "defaults" of template.json`,
        });
      }
      used.add(key);
      return escapeFor(file, value);
    });
    files.push({ relative: file.split(NAME_PLACEHOLDER).join(name), content });
  }
  return { files, used };
}
