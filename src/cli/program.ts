import { createRequire } from 'node:module';
import { Command } from './commander.js';
import { defineLoadCommand } from './commands/load.js';
import { defineValidateCommand } from './commands/validate.js';
import { defineExplainCommand } from './commands/explain.js';
import { defineListCommand } from './commands/list.js';
import { defineInfoCommand } from './commands/info.js';
import { defineBenchCommand } from './commands/bench.js';
import { defineNewCommand } from './commands/new.js';
import { defineConfigCommand } from './commands/config.js';

const require = createRequire(import.meta.url);

function packageVersion(): string {
  // Read at run time: dist/ is one level below the package root, like src/.
  const pkg = require('../../package.json') as { version: string };
  return pkg.version;
}

/**
 * The commander program. Command files are light: each imports its service only inside its
 * action, so `--help` and `--version` load neither TypeScript, Ink, React nor esbuild.
 */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('svgx-plugins')
    .description('Scaffold, validate, sandbox, load and watch SVGX Engine behavior plugins.')
    .version(packageVersion(), '-V, --version')
    .option('--config <file>', 'use this config file instead of searching for .arxosrc')
    .option('--no-color', 'do not colour the output (NO_COLOR is honoured too)')
    .option('--debug', 'print stacks of unexpected errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeErr: (text) => process.stderr.write(text),
      writeOut: (text) => process.stdout.write(text),
    });
  defineLoadCommand(program);
  defineValidateCommand(program);
  defineExplainCommand(program);
  defineListCommand(program);
  defineInfoCommand(program);
  defineBenchCommand(program);
  defineNewCommand(program);
  defineConfigCommand(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}
