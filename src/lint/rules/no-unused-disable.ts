import type { Rule } from '../types.js';

export const noUnusedDisable: Rule = {
  meta: {
    id: 'no-unused-disable',
    category: 'suppressions',
    defaultSeverity: 'warn',
    description: 'An inline suppression silences a finding (else it is stale and should go)',
    docs: `A suppression comment whose line has no finding of the rule it names is stale: the code
changed, and the comment would silently hide the next real finding there. Remove it.`,
    messages: { unused: 'this suppression of {rule} silences nothing; remove it' },
  },
};
