import path from 'node:path';
import { SvgxError } from '../errors.js';
import type { PluginSystem } from '../plugins/plugin-system.js';

/**
 * Checks that every plugin named on the command line is in the plugin folder. A name that is
 * not is the user's typo: a usage error (exit 2) that lists the names that are there.
 */
export async function requirePlugins(system: PluginSystem, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  const found = (await system.discoverPlugins()).map((p) => p.name);
  const missing = names.filter((n) => !found.includes(n));
  if (missing.length === 0) return;
  const relative = path.relative(process.cwd(), system.pluginDir);
  const dir = relative === '' ? '.' : relative.startsWith('..') ? system.pluginDir : relative;
  throw new SvgxError('USAGE', `no plugin named ${missing.map((n) => `"${n}"`).join(', ')} in ${dir}`, {
    hint: found.length > 0 ? `plugins there: ${found.join(', ')}` : 'that folder has no plugins: pass --dir with the folder that holds them',
  });
}
