import { definePlugin } from 'svgx-plugins';
import { DEFAULT_GRID_SIZE, pointFrom, snapPoint } from './grid.js';

export default definePlugin({
  metadata: {
    name: '{{name}}',
    version: '{{version}}',
    author: '{{author}}',
    description: '{{description}}',
  },
  register(registry) {
    registry.registerBehavior({
      id: '{{name}}.snap',
      type: 'ui_editing',
      events: ['user_interaction'],
      priority: 'high',
      description: 'Snaps the position of a dragged element to the grid',
      handler: (event) => {
        const point = pointFrom(event.data);
        if (event.data['action'] !== 'drag' || !point) return { snapped: false };
        const size = typeof event.data['gridSize'] === 'number' ? event.data['gridSize'] : DEFAULT_GRID_SIZE;
        return { snapped: true, elementId: event.elementId, ...snapPoint(point, size) };
      },
    });
  },
});
