import type { Command } from 'commander';
import { EXIT_FAILURE, EXIT_OK } from '../../errors.js';

interface LoadOptions {
  dir?: string;
  json?: boolean;
  watch?: boolean;
  events?: string;
}

export function defineLoadCommand(program: Command): void {
  program
    .command('load')
    .description('discover, check and load plugins in dependency order; print their status and behaviors, or watch them live')
    .argument('[names...]', 'plugins to load (default: every plugin in the folder)')
    .option('-d, --dir <folder>', 'the plugin folder (default: pluginDir from .arxosrc, else ./plugins)')
    .option('--json', 'print one JSON document instead of tables (with --watch: NDJSON lines even on a terminal)')
    .option('-w, --watch', 'keep running and reload plugins as their files change: a live table on a terminal, one NDJSON line per change otherwise')
    .option('--events <file>', 'replay an NDJSON file of events (one {"type", "data"} a line) through the engine after loading; with --watch, again on the e key')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ svgx-plugins load --dir fixtures/plugins',
        '  $ svgx-plugins load hover-glow --json',
        '  $ svgx-plugins load --watch --events events.ndjson',
        '',
        'Live view keys: r reload the selected plugin, R reload all, u unload/load, e fire events, arrows select, q quit.',
        'Exit codes: 0 every requested plugin loaded, 1 one failed (reason on stderr), 2 bad flags, names or config.',
      ].join('\n'),
    )
    .action(async (names: string[], options: LoadOptions, command: Command) => {
      process.exitCode = await runLoad(names, options, command);
    });
}

async function runLoad(names: string[], options: LoadOptions, command: Command): Promise<number> {
  const { configFor, createPluginSystem, useColor } = await import('../context.js');
  const loaded = await configFor(command);
  // The events file is checked before any plugin runs: a typo costs nothing.
  const { readEventsFile, replayEvents } = await import('../../plugins/events-file.js');
  const events = options.events ? await readEventsFile(options.events) : undefined;
  const system = await createPluginSystem(loaded, options.dir);
  const { requirePlugins } = await import('../plugin-names.js');
  await requirePlugins(system, names);

  if (options.watch) {
    const { isInteractive } = await import('../reporters/terminal.js');
    const { runWatchSession } = await import('../watch-session.js');
    return runWatchSession({
      system,
      names,
      debounceMs: loaded.config.watch.debounceMs,
      events,
      eventsFile: options.events,
      mode: options.json || !isInteractive() ? 'ndjson' : 'live',
      color: useColor(command),
    });
  }

  const { withSpinner } = await import('../reporters/terminal.js');
  const infos = await withSpinner(names.length === 0 ? 'loading plugins…' : `loading ${names.join(', ')}…`, () =>
    names.length === 0 ? system.loadAll() : Promise.all(names.map((n) => system.loadPlugin(n))),
  );
  const requested = names.length === 0 ? infos.filter((p) => p.status !== 'disabled') : infos;
  const failed = requested.filter((p) => p.status !== 'loaded');
  const behaviors = system.engine.registry.list();
  let replay;
  if (events && options.events) {
    const { replayToJson } = await import('../reporters/replay-text.js');
    const summary = await replayEvents(system.engine, events);
    replay = replayToJson(options.events, summary, system.engine.registry.list(), (id) => system.engine.getStats(id));
  }
  if (options.json) {
    const { pluginsToJson } = await import('../reporters/plugins-json.js');
    const doc = { ...pluginsToJson(system.getPlugins(), behaviors), ...(replay ? { replay } : {}) };
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  } else {
    const { paintFor } = await import('../paint.js');
    const { formatBehaviorTable, formatPluginTable } = await import('../reporters/plugins-text.js');
    const paint = await paintFor(useColor(command));
    process.stdout.write(`${formatPluginTable(system.getPlugins(), paint)}\n\n${formatBehaviorTable(behaviors, paint)}\n`);
    if (replay) {
      const { formatReplay } = await import('../reporters/replay-text.js');
      process.stdout.write(`\n${formatReplay(replay, paint)}\n`);
    }
  }
  if (failed.length > 0) {
    process.stderr.write(`${options.json ? '' : '\n'}${failed.length} of ${requested.length} plugin${requested.length === 1 ? '' : 's'} failed to load:\n`);
    for (const p of failed) process.stderr.write(`  ${p.name}: ${p.lastError?.message ?? p.status}${p.lastError?.hint ? `\n    ${p.lastError.hint}` : ''}\n`);
  }
  await system.close();
  return failed.length > 0 ? EXIT_FAILURE : EXIT_OK;
}
