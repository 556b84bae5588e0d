import { definePlugin } from 'svgx-plugins';

/** Reads a number from event data, which arrives as untyped JSON. */
function numberAt(data: Record<string, unknown>, key: string, fallback: number): number {
  const value = data[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export default definePlugin({
  metadata: {
    name: '{{name}}',
    version: '{{version}}',
    author: '{{author}}',
    description: '{{description}}',
  },
  register(registry) {
    registry.registerBehavior({
      id: '{{name}}.highlight',
      type: 'event_driven',
      events: ['user_interaction'],
      priority: 'normal',
      description: 'Highlights the element while the pointer is inside its bounds',
      handler: (event) => {
        const x = numberAt(event.data, 'x', -1);
        const y = numberAt(event.data, 'y', -1);
        const width = numberAt(event.data, 'width', 0);
        const height = numberAt(event.data, 'height', 0);
        const highlighted = x >= 0 && y >= 0 && x <= width && y <= height;
        return { elementId: event.elementId, highlighted };
      },
    });
  },
});
