import { PERMISSIONS } from '../plugins/contract.js';
import { BEHAVIOR_STATUSES, BEHAVIOR_TYPES, EVENT_TYPES, PRIORITIES } from '../engine/types.js';

/**
 * The names of the functions the bootstrap hands back to the host. The host keeps handles to
 * them; they are never put on the sandbox's globalThis, so plugin code cannot replace them.
 */
export const BOOT_FUNCTIONS = ['load', 'install', 'register', 'dispose', 'call', 'drain', 'fire'] as const;
export type BootFunction = (typeof BOOT_FUNCTIONS)[number];

/** What the host tells the bootstrap when the sandbox is created. Plain data. */
export interface BootConfig {
  maxResultBytes: number;
  sdkModule: string;
  /** The largest `length` the array methods that loop inside QuickJS without an interrupt check accept. */
  maxArrayLength: number;
  /** Those methods (UNINTERRUPTIBLE_ARRAY_METHODS). */
  cappedArrayMethods: readonly string[];
}

/**
 * Array methods QuickJS runs in C over `length` without calling back into bytecode, so the
 * interrupt handler never runs inside them: `Array.prototype.includes.call({ length: 2 ** 31 }, 1)`
 * or `new Array(2 ** 27).sort()` held the host for seconds past any limit. (Methods that call a
 * callback run bytecode each step and are interrupted like any code.)
 */
export const UNINTERRUPTIBLE_ARRAY_METHODS = [
  'includes', 'indexOf', 'lastIndexOf', 'join', 'toString', 'toLocaleString', 'reverse', 'sort', 'copyWithin',
  'fill', 'slice', 'splice', 'concat', 'flat', 'toReversed', 'toSorted', 'toSpliced', 'with',
] as const;

/**
 * The SDK as plugins see it inside the sandbox, as data: the bootstrap builds the SDK object
 * from these values inside the sandbox, so no host object ever crosses.
 */
export const SANDBOX_SDK_DATA = {
  PERMISSIONS,
  EVENT_TYPES,
  PRIORITIES,
  BEHAVIOR_TYPES,
  BEHAVIOR_STATUSES,
};

/**
 * Source of the script evaluated first in every sandbox. It evaluates to a factory that takes
 * the host bridge function (strings in, strings out) and the config as JSON, and returns the
 * entry points the host calls.
 *
 * Nothing here is a security boundary: the boundary is the separate WebAssembly heap and the
 * host's checks on every string that comes out. Plugin code can tamper with the intrinsics this
 * script uses (it runs in the same realm), which can only break that plugin. The intrinsics are
 * captured before plugin code runs so an ordinary plugin does not break it by accident.
 *
 * Envelopes returned to the host are strings: `u` (undefined), `v<json>` (a value), `e<message>`
 * (an error), `E<json [message, stack]>` (an error with a stack), `p<n>` (a promise, settled
 * later through `drain`).
 */
