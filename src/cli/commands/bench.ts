import type { Command } from 'commander';
import { InvalidArgumentError } from '../commander.js';
import { EXIT_FAILURE, EXIT_OK } from '../../errors.js';

interface BenchCommandOptions {
  dir?: string;
  json?: boolean;
  events: number;
}

const MAX_EVENTS = 1_000_000;

function parseEventCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1 || n > MAX_EVENTS) {
    throw new InvalidArgumentError(`must be a whole number from 1 to ${MAX_EVENTS}, such as --events 5000`);
  }
  return n;
}

export function defineBenchCommand(program: Command): void {
  program
    .command('bench')
    .description("fire synthetic events at each behavior and report ops/s and p50/p95/p99, with the engine's own overhead beside them")
    .argument('[names...]', 'plugins to bench (default: every plugin in the folder)')
    .option('-d, --dir <folder>', 'the plugin folder (default: pluginDir from .arxosrc, else ./plugins)')
    .option('-n, --events <count>', 'synthetic events per behavior, spread over the event types it listens to', parseEventCount, 1000)
    .option('--json', 'print one JSON document (shape in the README)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ svgx-plugins bench --dir fixtures/plugins',
        '  $ svgx-plugins bench hover-glow --events 20000 --json',
        '',
        'Handlers really run: a plugin with side effects has them once per event.',
        'Exit codes: 0 benched, 1 a requested plugin failed to load (the others are benched), 2 bad flags, names or config.',
      ].join('\n'),
    )
    .action(async (names: string[], options: BenchCommandOptions, command: Command) => {
      process.exitCode = await runBench(names, options, command);
    });
}

async function runBench(names: string[], options: BenchCommandOptions, command: Command): Promise<number> {
  const { configFor, createPluginSystem, useColor } = await import('../context.js');
  const system = await createPluginSystem(await configFor(command), options.dir);
  const { requirePlugins } = await import('../plugin-names.js');
  await requirePlugins(system, names);
  const { withSpinner } = await import('../reporters/terminal.js');
  const { benchBehaviors } = await import('../../plugins/bench.js');
  const infos = await withSpinner('loading plugins…', () =>
    names.length === 0 ? system.loadAll() : Promise.all(names.map((n) => system.loadPlugin(n))),
  );
  const failed = infos.filter((p) => p.status === 'error' || p.status === 'invalid');
  const report = await withSpinner(`firing ${options.events} events at each behavior…`, () =>
    benchBehaviors(system.engine, { events: options.events, plugins: names }),
  );
  if (options.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const { paintFor } = await import('../paint.js');
    const { formatBench } = await import('../reporters/bench-text.js');
    process.stdout.write(`${formatBench(report, await paintFor(useColor(command)))}\n`);
  }
  if (failed.length > 0) {
    process.stderr.write(`${failed.length} plugin${failed.length === 1 ? '' : 's'} failed to load and ${failed.length === 1 ? 'was' : 'were'} not benched:\n`);
    for (const p of failed) process.stderr.write(`  ${p.name}: ${p.lastError?.message ?? p.status}\n`);
  }
  await system.close();
  return failed.length > 0 ? EXIT_FAILURE : EXIT_OK;
}
