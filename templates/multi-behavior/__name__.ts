import { definePlugin } from 'svgx-plugins';

/** Notes per element id. Kept in the plugin, so dispose() can forget them on unload and reload. */
const notes = new Map<string, string[]>();

function textAt(data: Record<string, unknown>, key: string): string | undefined {
  const value = data[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export default definePlugin({
  metadata: {
    name: '{{name}}',
    version: '{{version}}',
    author: '{{author}}',
    description: '{{description}}',
    // Loaded after this plugin, and required: without it this plugin stays unloaded, with a message.
    dependencies: { '{{dependency}}': '{{dependencyRange}}' },
    // What the plugin may use inside the sandbox; validate checks this list against the code.
    // 'log' gives ctx.log (and console), written to the plugin's log in `load --watch` and `info`.
    permissions: ['log'],
  },
  register(registry, ctx) {
    registry.registerBehavior({
      id: '{{name}}.add-note',
      type: 'ui_annotation',
      events: ['user_interaction'],
      priority: 'normal',
      description: 'Adds the text of a "note" action to the element',
      handler: (event) => {
        const text = textAt(event.data, 'text');
        if (event.data['action'] !== 'note' || !event.elementId || !text) return { added: false };
        const list = [...(notes.get(event.elementId) ?? []), text];
        notes.set(event.elementId, list);
        return { added: true, elementId: event.elementId, count: list.length };
      },
    });

    registry.registerBehavior({
      id: '{{name}}.clear-notes',
      type: 'ui_editing',
      events: ['operational'],
      priority: 'high',
      description: 'Removes the notes of an element on a "clear-notes" command',
      handler: (event) => {
        if (event.data['command'] !== 'clear-notes' || !event.elementId) return { cleared: 0 };
        const cleared = notes.get(event.elementId)?.length ?? 0;
        notes.delete(event.elementId);
        ctx.log.info(`cleared ${cleared} note(s) of ${event.elementId}`);
        return { cleared };
      },
    });

    registry.registerBehavior({
      id: '{{name}}.report',
      type: 'conditional_logic',
      events: ['operational'],
      priority: 'low',
      description: 'Lists the elements that have notes on a "report-notes" command',
      handler: (event) => {
        if (event.data['command'] !== 'report-notes') return { report: false };
        const elements = [...notes.entries()].map(([elementId, list]) => ({ elementId, count: list.length }));
        return { report: true, elements };
      },
    });
  },
  dispose() {
    notes.clear();
  },
});
