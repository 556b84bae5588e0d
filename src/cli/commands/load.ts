import type { Command } from 'commander';
import { EXIT_FAILURE, EXIT_OK } from '../../errors.js';

interface LoadOptions {
  dir?: string;
  json?: boolean;
}

export function defineLoadCommand(program: Command): void {
  program
    .command('load')
    .description('discover, check and load plugins in dependency order; print their status and behaviors')
    .argument('[names...]', 'plugins to load (default: every plugin in the folder)')
    .option('-d, --dir <folder>', 'the plugin folder (default: pluginDir from .arxosrc, else ./plugins)')
    .option('--json', 'print one JSON document instead of tables')
    .addHelpText('after', '\nExample:\n  $ svgx-plugins load --dir fixtures/plugins\n  $ svgx-plugins load hover-glow --json')
    .action(async (names: string[], options: LoadOptions, command: Command) => {
      process.exitCode = await runLoad(names, options, command);
    });
}

async function runLoad(names: string[], options: LoadOptions, command: Command): Promise<number> {
  const { configFor, createPluginSystem, useColor } = await import('../context.js');
  const loaded = await configFor(command);
  const system = await createPluginSystem(loaded, options.dir);
  const infos = names.length === 0 ? await system.loadAll() : await Promise.all(names.map((n) => system.loadPlugin(n)));
  const requested = names.length === 0 ? infos.filter((p) => p.status !== 'disabled') : infos;
  const failed = requested.filter((p) => p.status !== 'loaded');
  const behaviors = system.engine.registry.list();
  if (options.json) {
    const { pluginsToJson } = await import('../reporters/plugins-json.js');
    process.stdout.write(`${JSON.stringify(pluginsToJson(system.getPlugins(), behaviors), null, 2)}\n`);
  } else {
    const { paintFor } = await import('../paint.js');
    const { formatBehaviorTable, formatPluginTable } = await import('../reporters/plugins-text.js');
    const paint = await paintFor(useColor(command));
    process.stdout.write(`${formatPluginTable(system.getPlugins(), paint)}\n\n${formatBehaviorTable(behaviors, paint)}\n`);
    if (failed.length > 0) {
      process.stderr.write(`\n${failed.length} of ${requested.length} plugin${requested.length === 1 ? '' : 's'} failed to load:\n`);
      for (const p of failed) process.stderr.write(`  ${p.name}: ${p.lastError?.message ?? p.status}${p.lastError?.hint ? `\n    ${p.lastError.hint}` : ''}\n`);
    }
  }
  await system.close();
  return failed.length > 0 ? EXIT_FAILURE : EXIT_OK;
}
