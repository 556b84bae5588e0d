/**
 * Shapes that once got past the security rules: each positive case is a plugin file the rule must
 * report, each negative case an innocent look-alike it must not. All cases are analysed in one
 * run (one compiler start), as in rules.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plugin, runOnFiles } from './helpers.js';

interface EvasionCase {
  rule: string;
  /** Top-level code of the plugin file (between the SDK import and `export default definePlugin(...)`). */
  code: string;
}

const POSITIVE: EvasionCase[] = [
  // no-prepare-stack-trace: the property reached through Reflect, Object and destructuring.
  { rule: 'no-prepare-stack-trace', code: `const f = (_e: unknown, s: unknown) => s;\nReflect.set(Error, 'prepareStackTrace', f);` },
  { rule: 'no-prepare-stack-trace', code: `const f = (_e: unknown, s: unknown) => s;\nObject.defineProperty(Error, 'prepareStackTrace', { value: f });` },
  { rule: 'no-prepare-stack-trace', code: `const f = (_e: unknown, s: unknown) => s;\nObject.defineProperties(Error, { prepareStackTrace: { value: f } });` },
  { rule: 'no-prepare-stack-trace', code: `const f = (_e: unknown, s: unknown) => s;\nObject.assign(Error, { prepareStackTrace: f });` },
  { rule: 'no-prepare-stack-trace', code: `const f = (_e: unknown, s: unknown) => s;\nObject.assign(Error, { ['prepare' + 'StackTrace']: f });` },
  { rule: 'no-prepare-stack-trace', code: `const prepareStackTrace = (_e: unknown, s: unknown) => s;\nObject.assign(Error, { prepareStackTrace });` },
  { rule: 'no-prepare-stack-trace', code: `const { prepareStackTrace } = Error as any;` },
  { rule: 'no-prepare-stack-trace', code: `const { prepareStackTrace: p } = globalThis.Error as any;` },
  { rule: 'no-prepare-stack-trace', code: `const { ['prepare' + 'StackTrace']: p } = Error as any;` },
  { rule: 'no-prepare-stack-trace', code: `const p = Reflect.get(Error, 'prepareStackTrace');` },
  { rule: 'no-prepare-stack-trace', code: `Reflect.set(globalThis.Error, 'prepareStackTrace', () => 1);` },
  { rule: 'no-prepare-stack-trace', code: `Object.defineProperty(globalThis.Error, 'prepareStackTrace', { value: () => 1 });` },
  { rule: 'no-prepare-stack-trace', code: `const E = Error;\nReflect.set(E, 'prepareStackTrace', () => 1);` },
  { rule: 'no-prepare-stack-trace', code: `const E = Error;\nObject.assign(E, { prepareStackTrace: () => 1 });` },
  { rule: 'no-prepare-stack-trace', code: `const E = Error;\nconst { prepareStackTrace } = E as any;` },
  { rule: 'no-prepare-stack-trace', code: `const d = Reflect.getOwnPropertyDescriptor(Error, 'prepareStackTrace');` },
  { rule: 'no-prepare-stack-trace', code: `Reflect.defineProperty(TypeError, 'prepareStackTrace', { value: () => 1 });` },
  // no-network: destructuring a network function out of navigator or the global object.
  { rule: 'no-network', code: `declare const navigator: any;\nconst { sendBeacon } = navigator;\nsendBeacon('x');` },
  { rule: 'no-network', code: `declare const navigator: any;\nconst { sendBeacon: send } = navigator;\nsend('x');` },
  { rule: 'no-network', code: `declare const navigator: any;\nconst { ['send' + 'Beacon']: send } = navigator;\nsend('x');` },
  { rule: 'no-network', code: `declare const window: any;\nconst { sendBeacon } = window.navigator;\nsendBeacon('x');` },
  { rule: 'no-network', code: `declare const navigator: any;\nconst nav = navigator;\nconst { sendBeacon } = nav;\nsendBeacon('x');` },
  { rule: 'no-network', code: `const u = 'https://evil.example';\nconst { fetch: f } = globalThis as any;\nf(u);` },
  { rule: 'no-network', code: `const { fetch: f } = globalThis;\nf('x');` },
  // no-prototype-pollution: a built-in prototype handed to a helper that writes to it.
  { rule: 'no-prototype-pollution', code: `function pollute(t: any) { t.x = 1; }\npollute(Object.prototype);` },
  { rule: 'no-prototype-pollution', code: `const pollute = (t: any, k: string) => { t[k] = 1; };\npollute(Array.prototype, 'x');` },
  { rule: 'no-prototype-pollution', code: `function pollute(t: any) { delete t.toString; }\npollute(Object.prototype);` },
  { rule: 'no-prototype-pollution', code: `function pollute(t: any) { t.x = 1; }\nconst p = Function.prototype;\npollute(p);` },
  { rule: 'no-prototype-pollution', code: `function pollute(t: any) { t.x = 1; }\npollute(Object.getPrototypeOf({}));` },
  { rule: 'no-prototype-pollution', code: `function leak(t: any) { return t; }\nleak(String.prototype).x = 1;` },
  { rule: 'no-prototype-pollution', code: `function b(t: any) { t.x = 1; }\nfunction a(t: any) { b(t); }\na(Object.prototype);` },
  { rule: 'no-prototype-pollution', code: `function grow(t: any) { t.push(1); }\ngrow(Array.prototype);` },
  { rule: 'no-prototype-pollution', code: `function pollute(t: any) { [t.x] = [1]; }\npollute(Object.prototype);` },
  { rule: 'no-prototype-pollution', code: `function pollute(t: any) { const u = t; u.x = 1; }\npollute(Object.prototype);` },
  { rule: 'no-prototype-pollution', code: `function pollute(t: any) { return { t }; }\npollute(Object.prototype).t.x = 1;` },
  { rule: 'no-prototype-pollution', code: `function pollute() { arguments[0].x = 1; }\n(pollute as any)(Object.prototype);` },
  { rule: 'no-prototype-pollution', code: `const helpers = { pollute(t: any) { t.x = 1; } };\nhelpers.pollute(Object.prototype);` },
  { rule: 'no-prototype-pollution', code: `function pollute(t: any) { t.x = 1; }\npollute.call(undefined, Object.prototype);` },
  // The same, through a parameter default, `arguments`, a method returning its receiver, a reassigned method.
  { rule: 'no-prototype-pollution', code: `function viaDefault(t: any, _u: unknown = (t.polluted1 = 1)) {}\nviaDefault(Object.prototype);` },
  { rule: 'no-prototype-pollution', code: `function viaArgs(_a = 0, _b = ((arguments as any)[2].polluted5 = 1)) {}\n(viaArgs as any)(0, undefined, Object.prototype);` },
  { rule: 'no-prototype-pollution', code: `function viaValueOf(t: any) { const o = t.valueOf(); o.polluted6 = 1; }\nviaValueOf(Object.prototype);` },
  { rule: 'no-prototype-pollution', code: `const helpers = { touch(t: any) { return t.a; } };\nhelpers.touch = (t: any) => { t.polluted2 = 1; };\nhelpers.touch(Object.prototype);` },
  { rule: 'no-prototype-pollution', code: `const helpers = { touch(t: any) { return t.a; } };\nhelpers['touch'] = (t: any) => { t.polluted2 = 1; };\nhelpers.touch(Object.prototype);` },
  { rule: 'no-prototype-pollution', code: `let touch = (t: any) => t.a;\ntouch = (t: any) => { t.polluted3 = 1; };\ntouch(Object.prototype);` },
  { rule: 'no-prototype-pollution', code: `function run(cb: (t: any) => void) { cb(Object.prototype); }\nrun((t) => { t.x = 1; });` },
  { rule: 'no-prototype-pollution', code: `function pollute(t: any) { t.x = 1; }\npollute.apply(null, [Object.prototype]);` },
  { rule: 'no-prototype-pollution', code: `function pollute(t: any) { t.x = 1; }\nReflect.apply(pollute, undefined, [Object.prototype]);` },
  { rule: 'no-prototype-pollution', code: `function pollute(this: any) { this.x = 1; }\npollute.call(Object.prototype);` },
  { rule: 'no-prototype-pollution', code: `function viaCallback(t: any) { t.forEach((_v: unknown, _i: number, a: any) => { a.x = 1; }); }\nviaCallback(Array.prototype);` },
  { rule: 'no-prototype-pollution', code: `function viaCtor(t: any) { const c = t.constructor; c.prototype.x = 1; }\nviaCtor(Object.prototype);` },
  { rule: 'no-prototype-pollution', code: `function viaFreeze(t: any) { Object.freeze(t).x = 1; }\nviaFreeze(Object.prototype);` },
  { rule: 'no-prototype-pollution', code: `function viaDefine(t: any) { Object.defineProperty(t, 'x', { value: 1 }); }\nviaDefine(Object.prototype);` },
  { rule: 'no-prototype-pollution', code: `class Helpers { touch(t: any) { t.x = 1; } }\nnew Helpers().touch(Object.prototype);` },
  { rule: 'no-prototype-pollution', code: `const p = Object.prototype;\nconst touch = function (t: any) { t.x = 1; };\ntouch(p);` },
  { rule: 'no-prototype-pollution', code: `const d = Object.defineProperty;\nd(Object.prototype, 'x', { value: 1 });` },
  { rule: 'no-prototype-pollution', code: `const protos = { o: Object.prototype };\nprotos.o.x = 1;` },
  { rule: 'no-prototype-pollution', code: `Array.prototype.push.call(Array.prototype, 1);` },
  { rule: 'no-prototype-pollution', code: `function pollute(t: any) { t.x = 1; }\npollute(({}).__proto__);` },
  { rule: 'no-prototype-pollution', code: `function walk(o: any, visit: (p: any) => void) { visit(o); }\nwalk(Array.prototype, (p) => { p.x = 1; });` },
  { rule: 'no-prototype-pollution', code: `function deep(p: any, n: number): void { if (n > 0) deep(p, n - 1); else p.x = 1; }\ndeep(Object.prototype, 2);` },
  // no-prepare-stack-trace: Error handed to a helper, or held by an object literal.
  { rule: 'no-prepare-stack-trace', code: `const f = (_e: unknown, s: unknown) => s;\nfunction setIt(E: any) { E.prepareStackTrace = f; }\nsetIt(Error);` },
  { rule: 'no-prepare-stack-trace', code: `const f = (_e: unknown, s: unknown) => s;\nconst errs = { E: Error as any };\nerrs.E.prepareStackTrace = f;` },
  { rule: 'no-prepare-stack-trace', code: `const errs = { E: Error };\nconst { prepareStackTrace } = errs.E as any;` },
  { rule: 'no-prepare-stack-trace', code: `const errs = { E: Error as any };\nReflect.set(errs.E, 'prepareStackTrace', () => 1);` },
  { rule: 'no-prepare-stack-trace', code: `function setIt(E: any, k: string) { E[k] = () => 1; }\nsetIt(TypeError, 'prepareStackTrace');` },
  { rule: 'no-prepare-stack-trace', code: `function setIt(E: any) { Reflect.set(E, 'prepareStackTrace', () => 1); }\nsetIt(Error);` },
  { rule: 'no-prepare-stack-trace', code: `function leak(E: any) { return E; }\nleak(Error).prepareStackTrace = () => 1;` },
  { rule: 'no-prepare-stack-trace', code: `function setIt(E: any, _u: unknown = (E.prepareStackTrace = () => 1)) {}\nsetIt(RangeError);` },
  { rule: 'no-prepare-stack-trace', code: `const helpers = { set(E: any) { E.prepareStackTrace = () => 1; } };\nhelpers.set(Error);` },
  { rule: 'no-prepare-stack-trace', code: `const errs = { E: Error };\nfunction setIt(E: any) { E.prepareStackTrace = () => 1; }\nsetIt(errs.E);` },
  // no-string-timers: code hidden behind a type that is not string.
  { rule: 'no-string-timers', code: `const h: any = 'x()';\nsetTimeout(h, 1);` },
  { rule: 'no-string-timers', code: `const h: unknown = 'x()';\nsetInterval(h as any, 1);` },
  { rule: 'no-string-timers', code: `const h = 'x()' as any;\nsetTimeout(h, 1);` },
  { rule: 'no-string-timers', code: `const a: any = 'x';\nconst h: any = a + '()';\nsetTimeout(h, 1);` },
  { rule: 'no-string-timers', code: `const h: any = 'x()';\nconst g: any = h;\nsetTimeout(g, 1);` },
];

