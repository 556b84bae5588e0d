import { UNKNOWN, type Rule, type StaticValue } from '../types.js';

/** Placeholders for values that are not literals: they are checked at run time, not guessed here. */
function knownPart(value: StaticValue, pluginName: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  const fallback: Record<string, unknown> = { name: pluginName, version: '0.0.0', author: '?', description: '?', dependencies: {}, permissions: [], tags: [], homepage: '', license: '' };
  for (const [key, v] of Object.entries(value)) {
    if (v === UNKNOWN) out[key] = fallback[key];
    else if (key === 'dependencies' && typeof v === 'object' && v !== null && !Array.isArray(v)) {
      out[key] = Object.fromEntries(Object.entries(v).map(([dep, range]) => [dep, range === UNKNOWN ? '*' : range]));
    } else if (Array.isArray(v) && v.includes(UNKNOWN)) out[key] = fallback[key];
    else out[key] = v;
  }
  return out;
}

export const noInvalidMetadata: Rule = {
  meta: {
    id: 'no-invalid-metadata',
    category: 'structure',
    defaultSeverity: 'error',
    description: 'Metadata is complete and well-formed: kebab-case name matching the file, semver version, valid ranges',
    docs: `The same checks the plugin system makes on load, made on the source so they show before
anyone runs it: name (kebab-case, and the same as the file or folder name), version (semver),
author and description (non-empty), dependencies (kebab-case plugin names to valid semver
ranges) and permissions (among timers, storage, log). Values that are not literals (computed,
imported from a call) are left to the run-time check.`,
    messages: {
      field: '{field}: {message}',
      nameMismatch: 'metadata.name "{name}" is not the plugin\'s file or folder name "{expected}"; rename one of them',
    },
  },
  checkPlugin(plugin, context) {
    const s = plugin.structure;
    if (s.form === 'unknown' || !s.metadataNode || s.metadata === UNKNOWN) return;
    const checked = context.checkMetadata(knownPart(s.metadata, plugin.name));
    for (const problem of checked.problems) {
      const key = problem.field.replace(/^metadata\.?/, '');
      const node = s.metadataProperties.get(key) ?? s.metadataProperties.get(key.split('.')[0] ?? '') ?? s.metadataNode;
      context.report(plugin.entry, node, 'field', { field: problem.field, message: problem.message });
    }
    const meta = s.metadata;
    if (typeof meta === 'object' && meta !== null && !Array.isArray(meta)) {
      const name = (meta as Record<string, StaticValue>)['name'];
      if (typeof name === 'string' && name !== plugin.name && checked.problems.every((p) => p.field !== 'metadata.name')) {
        context.report(plugin.entry, s.metadataProperties.get('name') ?? s.metadataNode, 'nameMismatch', { name, expected: plugin.name });
      }
    }
  },
};
