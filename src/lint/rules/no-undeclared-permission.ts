import { UNKNOWN, type PluginFacts, type StaticValue, type Rule } from '../types.js';

/** What the static side knows of the sandbox's capabilities, by permission. */
export const CAPABILITY_DOCS: Record<string, string> = {
  timers: 'setTimeout, setInterval, setImmediate and their clear* functions',
  storage: 'ctx.storage (per-plugin state), localStorage, sessionStorage, indexedDB',
  log: 'ctx.log, console',
};

/** The permissions a plugin declares, or undefined when they are not literals. */
export function declaredPermissions(plugin: PluginFacts): string[] | undefined {
  const meta = plugin.structure.metadata;
  if (meta === UNKNOWN || typeof meta !== 'object' || meta === null || Array.isArray(meta)) return undefined;
  const permissions = (meta as Record<string, StaticValue>)['permissions'];
  if (permissions === undefined) return [];
  if (!Array.isArray(permissions) || permissions.some((p) => typeof p !== 'string')) return undefined;
  return permissions as string[];
}

export const noUndeclaredPermission: Rule = {
  meta: {
    id: 'no-undeclared-permission',
    category: 'permissions',
    defaultSeverity: 'error',
    description: 'A capability the code uses (timers, storage, log) is declared in metadata.permissions',
    docs: `Inside the sandbox a capability that is not declared is absent, not merely refused: the
call fails at run time. The rule finds each capability the plugin's files use, also through a
helper function or a sibling module:
- timers: ${CAPABILITY_DOCS['timers']};
- storage: ${CAPABILITY_DOCS['storage']};
- log: ${CAPABILITY_DOCS['log']};
and reports the first use of each one that metadata.permissions does not list.

Fix: add it, e.g. metadata: { ..., permissions: ['timers'] }, so the operator reads from the
metadata what the plugin can do.`,
    messages: { undeclared: "uses {capability} ({what}) but metadata.permissions does not declare '{capability}'" },
  },
  checkPlugin(plugin, context) {
    if (plugin.structure.form === 'unknown') return;
    const declared = declaredPermissions(plugin);
    if (!declared) return;
    for (const [capability, use] of plugin.capabilities) {
      if (!declared.includes(capability)) context.report(use.file, use.node, 'undeclared', { capability, what: use.node.getText().slice(0, 40) });
    }
  },
};
