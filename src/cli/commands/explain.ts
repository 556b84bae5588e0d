import type { Command } from 'commander';

export function defineExplainCommand(program: Command): void {
  program
    .command('explain')
    .description('explain a validate rule: what it catches, why, and how to fix it')
    .argument('<rule>', 'a rule id, as printed by validate (e.g. no-eval)')
    .addHelpText('after', '\nExample:\n  $ svgx-plugins explain no-string-timers\n  $ svgx-plugins validate --list-rules')
    .action(async (ruleId: string) => {
      const { SvgxError } = await import('../../errors.js');
      const { findRule, RULE_IDS } = await import('../../lint/rules/index.js');
      const { didYouMean } = await import('../../lint/suggest.js');
      const rule = findRule(ruleId);
      if (!rule) {
        throw new SvgxError('USAGE', `no rule named "${ruleId}"${didYouMean(ruleId, RULE_IDS)}`, {
          location: 'explain',
          hint: 'run `svgx-plugins validate --list-rules` to see every rule',
        });
      }
      const { meta } = rule;
      process.stdout.write(`${meta.id}  (${meta.category}, default: ${meta.defaultSeverity})\n${meta.description}\n\n${meta.docs}\n\nConfigure in .arxosrc: { "rules": { "${meta.id}": "error" | "warn" | "off" } }\nSilence one finding: // svgx-disable-next-line ${meta.id} -- reason\n`);
    });
}
