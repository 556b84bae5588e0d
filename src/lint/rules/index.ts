/**
 * Every rule, in the order `--list-rules` prints them. Importing this loads no compiler: rule
 * modules only hold metadata and functions that receive TypeScript through their context.
 */
import type { Rule } from '../types.js';
import { noDuplicateBehaviorId } from './no-duplicate-behavior-id.js';
import { noDynamicGlobalAccess } from './no-dynamic-global-access.js';
import { noDynamicImport } from './no-dynamic-import.js';
import { noEval } from './no-eval.js';
import { noExternalPackages } from './no-external-packages.js';
import { noFunctionConstructor } from './no-function-constructor.js';
import { noInvalidBehavior } from './no-invalid-behavior.js';
import { noInvalidMetadata } from './no-invalid-metadata.js';
import { noInvalidPlugin } from './no-invalid-plugin.js';
import { noNetwork } from './no-network.js';
import { noNodeBuiltins } from './no-node-builtins.js';
import { noOutsideFiles } from './no-outside-files.js';
import { noPrepareStackTrace } from './no-prepare-stack-trace.js';
import { noProcess } from './no-process.js';
import { noPrototypePollution } from './no-prototype-pollution.js';
import { noRequire } from './no-require.js';
import { noStringTimers } from './no-string-timers.js';
import { noTypeErrors } from './no-type-errors.js';
import { noUndeclaredPermission } from './no-undeclared-permission.js';
import { noUnexplainedDisable } from './no-unexplained-disable.js';
import { noUnusedDisable } from './no-unused-disable.js';
import { noUnusedPermission } from './no-unused-permission.js';
import { noWebAssembly } from './no-webassembly.js';

export const RULES: readonly Rule[] = [
  noTypeErrors,
  noInvalidPlugin,
  noInvalidMetadata,
  noInvalidBehavior,
  noDuplicateBehaviorId,
  noEval,
  noFunctionConstructor,
  noStringTimers,
  noRequire,
  noDynamicImport,
  noNodeBuiltins,
  noExternalPackages,
  noOutsideFiles,
  noProcess,
  noNetwork,
  noWebAssembly,
  noPrototypePollution,
  noPrepareStackTrace,
  noDynamicGlobalAccess,
  noUndeclaredPermission,
  noUnusedPermission,
  noUnexplainedDisable,
  noUnusedDisable,
];

export const RULE_IDS: readonly string[] = RULES.map((r) => r.meta.id);

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
