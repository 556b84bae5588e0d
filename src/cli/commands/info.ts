import type { Command } from 'commander';
import { EXIT_FAILURE, EXIT_OK } from '../../errors.js';

interface InfoOptions {
  dir?: string;
  json?: boolean;
}

export function defineInfoCommand(program: Command): void {
  program
    .command('info')
    .description('show one plugin: metadata, dependencies and dependents, behaviors, permissions, metrics and its last error with the stack')
    .argument('<name>', 'the plugin name (its file or folder name)')
    .option('-d, --dir <folder>', 'the plugin folder (default: pluginDir from .arxosrc, else ./plugins)')
    .option('--json', 'print one JSON document (shape in the README)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ svgx-plugins info hover-glow --dir fixtures/plugins',
        '  $ svgx-plugins info syntax-error --dir fixtures/broken --json',
        '',
        'Every plugin of the folder is loaded, so that dependents are known.',
        'Exit codes: 0 the plugin is loaded, 1 it failed to load (the error is shown), 2 no such plugin, bad flags or config.',
      ].join('\n'),
    )
    .action(async (name: string, options: InfoOptions, command: Command) => {
      process.exitCode = await runInfo(name, options, command);
    });
}

async function runInfo(name: string, options: InfoOptions, command: Command): Promise<number> {
  const { configFor, createPluginSystem, useColor } = await import('../context.js');
  const system = await createPluginSystem(await configFor(command), options.dir);
  const { requirePlugins } = await import('../plugin-names.js');
  await requirePlugins(system, [name]);
  const { withSpinner } = await import('../reporters/terminal.js');
  await withSpinner('loading plugins…', () => system.loadAll());
  const info = system.getPlugin(name);
  if (!info) {
    // discovered a moment ago, gone now: report it as the loader would
    await system.close();
    process.stderr.write(`svgx-plugins: plugin "${name}" disappeared while loading\n`);
    return EXIT_FAILURE;
  }
  const { infoToJson } = await import('../reporters/info-json.js');
  const doc = infoToJson(info, system.monitorPluginPerformance(name), system.getPluginBehaviors(name), system.getPluginLogs(name));
  if (options.json) {
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  } else {
    const { paintFor } = await import('../paint.js');
    const { formatInfo } = await import('../reporters/info-text.js');
    process.stdout.write(`${formatInfo(doc, await paintFor(useColor(command)))}\n`);
  }
  await system.close();
  return info.status === 'loaded' || info.status === 'disabled' ? EXIT_OK : EXIT_FAILURE;
}
