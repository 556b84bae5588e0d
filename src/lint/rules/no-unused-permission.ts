import type { Rule } from '../types.js';
import { declaredPermissions } from './no-undeclared-permission.js';

export const noUnusedPermission: Rule = {
  meta: {
    id: 'no-unused-permission',
    category: 'permissions',
    defaultSeverity: 'warn',
    description: 'A permission declared in metadata.permissions is used by the code',
    docs: `Declaring a capability the plugin does not use grants authority nobody needs and misleads the
operator who reads the metadata. Reported at the permission in metadata.permissions when no
file of the plugin uses it (see no-undeclared-permission for what counts as a use).

Fix: remove it from the list.`,
    messages: { unused: "permission '{capability}' is declared but no code of the plugin uses it; remove it" },
  },
  checkPlugin(plugin, context) {
    if (plugin.structure.form === 'unknown') return;
    const declared = declaredPermissions(plugin);
    if (!declared) return;
    declared.forEach((capability, index) => {
      if (plugin.capabilities.has(capability)) return;
      const node = plugin.structure.metadataProperties.get(`permissions.${index}`) ?? plugin.structure.metadataProperties.get('permissions');
      context.report(plugin.entry, node, 'unused', { capability });
    });
  },
};
