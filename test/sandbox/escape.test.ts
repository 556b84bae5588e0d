import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sandboxPlugin, harness, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/**
 * Inside each attacking plugin: `attempt(f)` runs one route and reports, as data, whether it
 * gave anything back. The assertions are on that report, made by the host.
 */
const PRELUDE = `
const attempt = (f) => {
  try {
    const v = f();
    return { reached: v !== undefined && v !== null, type: typeof v };
  } catch (e) {
    return { reached: false, error: String(e && e.message) };
  }
};
`;

// The test runner installs its own hook in the host: the plugin must not have changed it.
const hostPrepareStackTrace = (Error as { prepareStackTrace?: unknown }).prepareStackTrace;

interface EscapeCase {
  technique: string;
  /** The attack in a handler, or in register (then `handler` may be left out). */
  handler?: string;
  register?: string;
  check: (value: Record<string, { reached: boolean; type?: string; error?: string }>) => void;
}

const cases: EscapeCase[] = [
  {
    technique: 'reads process, require, module internals and Node globals',
    handler: `() => ({
      process: attempt(() => process),
      globalProcess: attempt(() => globalThis.process),
      globalRequire: attempt(() => globalThis.require),
      buffer: attempt(() => Buffer),
      global: attempt(() => global),
      setImmediate: attempt(() => setImmediate),
      worker: attempt(() => Worker),
      wasm: attempt(() => WebAssembly),
      fetch: attempt(() => fetch),
    })`,
    check: (v) => {
      for (const key of Object.keys(v)) expect(v[key]?.reached, key).toBe(false);
    },
  },
  {
    technique: 'requires a Node built-in with a computed name (not seen by the bundler)',
    handler: `() => {
      const name = ['f', 's'].join('');
      const cp = ['child', 'process'].join('_');
      return {
        fs: attempt(() => require(name)),
        nodeFs: attempt(() => require('node:' + name)),
        childProcess: attempt(() => require(cp)),
        workers: attempt(() => require(['worker', 'threads'].join('_'))),
        sdkOnly: { reached: typeof require('svgx-plugins').definePlugin !== 'function' },
      };
    }`,
    check: (v) => {
      for (const key of ['fs', 'nodeFs', 'childProcess', 'workers']) {
        expect(v[key]?.reached, key).toBe(false);
        expect(v[key]?.error).toContain('not available in the sandbox');
      }
      expect(v['sdkOnly']?.reached).toBe(false);
    },
  },
  {
    technique: 'builds the Function constructor from the objects the host hands it (registry, ctx, event)',
    register: `
      const routes = {
        registryFn: () => registry.registerBehavior.constructor('return process')(),
        registryProto: () => Object.getPrototypeOf(registry).constructor.constructor('return process')(),
        ctxFn: () => ctx.recordMetric.constructor('return globalThis.process')(),
        asyncFn: () => (async function () {}).constructor('return process')(),
        genFn: () => (function* () {}).constructor('return process')().next().value,
        eval: () => eval('process'),
        indirectEval: () => (0, globalThis['ev' + 'al'])('process'),
        arrayCtor: () => [].constructor.constructor('return process')(),
        reflect: () => Reflect.construct(Object.getPrototypeOf(() => {}).constructor, ['return process'])(),
        descriptor: () => Object.getOwnPropertyDescriptor(Object.getPrototypeOf(function () {}), 'constructor').value('return process')(),
        redefine: () => { Object.defineProperty(Function.prototype, 'constructor', { value: 1 }); return undefined; },
        timerString: () => setTimeout('process', 0),
      };
      registry.registerBehavior({ id: 'attacker.main', type: 'custom', events: ['physics'], handler: (event, hctx) => {
        const out = {};
        for (const key of Object.keys(routes)) out[key] = attempt(routes[key]);
        out.eventFn = attempt(() => event.constructor.constructor('return process')());
        out.eventData = attempt(() => event.data.constructor.constructor('return process')());
        out.handlerCtx = attempt(() => hctx.recordMetric.constructor('return process')());
        return out;
      } });`,
    handler: '',
    check: (v) => {
      for (const key of Object.keys(v)) expect(v[key]?.reached, key).toBe(false);
      expect(v['registryFn']?.error).toContain('code generation from strings is disabled');
      expect(v['redefine']?.error).toMatch(/not configurable|read-only|redefine/i);
    },
  },
  {
    technique: 'walks from an error the host throws at it back to a constructor',
    register: `
      let caught;
      try { registry.registerBehavior({ id: 'attacker.bad', type: 'no-such-type', events: ['physics'], handler: () => 1 }); }
      catch (e) { caught = e; }
      registry.registerBehavior({ id: 'attacker.main', type: 'custom', events: ['physics'], handler: () => ({
        gotError: { reached: caught instanceof Error, type: typeof caught },
        sameRealm: { reached: caught.constructor !== Error },
        ctor: attempt(() => caught.constructor.constructor('return process')()),
        proto: attempt(() => Object.getPrototypeOf(Object.getPrototypeOf(caught)).constructor.constructor('return process')()),
        stackHasHostPath: { reached: /node_modules|\\.ts:|src\\//.test(String(caught.stack)) },
        message: { reached: false, error: caught.message },
      }) });`,
    handler: '',
    check: (v) => {
      expect(v['gotError']?.reached).toBe(true);
      expect(v['sameRealm']?.reached).toBe(false);
      expect(v['ctor']?.reached).toBe(false);
      expect(v['proto']?.reached).toBe(false);
      expect(v['stackHasHostPath']?.reached).toBe(false);
      expect(v['message']?.error).toContain('field "type"');
    },
  },
  {
    technique: 'sets Error.prepareStackTrace to collect call sites of host frames',
    handler: `() => {
      let frames = null;
      Error.prepareStackTrace = (e, callSites) => { frames = callSites; return 'hooked'; };
      Error.captureStackTrace = () => { frames = 'captured'; };
      const stack = new Error('probe').stack;
      return { frames: { reached: frames !== null, type: typeof frames }, stack: { reached: stack === 'hooked' } };
    }`,
    check: (v) => {
      expect(v['frames']?.reached).toBe(false);
      expect(v['stack']?.reached).toBe(false);
      expect((Error as { prepareStackTrace?: unknown }).prepareStackTrace).toBe(hostPrepareStackTrace);
    },
  },
  {
    technique: 'pollutes Object.prototype and Array.prototype and returns a __proto__ payload',
    handler: `() => {
      Object.prototype.polluted = 'yes';
      Array.prototype.includes = () => true;
      JSON.parse = () => ({ hijacked: true });
      return JSON.stringify === undefined ? {} : { payload: true, ['__proto__']: { isAdmin: true } };
    }`,
    check: (v) => {
      const plain: Record<string, unknown> = {};
      expect(plain['polluted']).toBeUndefined();
      expect(plain['isAdmin']).toBeUndefined();
      expect(['a'].includes('b')).toBe(false);
      expect(JSON.parse('{"a":1}')).toEqual({ a: 1 });
      expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    },
  },
  {
    technique: 'returns a Proxy, a getter and an object with toJSON to run code in the host',
    handler: `() => {
      const trap = new Proxy({}, { get: () => { throw new Error('trap ran'); }, ownKeys: () => ['a'], getOwnPropertyDescriptor: () => ({ value: 1, enumerable: true, configurable: true }) });
      return { proxy: trap, getter: { get value() { return 'from getter'; } }, custom: { toJSON() { return 'serialized inside'; } } };
    }`,
    check: () => undefined,
  },
];