export function bootstrapSource(): string {
  return `(function (hostCall, configJson, sdkJson) {
  'use strict';
  var G = globalThis;
  var O = Object, freeze = O.freeze, keys = O.keys, defineProperty = O.defineProperty,
      create = O.create, getPrototypeOf = O.getPrototypeOf;
  var stringify = JSON.stringify, parse = JSON.parse;
  var apply = Reflect.apply;
  var PromiseC = Promise, promiseResolve = Promise.resolve.bind(Promise), promiseThen = Promise.prototype.then;
  var StringC = String, NumberC = Number, TypeErrorC = TypeError, ErrorC = Error, sliceS = String.prototype.slice;
  var config = parse(configJson);
  var sdkData = parse(sdkJson);

  function bridge(op, payload) {
    var out = hostCall(op, payload === undefined ? '' : stringify(payload));
    return out === '' ? undefined : parse(out);
  }

  // What crosses is cut here, inside: a 20 MB message would cost the host its copy.
  function cut(text, n) {
    return text.length > n ? apply(sliceS, text, [0, n]) : text;
  }

  function describe(e) {
    try {
      if (e !== null && typeof e === 'object' && typeof e.message === 'string') {
        var name = typeof e.name === 'string' && e.name !== 'Error' ? cut(e.name, 100) + ': ' : '';
        return name + cut(e.message, 4000);
      }
      if (typeof e === 'string') return cut(e, 4000);
      return 'non-error value thrown: ' + cut(StringC(e), 4000);
    } catch (_) {
      return 'non-error value thrown (not printable)';
    }
  }

  // An error envelope: 'E' and JSON [description, stack] when the error has a stack (the host
  // keeps the plugin's own frames and puts them on the author's lines), else 'e' and the text.
  function errorEnvelope(e) {
    var text = describe(e);
    try {
      if (e !== null && typeof e === 'object' && typeof e.stack === 'string' && e.stack !== '') return 'E' + stringify([text, cut(e.stack, 4000)]);
    } catch (_) {
      // no stack then
    }
    return 'e' + text;
  }

  // Events are fresh trees from JSON.parse (no cycles, nothing shared): no isFrozen check, and
  // no call for primitives, which measured a third of a call's cost in QuickJS.
  function deepFreeze(v) {
    freeze(v);
    var ks = keys(v);
    for (var i = 0; i < ks.length; i++) {
      var x = v[ks[i]];
      if (x !== null && typeof x === 'object') deepFreeze(x);
    }
    return v;
  }

  // Results leave as JSON; a function, symbol or bigint is refused with its key so the author
  // sees what was wrong (the host re-checks size and parses the JSON itself).
  function encode(value, what) {
    var json = stringify(value, function (key, v) {
      var t = typeof v;
      if (t === 'function' || t === 'symbol' || t === 'bigint') {
        throw new TypeErrorC(what + ' contains a ' + t + (key ? ' at key "' + key + '"' : '') + ': only data (JSON) can leave the sandbox');
      }
      return v;
    });
    if (json === undefined) return 'u';
    if (json.length > config.maxResultBytes) {
      throw new TypeErrorC(what + ' is ' + json.length + ' bytes of JSON, over the ' + config.maxResultBytes + ' byte limit');
    }
    return 'v' + json;
  }

  // --- code generation from strings is taken away before plugin code runs -------------------
  var refuse = function () { throw new TypeErrorC('code generation from strings is disabled in the sandbox'); };
  var fnProtos = [
    getPrototypeOf(function () {}),
    getPrototypeOf(async function () {}),
    getPrototypeOf(function* () {}),
    getPrototypeOf(async function* () {}),
  ];
  for (var fi = 0; fi < fnProtos.length; fi++) {
    defineProperty(fnProtos[fi], 'constructor', { value: refuse, writable: false, enumerable: false, configurable: false });
  }
  refuse.prototype = fnProtos[0];
  defineProperty(G, 'Function', { value: refuse, writable: false, enumerable: false, configurable: false });
  delete G.eval;

  // --- a length cap on the array methods no interrupt reaches (see UNINTERRUPTIBLE_ARRAY_METHODS)
  var AP = Array.prototype, RangeErrorC = RangeError, lengthCap = config.maxArrayLength;
  function capLength(name, original) {
    var guarded = {};
    guarded[name] = function () {
      var n = this === null || this === undefined ? 0 : this.length;
      if (n > lengthCap) throw new RangeErrorC('Array.prototype.' + name + ': a length of ' + n + ' is over the ' + lengthCap + ' this sandbox allows');
      return apply(original, this, arguments);
    };
    return guarded[name];
  }
  var arrayMethods = config.cappedArrayMethods;
  for (var ai = 0; ai < arrayMethods.length; ai++) {
    var original = AP[arrayMethods[ai]];
    if (typeof original === 'function') {
      defineProperty(AP, arrayMethods[ai], { value: capLength(arrayMethods[ai], original), writable: true, enumerable: false, configurable: true });
    }
  }

  // --- the SDK, built here, from data ----------------------------------------------------------
  var sdk = freeze({
    definePlugin: function definePlugin(definition) { return definition; },
    PERMISSIONS: freeze(sdkData.PERMISSIONS),
    EVENT_TYPES: freeze(sdkData.EVENT_TYPES),
    PRIORITIES: freeze(sdkData.PRIORITIES),
    BEHAVIOR_TYPES: freeze(sdkData.BEHAVIOR_TYPES),
    BEHAVIOR_STATUSES: freeze(sdkData.BEHAVIOR_STATUSES),
  });
  function sandboxRequire(specifier) {
    if (specifier === config.sdkModule) return sdk;
    throw new ErrorC('module "' + StringC(specifier) + '" is not available in the sandbox: a sandboxed plugin may import only ' + config.sdkModule);
  }

  // --- state, in null-prototype tables so prototype tampering does not reach them -------------
  var plugin = null;
  var granted = create(null);
  var handlers = create(null);
  var handlerContexts = create(null);
  var timers = create(null);
  var settled = [];
  var promiseSeq = 0;
  var pluginName = '';
  var pluginVersion = '';

  function recordMetric(name, value) { bridge('metric', [StringC(name), NumberC(value)]); }

  // The handler context's signal, for code written against the host's BehaviorContext: in the
  // sandbox a call past its limit is stopped by the interrupt, so there is nothing to watch.
  var neverAborted = freeze({
    aborted: false,
    reason: undefined,
    onabort: null,
    throwIfAborted: function () {},
    addEventListener: function () {},
    removeEventListener: function () {},
  });

  function outcome(r, what) {
    if (r !== null && (typeof r === 'object' || typeof r === 'function') && typeof r.then === 'function') {
      var n = ++promiseSeq;
      apply(promiseThen, promiseResolve(r), [
        function (v) {
          var s;
          try { s = encode(v, what); } catch (e) { s = errorEnvelope(e); }
          settled[settled.length] = [n, s];
        },
        function (e) { settled[settled.length] = [n, errorEnvelope(e)]; },
      ]);
      return 'p' + n;
    }
    return encode(r, what);
  }

  function pick(source, key) {
    if ((typeof source !== 'object' && typeof source !== 'function') || source === null) return undefined;
    return source[key];
  }

  function load(fn, filename) {
    var module = { exports: {} };
    apply(fn, module.exports, [module.exports, sandboxRequire, module, filename, '/plugin']);
    var exp = module.exports;
    var def = pick(exp, 'default');
    var self = def;
    var metadata = pick(def, 'metadata');
    var form = 'define';
    if (metadata === undefined) {
      self = exp;
      metadata = pick(exp, 'PLUGIN_METADATA');
      form = metadata === undefined ? 'unknown' : 'seed';
    }
    var register = pick(self, 'register');
    var dispose = pick(self, 'dispose');
    plugin = {
      self: self,
      register: typeof register === 'function' ? register : null,
      dispose: typeof dispose === 'function' ? dispose : null,
    };
    return stringify({
      metadata: metadata === undefined ? null : parse(encode(metadata, 'metadata').slice(1) || 'null'),
      hasMetadata: metadata !== undefined,
      hasRegister: plugin.register !== null,
      hasDispose: plugin.dispose !== null,
      form: form,
    });
  }

  // Capabilities exist only when granted: an undeclared one is absent, not merely refused.
  function install(grantsJson, name, version) {
    var list = parse(grantsJson);
    pluginName = name;
    pluginVersion = version;
    for (var i = 0; i < list.length; i++) granted[list[i]] = true;
    if (granted.timers) {
      var setTimer = function (repeat) {
        return function (fn, delay) {
          if (typeof fn !== 'function') throw new TypeErrorC('the timer callback must be a function');
          var args = [];
          for (var a = 2; a < arguments.length; a++) args[args.length] = arguments[a];
          var id = bridge('timer.set', { delay: NumberC(delay) || 0, repeat: repeat });
          timers[id] = { fn: fn, args: args, repeat: repeat };
          return id;
        };
      };
      var clearTimer = function (id) {
        if (typeof id !== 'number' || !timers[id]) return;
        delete timers[id];
        bridge('timer.clear', { id: id });
      };
      defineProperty(G, 'setTimeout', { value: setTimer(false), writable: true, configurable: true });
      defineProperty(G, 'setInterval', { value: setTimer(true), writable: true, configurable: true });
      defineProperty(G, 'clearTimeout', { value: clearTimer, writable: true, configurable: true });
      defineProperty(G, 'clearInterval', { value: clearTimer, writable: true, configurable: true });
      var immediate = setTimer(false);
      defineProperty(G, 'setImmediate', {
        value: function (fn) {
          var args = [fn, 0];
          for (var a = 1; a < arguments.length; a++) args[args.length] = arguments[a];
          return apply(immediate, undefined, args);
        },
        writable: true,
        configurable: true,
      });
      defineProperty(G, 'clearImmediate', { value: clearTimer, writable: true, configurable: true });
    }
    if (granted.log) {
      var write = function (level) {
        return function () {
          var parts = [];
          for (var a = 0; a < arguments.length; a++) {
            var x = arguments[a];
            parts[parts.length] = typeof x === 'string' ? x : (function () { try { return stringify(x); } catch (_) { return StringC(x); } })();
          }
          bridge('log', [level, parts.join(' ')]);
        };
      };
      var consoleObject = freeze({ log: write('info'), info: write('info'), warn: write('warn'), error: write('error'), debug: write('info') });
      defineProperty(G, 'console', { value: consoleObject, writable: true, configurable: true });
    }
    return 'u';
  }

  function makeContext() {
    var ctx = { name: pluginName, version: pluginVersion, recordMetric: recordMetric };
    if (granted.log) {
      ctx.log = freeze({
        info: function (m) { bridge('log', ['info', StringC(m)]); },
        warn: function (m) { bridge('log', ['warn', StringC(m)]); },
        error: function (m) { bridge('log', ['error', StringC(m)]); },
      });
    }
    if (granted.storage) {
      ctx.storage = freeze({
        get: function (key) { return bridge('storage.get', { key: StringC(key) }); },
        set: function (key, value) {
          var s = encode(value, 'storage value');
          bridge('storage.set', { key: StringC(key), json: s === 'u' ? 'null' : s.slice(1) });
        },
        delete: function (key) { return bridge('storage.delete', { key: StringC(key) }); },
        keys: function () { return bridge('storage.keys'); },
      });
    }
    return freeze(ctx);
  }

  function register() {
    if (!plugin || !plugin.register) return 'e' + 'the plugin has no register function';
    var registry = freeze({
      registerBehavior: function (definition) {
        if (definition === null || typeof definition !== 'object') {
          throw new TypeErrorC('behavior definition must be an object');
        }
        var handler = definition.handler;
        var data = {
          id: definition.id, type: definition.type, events: definition.events, priority: definition.priority,
          name: definition.name, description: definition.description, tags: definition.tags,
          status: definition.status, timeoutMs: definition.timeoutMs, handler: typeof handler === 'function',
        };
        var id = bridge('register', parse(encode(data, 'behavior definition').slice(1)));
        handlers[id] = handler;
        return id;
      },
    });
    var r;
    try { r = apply(plugin.register, plugin.self, [registry, makeContext()]); } catch (e) { return errorEnvelope(e); }
    return outcome(r, 'register() result');
  }

  function dispose() {
    if (!plugin || !plugin.dispose) return 'u';
    var r;
    try { r = apply(plugin.dispose, plugin.self, []); } catch (e) { return errorEnvelope(e); }
    return outcome(r, 'dispose() result');
  }

  function call(id, eventJson) {
    var handler = handlers[id];
    if (typeof handler !== 'function') return 'e' + 'behavior "' + id + '" has no handler in this sandbox';
    var event = parse(eventJson);
    if (event !== null && typeof event === 'object') deepFreeze(event);
    var ctx = handlerContexts[id];
    if (ctx === undefined) ctx = handlerContexts[id] = freeze({ behaviorId: id, owner: pluginName, recordMetric: recordMetric, signal: neverAborted });
    var r;
    try { r = handler(event, ctx); } catch (e) { return errorEnvelope(e); }
    try { return outcome(r, 'the result of behavior "' + id + '"'); } catch (e) { return errorEnvelope(e); }
  }

  function drain() {
    var out = settled;
    settled = [];
    return stringify(out);
  }

  function fire(idString) {
    var id = NumberC(idString);
    var timer = timers[id];
    if (!timer) return 'u';
    if (!timer.repeat) delete timers[id];
    try { apply(timer.fn, undefined, timer.args); } catch (e) { return errorEnvelope(e); }
    return 'u';
  }

  return { load: load, install: install, register: register, dispose: dispose, call: call, drain: drain, fire: fire };
})`;
}
