import { definePlugin } from 'svgx-plugins';

const STATES = ['closed', 'opening', 'open', 'closing'] as const;
type State = (typeof STATES)[number];
const INITIAL: State = 'closed';

/** Commands the behavior understands, sent as `event.data.command`. */
const COMMANDS = ['open', 'close', 'done'] as const;
type Command = (typeof COMMANDS)[number];

/** Where each command leads from each state; a command missing here leaves the state as it is. */
const TRANSITIONS: Record<State, Partial<Record<Command, State>>> = {
  closed: { open: 'opening' },
  opening: { done: 'open', close: 'closing' },
  open: { close: 'closing' },
  closing: { done: 'closed', open: 'opening' },
};

function isCommand(value: unknown): value is Command {
  return typeof value === 'string' && (COMMANDS as readonly string[]).includes(value);
}

/** The current state of each element. Kept in the plugin, so dispose() can forget it on unload and reload. */
const states = new Map<string, State>();

export default definePlugin({
  metadata: {
    name: '{{name}}',
    version: '{{version}}',
    author: '{{author}}',
    description: '{{description}}',
  },
  register(registry) {
    registry.registerBehavior({
      id: '{{name}}.transition',
      type: 'state_machine',
      events: ['operational'],
      priority: 'high',
      description: 'Applies a command to the state of one element',
      handler: (event) => {
        const elementId = event.elementId ?? 'default';
        const from = states.get(elementId) ?? INITIAL;
        const command = event.data['command'];
        if (!isCommand(command)) return { elementId, from, to: from, changed: false, ignored: String(command) };
        const to = TRANSITIONS[from][command] ?? from;
        states.set(elementId, to);
        return { elementId, from, to, changed: to !== from };
      },
    });
  },
  dispose() {
    states.clear();
  },
});