const NEGATIVE: EvasionCase[] = [
  { rule: 'no-prepare-stack-trace', code: `const o = { prepareStackTrace: 1 };\nconst v = o.prepareStackTrace;` },
  { rule: 'no-prepare-stack-trace', code: `const myObj = {};\nObject.defineProperty(myObj, 'prepareStackTrace', { value: 1 });` },
  { rule: 'no-prepare-stack-trace', code: `const myObj = { a: 1 };\nObject.assign(myObj, { prepareStackTrace: 1 });` },
  { rule: 'no-prepare-stack-trace', code: `const myObj: Record<string, number> = {};\nReflect.set(myObj, 'prepareStackTrace', 1);` },
  { rule: 'no-prepare-stack-trace', code: `const { prepareStackTrace } = { prepareStackTrace: 1 };` },
  { rule: 'no-prepare-stack-trace', code: `Object.defineProperty(Error, 'stackTraceLimit', { value: 5 });` },
  { rule: 'no-prepare-stack-trace', code: `const { message } = new Error('x');` },
  { rule: 'no-prepare-stack-trace', code: `class MyError extends Error {}\nconst e = new MyError('x');\nObject.assign(e, { code: 1 });` },
  { rule: 'no-prepare-stack-trace', code: `function make(E: ErrorConstructor, m: string) { return new E(m); }\nconst e = make(TypeError, 'x');\nconsole.log(Error, TypeError.name);` },
  { rule: 'no-prepare-stack-trace', code: `function isError(v: unknown, E: any) { return v instanceof E && E.name !== 'x'; }\nisError(1, Error);` },
  { rule: 'no-prepare-stack-trace', code: `const errs = { E: Error };\nconst e = new errs.E('x');\nconst kinds = new Map<unknown, string>([[Error, 'error']]);\nkinds.get(Error);` },
  { rule: 'no-prepare-stack-trace', code: `function wrap(Base: ErrorConstructor, label: string) {\n  return class extends Base {\n    override name = label;\n  };\n}\nconst NotFound = wrap(Error, 'NotFound');\nvoid new NotFound('x');` },
  { rule: 'no-network', code: `const myLocalObject = { sendBeacon: (s: string) => s };\nconst { sendBeacon } = myLocalObject;\nsendBeacon('x');` },
  { rule: 'no-network', code: `declare const navigator: any;\nconst { userAgent, language } = navigator;` },
  { rule: 'no-network', code: `const { Math: M } = globalThis;\nconst v = M.max(1, 2);` },
  { rule: 'no-network', code: `const store = { fetch: (id: string) => id };\nconst { fetch } = store;\nfetch('a');` },
  { rule: 'no-prototype-pollution', code: `const p = Object.getPrototypeOf(Object.prototype);` },
  { rule: 'no-prototype-pollution', code: `const names = Object.getOwnPropertyNames(Array.prototype);\nconst keys = Object.keys(Object.prototype);` },
  { rule: 'no-prototype-pollution', code: `const k = Reflect.ownKeys(Object.prototype);\nconst d = Object.getOwnPropertyDescriptor(Array.prototype, 'map');\nconst f = Object.isFrozen(Object.prototype);` },
  { rule: 'no-prototype-pollution', code: `const same = Object.is(Object.getPrototypeOf([]), Array.prototype);` },
  { rule: 'no-prototype-pollution', code: `const isProto = Object.prototype.isPrototypeOf.call(Object.prototype, {});\nconst has = Object.prototype.hasOwnProperty.call({}, 'x');` },
  { rule: 'no-prototype-pollution', code: `const o = Object.create(Object.prototype);` },
  { rule: 'no-prototype-pollution', code: `function set(t: any) { t.x = 1; }\nset({});\nclass Shape {}\nset(Shape.prototype);` },
  { rule: 'no-prototype-pollution', code: `const tag = Object.prototype.toString.call([]);` },
  { rule: 'no-prototype-pollution', code: `function describe(t: any) { return Object.getOwnPropertyNames(t).length + String(t.constructor.name); }\ndescribe(Array.prototype);` },
  { rule: 'no-prototype-pollution', code: `function unused(_t: any) { return 1; }\nunused(String.prototype);` },
  { rule: 'no-prototype-pollution', code: `function has(t: any, k: string) { return k in t && typeof t[k] === 'function' && t.hasOwnProperty(k); }\nhas(Object.prototype, 'x');` },
  // Built-in prototypes given to functions the plugin does not define, or that only read them.
  { rule: 'no-prototype-pollution', code: `const v: object = {};\nconst protoNames = new Map<unknown, string>([[Object.prototype, 'Object'], [Array.prototype, 'Array']]);\nconst n = protoNames.get(Object.getPrototypeOf(v));` },
  { rule: 'no-prototype-pollution', code: `const v: object = {};\nconst plain = [null, Object.prototype].includes(Object.getPrototypeOf(v));` },
  { rule: 'no-prototype-pollution', code: `class List {}\nObject.setPrototypeOf(List.prototype, Array.prototype);` },
  { rule: 'no-prototype-pollution', code: `const someMap = new Map<object, string>();\nsomeMap.set(Array.prototype, 'array');` },
  { rule: 'no-prototype-pollution', code: `const names: string[] = [];\nObject.getOwnPropertyNames(Array.prototype).forEach((n) => names.push(n));` },
  { rule: 'no-prototype-pollution', code: `function describeProto(p: any) { return String(p.constructor.name); }\nconst d = describeProto(Object.prototype);` },
  { rule: 'no-prototype-pollution', code: `class List extends Array {}\nconst l = new List();` },
  { rule: 'no-prototype-pollution', code: `const o = Object.create(Object.prototype);\nconsole.log(Object.prototype, Array.prototype);` },
  { rule: 'no-prototype-pollution', code: `declare function unknownHelper(t: unknown): void;\nunknownHelper(Object.prototype);` },
  { rule: 'no-prototype-pollution', code: `function touch(t: any) { t.x = 1; }\nexport function tag(v: object) { touch(Object.getPrototypeOf(v)); }` },
  { rule: 'no-prototype-pollution', code: `const helpers = { name(p: any) { return p.constructor.name; } };\nhelpers.name(Array.prototype);` },
  { rule: 'no-prototype-pollution', code: `function isPlain(p: any) { return p === Object.prototype || p === null; }\nisPlain(Object.prototype);\nfunction show(p: any) { console.log(p); }\nshow(Array.prototype);` },
  { rule: 'no-prototype-pollution', code: `const names = new Map<object, string>();\nfunction protoName(p: object) { return names.get(p) ?? 'other'; }\nprotoName(Array.prototype);` },
  { rule: 'no-prototype-pollution', code: `function count(p: any, n: number): number { return n > 0 ? count(p, n - 1) : Object.keys(p).length; }\ncount(Object.prototype, 3);` },
  { rule: 'no-prototype-pollution', code: `function list(p: any) { const out: string[] = []; for (const k in p) out.push(k + ':' + p); return out; }\nlist(Object.prototype);` },
  { rule: 'no-prototype-pollution', code: `function walk(o: any, visit: (p: any) => void) { while (o) { visit(o); o = Object.getPrototypeOf(o); } }\nwalk(Array.prototype, (p) => console.log(p));` },
  { rule: 'no-prototype-pollution', code: `const log = console.log.bind(console);\nlog(Object.prototype);` },
  { rule: 'no-prototype-pollution', code: `function keysOf(p: any) { p.forEach; return Object.keys(p).length + (p.hasOwnProperty('x') ? 1 : 0); }\nkeysOf(Array.prototype);` },
  { rule: 'no-string-timers', code: `function fn() {}\nsetTimeout(fn, 10);` },
  { rule: 'no-string-timers', code: `setTimeout(() => {}, 10);` },
  { rule: 'no-string-timers', code: `const h: any = () => 1;\nsetTimeout(h, 1);` },
  { rule: 'no-string-timers', code: `let h: any = 'x()';\nh = () => 1;\nsetTimeout(h, 1);` },
  // Look-alikes of the other security rules' names, in the same run.
  { rule: 'no-eval', code: `const m = /a+/.exec('aaa');\nconst calculator = { eval: (x: number) => x * 2 };\ncalculator.eval(21);` },
  { rule: 'no-process', code: `const process = { env: { A: '1' } };\nconst a = process.env.A;` },
];

const files: Record<string, string> = {};
const named = (kind: 'pos' | 'neg', cases: EvasionCase[]) =>
  cases.map((c, i) => {
    const name = `evasion-${kind}-${i}`;
    files[`${name}.ts`] = plugin(name, '', c.code);
    return { ...c, file: `${name}.ts` };
  });
const positives = named('pos', POSITIVE);
const negatives = named('neg', NEGATIVE);

let run: Awaited<ReturnType<typeof runOnFiles>>;
beforeAll(async () => {
  run = await runOnFiles(files);
}, 60_000);
afterAll(() => run?.cleanup());

describe('evasions of the security rules', () => {
  for (const c of positives) {
    it(`${c.rule} reports ${JSON.stringify(c.code)}`, () => {
      expect(run.of(c.file, c.rule).length).toBeGreaterThan(0);
    });
  }
  for (const c of negatives) {
    it(`${c.rule} does not report the look-alike ${JSON.stringify(c.code)}`, () => {
      expect(run.of(c.file, c.rule)).toEqual([]);
    });
  }
});
