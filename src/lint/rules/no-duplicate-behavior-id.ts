import path from 'node:path';
import type { BehaviorSite, Rule } from '../types.js';

export const noDuplicateBehaviorId: Rule = {
  meta: {
    id: 'no-duplicate-behavior-id',
    category: 'structure',
    defaultSeverity: 'error',
    description: 'Behavior ids are unique across every file checked in the run',
    docs: `Behavior ids are global to the engine: the registry refuses a second behavior with an id
another plugin (or the same one) already registered, so one of the two plugins fails to load.
The rule compares the literal ids of every registerBehavior call in the files of one run and
reports each repeat with the place of the first. Prefix ids with the plugin name
(hover-glow.highlight) to keep them apart. With --shard, only ids within the shard are compared.`,
    messages: { duplicate: 'behavior id "{id}" is already registered at {first} (plugin "{owner}")' },
  },
  checkRun(context) {
    const seen = new Map<string, { site: BehaviorSite; owner: string }>();
    for (const plugin of context.plugins) {
      for (const site of plugin.structure.behaviors) {
        if (site.id === undefined) continue;
        const first = seen.get(site.id);
        if (!first) {
          seen.set(site.id, { site, owner: plugin.name });
          continue;
        }
        const line = first.site.idNode.getSourceFile().getLineAndCharacterOfPosition(first.site.idNode.getStart()).line + 1;
        context.report(site.file, site.idNode, 'duplicate', { id: site.id, first: `${path.basename(first.site.file)}:${line}`, owner: first.owner });
      }
    }
  },
};
