import { BEHAVIOR_STATUSES, BEHAVIOR_TYPES, EVENT_TYPES, PRIORITIES } from '../../engine/types.js';
import { didYouMean } from '../suggest.js';
import type { Rule, RuleContext, ts } from '../types.js';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * Behavior definitions checked from the code: an event type with a typo never fires, so it is
 * an error even in a JavaScript plugin or behind `@ts-expect-error`.
 */
export const noInvalidBehavior: Rule = {
  meta: {
    id: 'no-invalid-behavior',
    category: 'structure',
    defaultSeverity: 'error',
    description: "registerBehavior definitions use known event types, behavior types, priorities and statuses",
    docs: `Checks every registry.registerBehavior({ ... }) whose values are literals:
- id: letters, digits, '.', '_', ':' or '-' (see also no-duplicate-behavior-id);
- type: one of ${BEHAVIOR_TYPES.join(', ')};
- events: a non-empty list of ${EVENT_TYPES.join(', ')};
- priority: one of ${PRIORITIES.join(', ')};
- status: one of ${BEHAVIOR_STATUSES.join(', ')};
- handler: present.
A typo in an event name would never fire, so it is an error, also in JavaScript plugins and
under @ts-expect-error, which hide it from the type-check.`,
    messages: {
      event: 'unknown event type "{value}"{hint}: events are {allowed}',
      type: 'unknown behavior type "{value}"{hint}: types are {allowed}',
      priority: 'unknown priority "{value}"{hint}: priorities are {allowed}',
      status: 'unknown behavior status "{value}"{hint}: statuses are {allowed}',
      id: 'behavior id "{value}" must be letters, digits, ".", "_", ":" or "-" (at most 128)',
      noEvents: 'events must list at least one event type ({allowed})',
      missing: 'the behavior definition has no {field}',
    },
  },
  kinds: ['CallExpression'],
  check(node, context) {
    const { ts } = context;
    const definition = behaviorDefinitionOf(node, context);
    if (!definition) return;
    const props = new Map<string, ts.ObjectLiteralElementLike>();
    let spread = false;
    for (const p of definition.properties) {
      if (ts.isSpreadAssignment(p)) spread = true;
      else if (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) props.set(p.name.text, p);
    }
    const value = (key: string): ts.Expression | undefined => {
      const p = props.get(key);
      if (!p) return undefined;
      if (ts.isPropertyAssignment(p)) return context.semantics.skipOuter(p.initializer);
      if (ts.isShorthandPropertyAssignment(p)) return p.name;
      return undefined;
    };
    const checkOne = (key: string, messageId: string, allowed: readonly string[]) => {
      const e = value(key);
      if (!e) return;
      const values = constantOrUndefined(e, context);
      for (const v of values ?? []) {
        if (!allowed.includes(v)) context.report(e, messageId, { value: v, hint: didYouMean(v, allowed), allowed: allowed.join(', ') });
      }
    };
    if (!spread) {
      for (const field of ['id', 'type', 'events', 'handler']) {
        if (!props.has(field)) context.report(definition, 'missing', { field });
      }
    }
    const idNode = value('id');
    const ids = idNode ? constantOrUndefined(idNode, context) : undefined;
    if (idNode && ids?.length === 1 && ids[0] !== undefined && !ID_PATTERN.test(ids[0])) context.report(idNode, 'id', { value: ids[0] });
    checkOne('type', 'type', BEHAVIOR_TYPES);
    checkOne('priority', 'priority', PRIORITIES);
    checkOne('status', 'status', BEHAVIOR_STATUSES);
    const events = value('events');
    if (events && ts.isArrayLiteralExpression(events)) {
      if (events.elements.length === 0) context.report(events, 'noEvents', { allowed: EVENT_TYPES.join(', ') });
      for (const element of events.elements) {
        if (ts.isSpreadElement(element)) continue;
        for (const v of constantOrUndefined(element, context) ?? []) {
          if (!(EVENT_TYPES as readonly string[]).includes(v)) context.report(element, 'event', { value: v, hint: didYouMean(v, EVENT_TYPES), allowed: EVENT_TYPES.join(', ') });
        }
      }
    }
  },
};

/** Only literal values are judged; a variable of type string is left to run time. */
function constantOrUndefined(e: ts.Expression, context: RuleContext): string[] | undefined {
  const { ts } = context;
  const inner = context.semantics.skipOuter(e);
  if (ts.isStringLiteralLike(inner) || ts.isTemplateExpression(inner) || ts.isBinaryExpression(inner) || ts.isIdentifier(inner) || ts.isConditionalExpression(inner)) {
    if (ts.isIdentifier(inner)) {
      const symbol = context.checker.getSymbolAtLocation(inner);
      const decl = symbol?.valueDeclaration;
      if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
    }
    return context.semantics.constantStrings(inner);
  }
  return undefined;
}

/** The object literal given to `<x>.registerBehavior(...)`, following a const. */
export function behaviorDefinitionOf(node: ts.Node, context: RuleContext): ts.ObjectLiteralExpression | undefined {
  const { ts, semantics } = context;
  if (!ts.isCallExpression(node)) return undefined;
  const callee = semantics.skipOuter(node.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'registerBehavior') return undefined;
  const arg = node.arguments[0];
  if (!arg) return undefined;
  let e = semantics.skipOuter(arg);
  if (ts.isIdentifier(e)) {
    const decl = context.checker.getSymbolAtLocation(e)?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer) e = semantics.skipOuter(decl.initializer);
  }
  return ts.isObjectLiteralExpression(e) ? e : undefined;
}
