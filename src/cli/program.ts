import type { Command } from './commander.js';
import { createRootCommand } from './root-command.js';
import { defineLoadCommand } from './commands/load.js';
import { defineValidateCommand } from './commands/validate.js';
import { defineExplainCommand } from './commands/explain.js';
import { defineListCommand } from './commands/list.js';
import { defineInfoCommand } from './commands/info.js';
import { defineBenchCommand } from './commands/bench.js';
import { defineNewCommand } from './commands/new.js';
import { defineConfigCommand } from './commands/config.js';

/**
 * The commander program. Command files are light: each imports its service only inside its
 * action, so `--help` and `--version` load neither TypeScript, Ink, React nor esbuild.
 * (`svgx-plugins --help` alone does not even load the command files: its text is written
 * from this program at build time by scripts/write-root-help.mjs.)
 */
export function buildProgram(): Command {
  const program = createRootCommand();
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
