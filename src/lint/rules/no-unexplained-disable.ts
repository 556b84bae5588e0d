import type { Rule } from '../types.js';

/** Findings of this rule are made by the suppression pass (suppressions.ts), not by a walk. */
export const noUnexplainedDisable: Rule = {
  meta: {
    id: 'no-unexplained-disable',
    category: 'suppressions',
    defaultSeverity: 'error',
    description: 'An inline suppression names the rule and gives a reason after --',
    docs: `A finding can be silenced only on the line that has it, naming the rule and saying why:

  // svgx-disable-next-line no-string-timers -- the string is a constant we ship, see #42
  setTimeout(CODE, 10);

(svgx-disable-line on the same line works too.) The reason is shown in the json and sarif
output, so a reviewer reads it. A suppression without a reason, without a rule, or naming a rule
that does not exist is itself reported, and silences nothing.`,
    messages: {
      noReason: 'this suppression gives no reason: add " -- why" after the rule name',
      noRule: 'this suppression names no rule: write svgx-disable-next-line <rule-id> -- reason',
      unknownRule: 'this suppression names "{rule}", which is not a rule{hint}',
    },
  },
};
