import semver from 'semver';
import { z } from 'zod';
import { SvgxError } from '../errors.js';
import { PERMISSIONS, type PluginMetadata } from './contract.js';

export const PLUGIN_NAME_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;


const nonEmpty = (field: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be a string`) })
    .trim()
    .min(1, `${field} must not be empty`);

const metadataSchema = z.looseObject({
  name: nonEmpty('name').regex(PLUGIN_NAME_PATTERN, 'name must be kebab-case (lower-case letters, digits and single dashes, starting with a letter)'),
  version: nonEmpty('version').refine((v) => semver.valid(v) !== null, {
    message: 'version must be a semver version such as 1.2.0',
  }),
  author: nonEmpty('author'),
  description: nonEmpty('description'),
  dependencies: z
    .record(
      z.string().regex(PLUGIN_NAME_PATTERN, 'dependency names must be kebab-case plugin names'),
      z.string({ error: 'a dependency range must be a string' }).refine((r) => semver.validRange(r) !== null, {
        message: 'dependency range must be a valid semver range such as ^1.0.0',
      }),
      {
        error: (issue) =>
          issue.code === 'invalid_key'
            ? 'dependency names must be kebab-case plugin names'
            : 'dependencies must be an object of plugin name -> semver range',
      },
    )
    .optional(),
  permissions: z
    .array(z.enum(PERMISSIONS, { error: `permissions must be among: ${PERMISSIONS.join(', ')}` }))
    .optional(),
  tags: z.array(z.string()).optional(),
  homepage: z.string().optional(),
  license: z.string().optional(),
});

export interface MetadataProblem {
  /** Dotted path of the field, such as `metadata.dependencies.base-shapes`. */
  field: string;
  message: string;
}

/** Checks raw metadata and lists every problem, each naming its field. */
export function checkMetadata(raw: unknown): { metadata: PluginMetadata; problems: [] } | { metadata: undefined; problems: MetadataProblem[] } {
  if (raw === undefined) {
    return {
      metadata: undefined,
      problems: [
        {
          field: 'metadata',
          message: 'no metadata: export default definePlugin({ metadata, register }) or export const PLUGIN_METADATA',
        },
      ],
    };
  }
  const parsed = metadataSchema.safeParse(raw);
  if (parsed.success) return { metadata: parsed.data as PluginMetadata, problems: [] };
  return {
    metadata: undefined,
    problems: parsed.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      const field = path ? `metadata.${path}` : 'metadata';
      return { field, message: issue.message };
    }),
  };
}

/** The SvgxError for metadata problems, naming every field at fault. */
export function metadataError(pluginName: string, problems: readonly MetadataProblem[], location?: string): SvgxError {
  const list = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
  return new SvgxError('PLUGIN_INVALID', `plugin "${pluginName}" has invalid metadata: ${list}`, {
    ...(location ? { location } : {}),
    hint: 'metadata needs name (kebab-case), version (semver), author and description',
  });
}
