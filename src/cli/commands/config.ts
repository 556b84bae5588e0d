import type { Command } from 'commander';
import { EXIT_OK } from '../../errors.js';

interface ConfigOptions {
  print?: boolean;
  json?: boolean;
  schema?: boolean;
}

export function defineConfigCommand(program: Command): void {
  program
    .command('config')
    .description('check .arxosrc and print the effective config, with where each value came from')
    .option('--print', 'print every key, its value and its source (the default)')
    .option('--json', 'print { file, config, sources } as JSON')
    .option('--schema', 'print the JSON Schema of .arxosrc (for editors: "$schema" in the file)')
    .addHelpText('after', '\nExamples:\n  $ svgx-plugins config --print\n  $ svgx-plugins --config ci/.arxosrc.json config --json\n  $ svgx-plugins config --schema > arxos.schema.json')
    .action(async (options: ConfigOptions, command: Command) => {
      process.exitCode = await runConfig(options, command);
    });
}

async function runConfig(options: ConfigOptions, command: Command): Promise<number> {
  if (options.schema) {
    const { configJsonSchema } = await import('../../config/json-schema.js');
    process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
    return EXIT_OK;
  }
  const { configFor, useColor } = await import('../context.js');
  const { describeConfigSources } = await import('../../config/sources.js');
  const { formatConfigReport } = await import('../../config/print.js');
  const loaded = await configFor(command);
  const report = describeConfigSources(loaded);
  if (options.json) {
    const sources = Object.fromEntries(report.entries.map((e) => [e.key, e.source === 'file' ? report.file : 'default']));
    process.stdout.write(`${JSON.stringify({ file: report.file ?? null, config: loaded.config, sources }, null, 2)}\n`);
    return EXIT_OK;
  }
  const color = useColor(command);
  const paint = color ? await (await import('../paint.js')).paintFor(true) : undefined;
  process.stdout.write(`${formatConfigReport(report, paint)}\n`);
  return EXIT_OK;
}
