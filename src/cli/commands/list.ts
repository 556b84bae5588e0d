import type { Command } from 'commander';
import { EXIT_OK } from '../../errors.js';

interface ListOptions {
  dir?: string;
  json?: boolean;
}

export function defineListCommand(program: Command): void {
  program
    .command('list')
    .description('list the plugins of the folder with their version, status, loader, behaviors and dependencies')
    .option('-d, --dir <folder>', 'the plugin folder (default: pluginDir from .arxosrc, else ./plugins)')
    .option('--json', 'print one JSON document: { pluginDir, plugins: [...] }')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ svgx-plugins list --dir fixtures/plugins',
        '  $ svgx-plugins list --json | jq -r \'.plugins[] | select(.status != "loaded") | .name\'',
        '',
        'Plugins are loaded to learn their status (their top-level code and register() run; no event is fired).',
        'Exit codes: 0 listed (whatever the statuses), 2 bad flags, folder or config.',
      ].join('\n'),
    )
    .action(async (options: ListOptions, command: Command) => {
      process.exitCode = await runList(options, command);
    });
}

async function runList(options: ListOptions, command: Command): Promise<number> {
  const { configFor, createPluginSystem, useColor } = await import('../context.js');
  const system = await createPluginSystem(await configFor(command), options.dir);
  const { withSpinner } = await import('../reporters/terminal.js');
  await withSpinner('loading plugins…', () => system.loadAll());
  const plugins = system.getPlugins();
  if (options.json) {
    const { listToJson } = await import('../reporters/plugins-json.js');
    process.stdout.write(`${JSON.stringify(listToJson(system.pluginDir, plugins), null, 2)}\n`);
  } else {
    const { paintFor } = await import('../paint.js');
    const { formatListTable } = await import('../reporters/plugins-text.js');
    process.stdout.write(`${formatListTable(plugins, await paintFor(useColor(command)))}\n`);
  }
  await system.close();
  return EXIT_OK;
}
