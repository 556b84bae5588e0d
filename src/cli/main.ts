import { CommanderError } from './commander.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, isSvgxError } from '../errors.js';
import { buildProgram } from './program.js';

/**
 * Runs the CLI and maps every outcome to an exit code in one place: 0 ok, 1 findings or
 * failed plugins, 2 usage or configuration. Never prints a raw stack unless --debug.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT_OK;
      // `svgx-plugins` with no command: the usage went to stderr, and it is a usage error.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (isSvgxError(error)) {
      process.stderr.write(`svgx-plugins: ${error.format()}\n`);
      if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`svgx-plugins: unexpected error: ${message}\n`);
    process.stderr.write(debug && error instanceof Error && error.stack ? `${error.stack}\n` : 'run with --debug for the stack\n');
    return EXIT_FAILURE;
  }
}
