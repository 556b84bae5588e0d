import { createRequire } from 'node:module';
import { Command } from './commander.js';

const require = createRequire(import.meta.url);

function packageVersion(): string {
  // Read at run time: dist/ is one level below the package root, like src/.
  const pkg = require('../../package.json') as { version: string };
  return pkg.version;
}

/**
 * The root command with its global options and no subcommand: shared by the full program
 * (program.ts) and the help text written at build time (scripts/write-root-help.mjs).
 */
export function createRootCommand(): Command {
  return new Command()
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
}
