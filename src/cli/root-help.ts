import { createRootCommand } from './root-command.js';

/**
 * The commands as `svgx-plugins --help` lists them, in program.ts order. The full program
 * imports every command file (13 modules with commander): the measured difference is 1.27x
 * against 1.53x `node -e 0` on the shared machine, most of the start-up budget. So the bare
 * `--help` is answered from this list; test/cli/startup.test.ts compares its output with the
 * full program's and fails, naming this file, when a command's summary changes.
 */
export const COMMAND_SUMMARIES: ReadonlyArray<{ term: string; description: string }> = [
  { term: 'load [options] [names...]', description: 'discover, check and load plugins in dependency order; print their status and behaviors, or watch them live' },
  { term: 'validate [options] [paths...]', description: 'type-check and security-lint plugins: type errors, structure, security rules and permissions' },
  { term: 'explain <rule>', description: 'explain a validate rule: what it catches, why, and how to fix it' },
  { term: 'list [options]', description: 'list the plugins of the folder with their version, status, loader, behaviors and dependencies' },
  { term: 'info [options] <name>', description: 'show one plugin: metadata, dependencies and dependents, behaviors, permissions, metrics and its last error with the stack' },
  { term: 'bench [options] [names...]', description: "fire synthetic events at each behavior and report ops/s and p50/p95/p99, with the engine's own overhead beside them" },
  { term: 'new [options] [name]', description: 'scaffold a plugin from a template; it passes validate and loads as written' },
  { term: 'config [options]', description: 'check .arxosrc and print the effective config, with where each value came from' },
];

/** Prints the root help as the full program would, from the list above. */
export function printRootHelp(): void {
  const program = createRootCommand();
  const terms = new Map<string, string>();
  for (const { term, description } of COMMAND_SUMMARIES) {
    const name = term.split(' ')[0] ?? term;
    terms.set(name, term);
    program.command(name).description(description);
  }
  program.configureHelp({ subcommandTerm: (command) => terms.get(command.name()) ?? `${command.name()} [command]` });
  program.outputHelp();
}
