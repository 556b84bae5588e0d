import { patternSourceGlobal, propertyNameStrings } from '../semantics.js';
import type { Rule } from '../types.js';

const NETWORK_GLOBALS = ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'WebTransport', 'RTCPeerConnection', 'importScripts'];

/** Network access: a plugin that can reach the network can exfiltrate whatever it sees. */
export const noNetwork: Rule = {
  meta: {
    id: 'no-network',
    category: 'security',
    defaultSeverity: 'error',
    description: 'Forbids network access: fetch, XMLHttpRequest, WebSocket, EventSource, navigator.sendBeacon',
    docs: `Behaviors see the user's drawing and interactions; a plugin that can reach the network can
send them anywhere. The rule finds the host's network globals however they are reached
(window.fetch, const f = fetch, globalThis['fetch'], const { fetch: f } = globalThis) and
navigator.sendBeacon, also when destructured (const { sendBeacon } = navigator, from an alias
of navigator or from window.navigator). A method of your own named fetch (store.fetch(id)) or
sendBeacon (const { sendBeacon } = myLocalObject) is not reported.

Fix: ask the host application for the data, through events.`,
    messages: {
      network: '{name} reaches the network; plugins get data through events',
      beacon: 'navigator.sendBeacon sends data to the network',
    },
  },
  globals: [...NETWORK_GLOBALS, 'navigator'],
  checkGlobal(reference, context) {
    const { ts, semantics } = context;
    if (reference.name !== 'navigator') {
      const parent = reference.node.parent;
      if (parent && ts.isTypeOfExpression(parent)) return;
      context.report(reference.node, 'network', { name: reference.name });
      return;
    }
    const parent = reference.node.parent;
    if (parent && ts.isPropertyAccessExpression(parent) && parent.expression === reference.node && parent.name.text === 'sendBeacon') {
      context.report(parent, 'beacon');
    } else if (parent && ts.isElementAccessExpression(parent) && parent.expression === reference.node && semantics.constantStrings(parent.argumentExpression)?.includes('sendBeacon') !== false) {
      context.report(parent, 'beacon');
    }
  },
  // const { sendBeacon } = navigator takes the function out to call later (send.call(navigator, ...)).
  kinds: ['ObjectBindingPattern'],
  check(node, context) {
    const { ts, semantics } = context;
    if (!ts.isObjectBindingPattern(node)) return;
    if (patternSourceGlobal(ts, semantics, node) !== 'navigator') return;
    for (const element of node.elements) {
      if (element.dotDotDotToken) continue; // sendBeacon lives on Navigator.prototype: a rest does not copy it
      const keys = propertyNameStrings(ts, semantics, element.propertyName ?? element.name);
      if (keys === undefined || keys.includes('sendBeacon')) context.report(element, 'beacon');
    }
  },
};