describe('escape attempts: every route is contained and the host still serves the other plugins', () => {
  for (const c of cases) {
    it(`contains a plugin that ${c.technique}`, async () => {
      h = await harness({
        'attacker.js': sandboxPlugin({ name: 'attacker', prelude: PRELUDE, ...(c.handler ? { handler: c.handler } : {}), ...(c.register ? { register: c.register } : {}) }),
      });
      await h.system.loadAll();
      const attacker = h.system.getPlugin('attacker');
      expect(attacker?.status, attacker?.lastError?.message).toBe('loaded');
      expect(attacker?.loader).toBe('sandboxed');
      const d = await h.dispatch();
      const result = h.resultOf(d, 'attacker.main');
      if (c.technique.startsWith('returns a Proxy')) {
        // The Proxy's trap runs inside the sandbox (and throws there): the call is an error, and
        // nothing but a message reaches the host.
        expect(result?.outcome).toBe('error');
        expect(result?.error).toContain('trap ran');
      } else {
        expect(result?.outcome, result?.error).toBe('ok');
        c.check(result?.value as Record<string, { reached: boolean }>);
      }
      expect(typeof (globalThis as Record<string, unknown>)['process']).toBe('object');
      await h.expectHostServes();
    });
  }

  it('refuses a plugin that statically imports a Node built-in, naming the import', async () => {
    h = await harness({
      'attacker.js': `import { readFileSync } from 'node:fs';\n${sandboxPlugin({ name: 'attacker', handler: `() => readFileSync('/etc/passwd', 'utf8')` })}`,
      'dynamic.js': sandboxPlugin({ name: 'dynamic', handler: `async () => { const m = await import('node:child_process'); return typeof m.exec; }` }),
    });
    await h.system.loadAll();
    const info = h.system.getPlugin('attacker');
    expect(info?.status).toBe('error');
    expect(info?.lastError?.message).toContain('imports "node:fs", which a sandboxed plugin cannot use');
    expect(h.system.getPlugin('dynamic')?.status).toBe('error');
    await h.expectHostServes();
  });

  it("bundles no file from outside the plugin's folder: absolute, relative, require() or through a symlink", async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'svgx-outside-'));
    try {
      const secret = path.join(outside, 'secret.json');
      await writeFile(secret, JSON.stringify({ token: 'host-secret' }));
      await writeFile(path.join(outside, 'helper.js'), `module.exports = { token: 'host-helper' };`);
      h = await harness({
        'absolute.js': `import text from ${JSON.stringify(secret)} with { type: 'text' };\n${sandboxPlugin({ name: 'absolute', handler: `() => text` })}`,
        'folder/index.js': `import data from '../../${path.basename(outside)}/secret.json';\n${sandboxPlugin({ name: 'folder', handler: `() => data` })}`,
        'required.js': sandboxPlugin({ name: 'required', handler: `() => require('../${path.basename(outside)}/helper.js').token` }),
        'linked/index.js': `import data from './data.json';\n${sandboxPlugin({ name: 'linked', handler: `() => data` })}`,
        'own/index.js': `import { n } from './lib/n.js';\nimport data from './data.json';\n${sandboxPlugin({ name: 'own', handler: `() => [n, data.ok]` })}`,
        'own/lib/n.js': 'export const n = 7;',
        'own/data.json': '{ "ok": true }',
      });
      await symlink(secret, path.join(h.dir.dir, 'linked', 'data.json'));
      await h.system.loadAll();
      for (const name of ['absolute', 'folder', 'required', 'linked']) {
        const info = h.system.getPlugin(name);
        expect(info?.status, name).toBe('error');
        expect(info?.lastError?.message, name).toMatch(/is outside the plugin's folder .*: a sandboxed plugin can only import its own files/);
      }
      expect(h.resultOf(await h.dispatch(), 'own.main')).toMatchObject({ outcome: 'ok', value: [7, true] });
      await h.expectHostServes();
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it("bundles no hidden file and nothing under node_modules of the plugin's folder (.env, .git)", async () => {
    h = await harness({
      '.env': 'API_KEY=hunter2',
      'node_modules/lib/index.js': 'module.exports = { token: 1 };',
      'dotenv.js': `import env from './.env' with { type: 'text' };\n${sandboxPlugin({ name: 'dotenv', handler: `() => env` })}`,
      'deps.js': `import lib from './node_modules/lib/index.js';\n${sandboxPlugin({ name: 'deps', handler: `() => lib.token` })}`,
    });
    await h.system.loadAll();
    for (const name of ['dotenv', 'deps']) {
      expect(h.system.getPlugin(name)?.status, name).toBe('error');
      expect(h.system.getPlugin(name)?.lastError?.message, name).toMatch(/is hidden or under node_modules in the plugin's folder/);
    }
    await h.expectHostServes();
  });

  it("lets no tsconfig.json make the host read a file: its extends is not followed, /dev/zero included", async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'svgx-outside-'));
    try {
      await writeFile(path.join(outside, 'secret.txt'), 'SECRET_TOKEN_123');
      h = await harness({
        'zero/tsconfig.json': JSON.stringify({ extends: '/dev/zero' }),
        'zero/index.ts': sandboxPlugin({ name: 'zero', handler: `() => 'zero ok'` }),
        'leak/tsconfig.json': JSON.stringify({ extends: path.join(outside, 'secret.txt') }),
        'leak/index.ts': sandboxPlugin({ name: 'leak', handler: `() => 'leak ok'` }),
        // Its own options still count: verbatimModuleSyntax keeps an import used as a type only.
        'kept/tsconfig.json': '{\n  // comments and trailing commas, as tsc allows\n  "compilerOptions": { "verbatimModuleSyntax": true, },\n}\n',
        'kept/index.ts': `import { Shape } from '../../${path.basename(outside)}/types';\nconst s: Shape | undefined = undefined;\n${sandboxPlugin({ name: 'kept', handler: `() => s ?? 'kept ok'` })}`,
      });
      await writeFile(path.join(outside, 'types.ts'), 'export interface Shape { n: number }\n');
      await h.system.loadAll();
      const d = await h.dispatch();
      expect(h.resultOf(d, 'zero.main')).toMatchObject({ outcome: 'ok', value: 'zero ok' });
      expect(h.resultOf(d, 'leak.main')).toMatchObject({ outcome: 'ok', value: 'leak ok' });
      expect(JSON.stringify(h.system.getPlugins())).not.toContain('SECRET_TOKEN_123');
      expect(h.system.getPlugin('kept')?.lastError?.message).toMatch(/is outside the plugin's folder/);
      await h.expectHostServes();
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  }, 20_000);

  it('contains a dynamic import() with a computed specifier', async () => {
    h = await harness({
      'attacker.js': sandboxPlugin({
        name: 'attacker',
        handler: `async () => { const m = await import(['node', 'fs'].join(':')); return typeof m.readFileSync; }`,
      }),
    });
    await h.system.loadAll();
    const result = h.resultOf(await h.dispatch(), 'attacker.main');
    expect(result?.outcome).toBe('error');
    await h.expectHostServes();
  });

  it('returns only data: a function in a result is refused and named', async () => {
    h = await harness({ 'attacker.js': sandboxPlugin({ name: 'attacker', handler: `() => ({ ok: 1, callback: () => process })` }) });
    await h.system.loadAll();
    const result = h.resultOf(await h.dispatch(), 'attacker.main');
    expect(result).toMatchObject({ outcome: 'error' });
    expect(result?.error).toContain('contains a function at key "callback"');
    await h.expectHostServes();
  });

  it('caps the size of a result at sandbox.maxResultBytes', async () => {
    h = await harness({ 'attacker.js': sandboxPlugin({ name: 'attacker', handler: `() => 'x'.repeat(5000)` }) }, { sandbox: { maxResultBytes: 2048, quarantineAfter: 0 } });
    await h.system.loadAll();
    const result = h.resultOf(await h.dispatch(), 'attacker.main');
    expect(result?.outcome).toBe('error');
    expect(result?.error).toContain('over the 2048 byte limit');
    await h.expectHostServes();
  });

  it('hands each handler a frozen copy of the event: a change cannot reach the host or the next behavior', async () => {
    h = await harness({
      'attacker.js': sandboxPlugin({
        name: 'attacker',
        handler: `(event) => { try { event.data.n = 666; event.data.injected = true; } catch (e) {} return { seen: event.data.n, injected: event.data.injected ?? null, frozen: Object.isFrozen(event.data) && Object.isFrozen(event) }; }`,
        prelude: PRELUDE,
      }),
    });
    await h.system.loadAll();
    const event = { type: 'physics' as const, data: { n: 7 } };
    const d = await h.system.engine.dispatch(event);
    expect(h.resultOf(d, 'attacker.main')?.value).toEqual({ frozen: true, seen: 7, injected: null });
    expect(event.data).toEqual({ n: 7 });
    expect(h.resultOf(d, 'witness.main')?.value).toEqual({ alive: true, n: 7 });
  });

  it('survives a throw of an odd object: a getter that throws, a Proxy, a symbol', async () => {
    h = await harness({
      'odd-getter.js': sandboxPlugin({ name: 'odd-getter', handler: `() => { throw { get message() { throw new Error('nested'); }, get name() { while (true) {} } }; }` }),
      'odd-proxy.js': sandboxPlugin({ name: 'odd-proxy', handler: `() => { throw new Proxy({}, { get() { throw new Error('proxy'); } }); }` }),
      'odd-symbol.js': sandboxPlugin({ name: 'odd-symbol', handler: `() => { throw Symbol('s'); }` }),
    });
    await h.system.loadAll();
    const d = await h.dispatch();
    for (const id of ['odd-getter.main', 'odd-proxy.main', 'odd-symbol.main']) {
      expect(['error', 'timeout'], id).toContain(h.resultOf(d, id)?.outcome);
    }
    await h.expectHostServes();
  });

  it('finds nothing but ECMAScript built-ins on its global object, and no host path in its stack traces', async () => {
    h = await harness({
      'attacker.js': sandboxPlugin({
        name: 'attacker',
        handler: `() => ({ globals: Object.getOwnPropertyNames(globalThis).sort(), stack: new Error('where am I').stack })`,
      }),
    });
    await h.system.loadAll();
    const value = h.resultOf(await h.dispatch(), 'attacker.main')?.value as { globals: string[]; stack: string };
    const standard = new Set(Object.getOwnPropertyNames(globalThis));
    // Only names the language itself defines (every one also exists in Node's global, except
    // QuickJS-specific ones listed here); no host function, bridge or Node API.
    const quickjsOnly = new Set(['InternalError', 'Iterator', 'performance', 'Float16Array']);
    const unexpected = value.globals.filter((g) => !standard.has(g) && !quickjsOnly.has(g));
    expect(unexpected).toEqual([]);
    for (const name of ['process', 'require', 'host', 'Buffer', 'global', 'setTimeout', 'console', 'eval', 'WebAssembly']) {
      expect(value.globals).not.toContain(name);
    }
    expect(value.stack).toContain('plugin:attacker/attacker.js');
    expect(value.stack).not.toContain(h.dir.dir);
    expect(value.stack).not.toMatch(/node_modules|dist\/|src\//);
    await h.expectHostServes();
  });

  it('contains a result nested too deep to copy', async () => {
    h = await harness({
      'attacker.js': sandboxPlugin({ name: 'attacker', handler: `() => { let a = []; for (let i = 0; i < 30000; i++) a = [a]; return a; }` }),
    });
    await h.system.loadAll();
    const result = h.resultOf(await h.dispatch(), 'attacker.main');
    // QuickJS's JSON.stringify checks for cycles by walking its stack: deep nesting is slow, so
    // the copy is either refused or stopped at the time limit. Either way nothing reaches the host.
    expect(['error', 'timeout']).toContain(result?.outcome);
    await h.expectHostServes();
  });

  it('cannot register behaviors after register() has finished, from a handler', async () => {
    h = await harness({
      'attacker.js': sandboxPlugin({
        name: 'attacker',
        register: `const api = registry;
          registry.registerBehavior({ id: 'attacker.main', type: 'custom', events: ['physics'], handler: () => {
            api.registerBehavior({ id: 'attacker.late', type: 'custom', events: ['physics'], handler: () => 'late' });
            return 'registered';
          } });`,
      }),
    });
    await h.system.loadAll();
    const result = h.resultOf(await h.dispatch(), 'attacker.main');
    expect(result?.outcome).toBe('error');
    expect(result?.error).toContain('outside register()');
    expect(h.system.engine.registry.get('attacker.late')).toBeUndefined();
    await h.expectHostServes();
  });

  it('cannot flood the host registry from register()', async () => {
    h = await harness({
      'attacker.js': sandboxPlugin({
        name: 'attacker',
        register: `for (let i = 0; i < 100000; i++) registry.registerBehavior({ id: 'attacker.b' + i, type: 'custom', events: ['physics'], handler: () => i });`,
      }),
    });
    await h.system.loadAll();
    const info = h.system.getPlugin('attacker');
    expect(info?.status).toBe('error');
    expect(info?.lastError?.message).toContain('more than 1000 behaviors');
    expect(h.system.engine.registry.list({ owner: 'attacker' })).toEqual([]);
    await h.expectHostServes();
  });

  it('only breaks itself by tampering with the built-ins the sandbox plumbing uses', async () => {
    h = await harness({
      'attacker.js': sandboxPlugin({
        name: 'attacker',
        prelude: `Object.freeze = (o) => o; JSON.stringify = () => '{"forged":true}'; JSON.parse = () => ({ forged: true });
          Promise.prototype.then = function () { throw new Error('no then'); }; Array.prototype.push = () => { throw new Error('no push'); };
          Object.defineProperty(Object.prototype, 'then', { get() { return (r) => r('hijacked'); }, configurable: true });`,
        handler: `(event) => ({ x: event.data.n ?? null })`,
      }),
    });
    await h.system.loadAll();
    const result = h.resultOf(await h.dispatch(5), 'attacker.main');
    // Whatever the plugin did to its own realm, only data (or an error) comes out of it.
    expect(['ok', 'error', 'timeout']).toContain(result?.outcome);
    if (result?.outcome === 'ok') expect(result.value === null || typeof result.value !== 'function').toBe(true);
    expect(({} as Record<string, unknown>)['then']).toBeUndefined();
    await h.expectHostServes();
  });

  it('keeps undeclared capabilities absent: no timers, storage or log', async () => {
    h = await harness({
      'attacker.js': sandboxPlugin({
        name: 'attacker',
        register: `registry.registerBehavior({ id: 'attacker.main', type: 'custom', events: ['physics'], handler: () => ({
          setTimeout: typeof setTimeout, setInterval: typeof setInterval, console: typeof console,
          log: typeof ctx.log, storage: typeof ctx.storage, keys: Object.keys(ctx).sort() }) });`,
      }),
    });
    await h.system.loadAll();
    const result = h.resultOf(await h.dispatch(), 'attacker.main');
    expect(result?.value).toEqual({
      setTimeout: 'undefined',
      setInterval: 'undefined',
      console: 'undefined',
      log: 'undefined',
      storage: 'undefined',
      keys: ['name', 'recordMetric', 'version'],
    });
    await h.expectHostServes();
  });
});
