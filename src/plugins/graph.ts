import semver from 'semver';
import { SvgxError } from '../errors.js';

export interface GraphNode {
  version: string;
  dependencies: Readonly<Record<string, string>>;
}

export interface LoadOrder {
  /** Plugins that can load, dependencies first. */
  order: string[];
  /** Plugins kept out, each with the reason naming the chain. */
  failures: Map<string, SvgxError>;
}

/**
 * Orders `requested` plugins (and, transitively, what they depend on) so that every plugin
 * comes after its dependencies. A missing dependency, a version outside its range or a cycle
 * keeps out exactly the plugins concerned: the ones on the cycle and those that depend on a
 * plugin kept out. `available` holds every plugin that could satisfy a dependency.
 */
export function resolveLoadOrder(
  available: ReadonlyMap<string, GraphNode>,
  requested: Iterable<string>,
  whyUnavailable: (name: string) => string | undefined = () => undefined,
): LoadOrder {
  const order: string[] = [];
  const failures = new Map<string, SvgxError>();
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];

  const fail = (name: string, error: SvgxError): void => {
    if (!failures.has(name)) failures.set(name, error);
  };

  const visit = (name: string): boolean => {
    const seen = state.get(name);
    if (seen === 'done') return !failures.has(name);
    if (seen === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      const chain = cycle.join(' -> ');
      for (const member of cycle) {
        fail(member, new SvgxError('PLUGIN_CYCLE', `plugin "${member}" is on a dependency cycle: ${chain}`, {
          hint: 'remove one of these dependencies to break the cycle',
        }));
      }
      return false;
    }
    const node = available.get(name);
    if (!node) return false;
    state.set(name, 'visiting');
    stack.push(name);
    let ok = true;
    for (const [dep, range] of Object.entries(node.dependencies).sort(([a], [b]) => a.localeCompare(b))) {
      const chain = [...stack, dep].join(' -> ');
      const target = available.get(dep);
      if (!target) {
        const why = whyUnavailable(dep) ?? 'is not in the plugin folder';
        fail(name, new SvgxError('PLUGIN_DEPENDENCY_MISSING', `plugin "${name}" needs "${dep}" (${range}), which ${why}: ${chain}`, {
          hint: `add the plugin "${dep}" to the plugin folder, or remove it from metadata.dependencies`,
        }));
        ok = false;
        continue;
      }
      if (!semver.satisfies(target.version, range, { includePrerelease: true })) {
        fail(name, new SvgxError('PLUGIN_DEPENDENCY_VERSION', `plugin "${name}" needs "${dep}" ${range}, but ${dep} is ${target.version}: ${chain}`, {
          hint: `update "${dep}" or widen the range in metadata.dependencies`,
        }));
        ok = false;
        continue;
      }
      if (!visit(dep)) {
        const cause = failures.get(dep);
        fail(name, new SvgxError(cause?.code ?? 'PLUGIN_DEPENDENCY_MISSING',
          `plugin "${name}" depends on "${dep}", which cannot load: ${chain}${cause ? ` (${cause.message})` : ''}`, {
            hint: `fix "${dep}" first`,
          }));
        ok = false;
      }
    }
    stack.pop();
    state.set(name, 'done');
    if (ok && !failures.has(name)) order.push(name);
    return ok && !failures.has(name);
  };

  for (const name of requested) visit(name);
  return { order, failures };
}

/** Plugins that depend on `name`, directly or not, nearest first. */
export function dependentsOf(available: ReadonlyMap<string, GraphNode>, name: string): string[] {
  const out: string[] = [];
  const queue = [name];
  const seen = new Set([name]);
  while (queue.length > 0) {
    const current = queue.shift() as string;
    for (const [other, node] of available) {
      if (!seen.has(other) && Object.hasOwn(node.dependencies, current)) {
        seen.add(other);
        out.push(other);
        queue.push(other);
      }
    }
  }
  return out;
}
