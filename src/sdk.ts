/**
 * What a plugin may import from 'svgx-plugins' at run time: `definePlugin` and the
 * engine's vocabulary. Kept small and free of host capabilities, since sandboxed plugins
 * receive a copy of it.
 */
export { definePlugin, PERMISSIONS } from './plugins/contract.js';
export { EVENT_TYPES, PRIORITIES, BEHAVIOR_TYPES, BEHAVIOR_STATUSES } from './engine/types.js';
