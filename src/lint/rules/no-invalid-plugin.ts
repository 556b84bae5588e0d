import type { Rule } from '../types.js';

export const noInvalidPlugin: Rule = {
  meta: {
    id: 'no-invalid-plugin',
    category: 'structure',
    defaultSeverity: 'error',
    description: 'The entry file exports a plugin: definePlugin({ metadata, register }) or PLUGIN_METADATA + register',
    docs: `The plugin system loads a plugin from its entry file (<name>.ts, or index.ts / package.json
"main" of a folder plugin) in one of two forms:

  export default definePlugin({ metadata: { ... }, register(registry, ctx) { ... } });

or the seed's form:

  export const PLUGIN_METADATA = { name, version, author, description };
  export function register(registry) { ...; return ['behavior-id']; }

Reported: an entry with neither form, a definition without register, and a register that is
not a function. Without these the plugin is never loaded (status "error" or "invalid").`,
    messages: {
      noDefinition: "no plugin definition: export default definePlugin({ metadata, register }) or export const PLUGIN_METADATA with export function register",
      noRegister: 'the plugin has no register function: add register(registry) { registry.registerBehavior({ ... }) }',
      registerNotFunction: 'register must be a function',
      noMetadata: 'the plugin definition has no metadata: add metadata: { name, version, author, description }',
    },
  },
  checkPlugin(plugin, context) {
    const s = plugin.structure;
    if (s.form === 'unknown') {
      context.report(plugin.entry, s.anchor, 'noDefinition');
      return;
    }
    if (!s.metadataNode) context.report(plugin.entry, s.anchor, 'noMetadata');
    if (!s.registerNode) context.report(plugin.entry, s.anchor, 'noRegister');
    else if (s.registerNotFunction) context.report(plugin.entry, s.registerNode, 'registerNotFunction');
  },
};
