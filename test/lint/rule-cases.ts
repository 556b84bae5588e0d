/**
 * The table of rule cases, in the style of RuleTester: code that must be flagged on the given
 * lines, and innocent look-alikes that must not be. Each case becomes one plugin file, and all
 * of them are analysed in one run (one Project), so the table costs one compiler start.
 */
export interface RuleCase {
  code: string;
  /** 1-based lines the rule must report, in order; [] for a look-alike. */
  lines: number[];
}

export const RULE_CASES: Record<string, { invalid: RuleCase[]; valid: RuleCase[] }> = {
  'no-eval': {
    invalid: [
      { code: `eval('1 + 1');`, lines: [1] },
      { code: `const e = eval;\ne('1');`, lines: [1] },
      { code: `(0, eval)('1');`, lines: [1] },
      { code: `(globalThis as any)['ev' + 'al']('1');`, lines: [1] },
      { code: `declare const window: any;\nwindow.eval('1');`, lines: [2] },
      { code: `(self as any)[\`eval\`]('1');`, lines: [1] },
      { code: `\\u0065val('1');`, lines: [1] },
      { code: `const { eval: run } = globalThis;\nrun('1');`, lines: [1] },
      { code: `const g = globalThis;\ng.eval('1');`, lines: [2] },
      { code: `const k = 'eval';\n(globalThis as any)[k]('1');`, lines: [2] },
      { code: `export function helper(code: string) {\n  return eval(code);\n}`, lines: [2] },
      { code: `globalThis.globalThis.eval('1');`, lines: [1] },
      { code: `const pick = Math.random() > 2 ? 'eval' : 'Math';\nconst x = (globalThis as any)[pick];`, lines: [2] },
      { code: `const h = { run: eval };`, lines: [1] },
      { code: `const r = Reflect.apply(eval, undefined, ['1']);`, lines: [1] },
      { code: `const v = [eval][0]('1');`, lines: [1] },
      { code: `const v = eval?.('1');`, lines: [1] },
      { code: `const v = (globalThis as any).\\u0065val('1');`, lines: [1] },
    ],
    valid: [
      { code: `const calculator = { eval: (x: number) => x * 2 };\ncalculator.eval(21);`, lines: [] },
      { code: `const m = /a+/.exec('aaa');`, lines: [] },
      { code: `const doc = 'never call eval(x)'; // eval is bad`, lines: [] },
      { code: `class Calc {\n  eval(x: number) { return x; }\n}\nnew Calc().eval(1);`, lines: [] },
      { code: `type E = typeof eval;\nconst n: E | undefined = undefined;`, lines: [] },
      { code: `const hasEval = typeof eval === 'function';`, lines: [] },
    ],
  },
  'no-function-constructor': {
    invalid: [
      { code: `const f = new Function('return 1');`, lines: [1] },
      { code: `const f = Function('return 1');`, lines: [1] },
      { code: `const F = Function;`, lines: [1] },
      { code: `const f = (() => {}).constructor('return 1');`, lines: [1] },
      { code: `const f = ([] as any).constructor.constructor('return 1');`, lines: [1] },
      { code: `const A = (async () => {}).constructor;`, lines: [1] },
      { code: `const G = (function* () {}).constructor;`, lines: [1] },
      { code: `const A = Object.getPrototypeOf(async function () {}).constructor;`, lines: [1] },
      { code: `class Sneaky extends Function {}`, lines: [1] },
      { code: `const f = globalThis.Function('x');`, lines: [1] },
      { code: `function make() { return 0; }\nconst F = make.constructor;`, lines: [2] },
      { code: `const F = ({}).constructor.constructor;`, lines: [1] },
      { code: `const f = (() => 0)['constr' + 'uctor']('return 1');`, lines: [1] },
      { code: `const f = new (Object.getPrototypeOf(function* () {}).constructor)('yield 1');`, lines: [1] },
      { code: `const f = Function\`return 1\`;`, lines: [1] },
      { code: `const g = new globalThis.constructor.constructor('return 1');`, lines: [1] },
      { code: `const { constructor: F } = () => 0;`, lines: [1] },
      { code: `const F = Reflect.get(async () => 0, 'constructor');`, lines: [1] },
      { code: `const f = Function.prototype.constructor('return 1');`, lines: [1] },
      { code: `const p = Function.prototype;\nconst f = p.constructor('return 1');`, lines: [2] },
      { code: `const f = (async () => 0).constructor.call(null, 'return 1');`, lines: [1] },
      { code: `const F = Object.getPrototypeOf(async () => 0).constructor;\nconst same = F === F;`, lines: [1] },
    ],
    valid: [
      { code: `class Shape {\n  kind() { return this.constructor.name; }\n}`, lines: [] },
      { code: `const isFn = (x: unknown) => x instanceof Function;`, lines: [] },
      { code: `const call = Function.prototype.call;`, lines: [] },
      { code: `let handler: Function | undefined;`, lines: [] },
      { code: `const o = { constructor: 1 };\nconst c = o.constructor;`, lines: [] },
      { code: `const { constructor: c } = { constructor: 1 };`, lines: [] },
      { code: `const v = Reflect.get({ a: 1 }, 'a');`, lines: [] },
      { code: `class Base {\n  kind() { return Object.getPrototypeOf(this).constructor.name; }\n}`, lines: [] },
      { code: `const isError = (e: object) => Object.getPrototypeOf(e).constructor === Error;`, lines: [] },
      { code: `const isAsync = (fn: () => unknown) => fn.constructor.name === 'AsyncFunction';`, lines: [] },
      { code: `const noop = Function.prototype;`, lines: [] },
    ],
  },
  'no-string-timers': {
    invalid: [
      { code: `declare function setTimeout(h: unknown, ms?: number): number;\nsetTimeout('alert(1)', 10);`, lines: [2] },
      { code: `declare function setInterval(h: unknown, ms?: number): number;\nsetInterval(\`tick()\`, 5);`, lines: [2] },
      { code: `declare function setTimeout(h: unknown, ms?: number): number;\nconst t = setTimeout;\nt('x()', 1);`, lines: [3] },
      { code: `(globalThis as any).setTimeout('x()');`, lines: [1] },
      { code: `setTimeout.call(undefined, 'x()' as any, 1);`, lines: [1] },
      { code: `setInterval.apply(undefined, ['x()' as any, 1]);`, lines: [1] },
      { code: `declare function setTimeout(h: unknown, ms?: number): number;\nconst code: string = 'x()';\nsetTimeout(code, 1);`, lines: [3] },
    ],
    valid: [
      { code: `declare function setTimeout(h: unknown, ms?: number): number;\nsetTimeout(() => 1, 10);`, lines: [] },
      { code: `declare function setTimeout(h: unknown, ms?: number): number;\nfunction tick() {}\nsetTimeout(tick, 10);`, lines: [] },
      { code: `const timers = { setTimeout: (s: string) => s };\ntimers.setTimeout('x');`, lines: [] },
    ],
  },
  'no-require': {
    invalid: [
      { code: `declare const require: any;\nconst fs = require('fs');`, lines: [2] },
      { code: `declare const require: any;\nconst r = require;\nr('fs');`, lines: [2] },
      { code: `declare const module: any;\nmodule.require('fs');`, lines: [2] },
      { code: `import fs = require('fs');`, lines: [1] },
      { code: `import { createRequire } from 'node:module';`, lines: [1] },
      { code: `(globalThis as any).require('fs');`, lines: [1] },
      { code: `declare const require: any;\nrequire.resolve('x');`, lines: [2] },
      { code: `declare const module: any;\nconst M = module['constructor'];`, lines: [2] },
      { code: `declare const require: any;\nconst fs = require?.('fs');`, lines: [2] },
    ],
    valid: [
      { code: `export function load(require: (id: string) => unknown) {\n  return require('x');\n}`, lines: [] },
      { code: `const require = (s: string) => s.length;\nrequire('abc');`, lines: [] },
      { code: `const text = "require('fs')";`, lines: [] },
    ],
  },
  'no-dynamic-import': {
    invalid: [
      { code: `const m = import('fs');`, lines: [1] },
      { code: `const name = String(Date.now());\nconst m = import(name);`, lines: [2] },
      { code: `export async function f() {\n  return await import('./other.js');\n}`, lines: [2] },
    ],
    valid: [
      { code: `import type { Outline } from './types.js';\nlet o: Outline | undefined;`, lines: [] },
      { code: `type M = typeof import('./other.js');`, lines: [] },
    ],
  },
  'no-node-builtins': {
    invalid: [
      { code: `import fs from 'fs';`, lines: [1] },
      { code: `import 'node:fs';`, lines: [1] },
      { code: `export * from 'child_process';`, lines: [1] },
      { code: `export { readFile } from 'fs/promises';`, lines: [1] },
      { code: `import os = require('os');`, lines: [1] },
      { code: `declare const require: any;\nrequire('net');`, lines: [2] },
      { code: `const vm = import('node:vm');`, lines: [1] },
      { code: `import * as path from 'path';`, lines: [1] },
      { code: `export { default } from 'node:fs';`, lines: [1] },
    ],
    valid: [
      { code: `import type { Stats } from 'fs';\nlet s: Stats | undefined;`, lines: [] },
      { code: `export type { Stats } from 'fs';`, lines: [] },
      { code: `const snippet = "import fs from 'fs'";`, lines: [] },
    ],
  },
  'no-external-packages': {
    invalid: [
      { code: `import _ from 'lodash';`, lines: [1] },
      { code: `export * from 'left-pad';`, lines: [1] },
      { code: `const p = import('@scope/pkg');`, lines: [1] },
    ],
    valid: [
      { code: `import { definePlugin } from 'svgx-plugins';\nvoid definePlugin;`, lines: [] },
      { code: `import type { A } from 'some-types';\nlet a: A | undefined;`, lines: [] },
    ],
  },
  'no-process': {
    invalid: [
      { code: `declare const process: any;\nconst home = process.env.HOME;`, lines: [2] },
      { code: `(globalThis as any).process.exit(1);`, lines: [1] },
      { code: `const { process: p } = globalThis as any;`, lines: [1] },
      { code: `declare const global: any;\nglobal.process.exit(1);`, lines: [2] },
      { code: `const env = process.env;`, lines: [1] },
      { code: `declare const process: any;\nexport function helper() {\n  return process.cwd();\n}`, lines: [3] },
      { code: `const p = (globalThis as any)['pro' + 'cess'];`, lines: [1] },
      { code: `declare global {\n  const process: { env: Record<string, string> };\n}\nconst e = process.env;`, lines: [4] },
    ],
    valid: [
      { code: `const process = (x: number) => x + 1;\nprocess(1);`, lines: [] },
      { code: `export function run(process: string) {\n  return process.length;\n}`, lines: [] },
      { code: `declare const process: any;\nconst hasProcess = typeof process !== 'undefined';`, lines: [] },
      { code: `const s = 'process.env.SECRET'; // process.exit()`, lines: [] },
      { code: `const job = { process: () => 1 };\njob.process();`, lines: [] },
    ],
  },
  'no-network': {
    invalid: [
      { code: `declare function fetch(u: string): Promise<unknown>;\nfetch('https://evil.example');`, lines: [2] },
      { code: `declare const XMLHttpRequest: any;\nconst x = new XMLHttpRequest();`, lines: [2] },
      { code: `declare const WebSocket: any;\nconst ws = new WebSocket('ws://x');`, lines: [2] },
      { code: `declare const navigator: any;\nnavigator.sendBeacon('https://x', 'data');`, lines: [2] },
      { code: `(globalThis as any).fetch('x');`, lines: [1] },
      { code: `declare function fetch(u: string): Promise<unknown>;\nconst f = fetch;`, lines: [2] },
    ],
    valid: [
      { code: `const store = { fetch: (id: string) => id };\nstore.fetch('a');`, lines: [] },
      { code: `class Api {\n  fetch() { return 1; }\n}\nnew Api().fetch();`, lines: [] },
      { code: `declare const navigator: any;\nconst ua = navigator.userAgent;`, lines: [] },
      { code: `const canFetch = typeof (globalThis as any).fetch === 'function';`, lines: [] },
    ],
  },
  'no-webassembly': {
    invalid: [
      { code: `declare const WebAssembly: any;\nWebAssembly.instantiate(new Uint8Array(8));`, lines: [2] },
      { code: `const W = (globalThis as any)['WebAssembly'];`, lines: [1] },
    ],
    valid: [{ code: `const webAssembly = { compile: () => 1 };\nwebAssembly.compile();`, lines: [] }],
  },
  'no-prototype-pollution': {
    invalid: [
      { code: `(Object.prototype as any).polluted = 1;`, lines: [1] },
      { code: `(Array.prototype as any)['push'] = () => 0;`, lines: [1] },
      { code: `({} as any).__proto__.x = 1;`, lines: [1] },
      { code: `Object.defineProperty(Object.prototype, 'x', { value: 1 });`, lines: [1] },
      { code: `Object.getPrototypeOf([]).x = 1;`, lines: [1] },
      { code: `const p: any = Object.prototype;\np.x = 1;`, lines: [2] },
      { code: `delete (Array.prototype as any).map;`, lines: [1] },
      { code: `('' as any).constructor.prototype.x = 1;`, lines: [1] },
      { code: `Object.assign(String.prototype, { shout() { return 1; } });`, lines: [1] },
      { code: `Reflect.set(Array.prototype, 'x', 1);`, lines: [1] },
      { code: `Reflect.getPrototypeOf({})!.constructor;\n(Reflect.getPrototypeOf({}) as any).x = 1;`, lines: [2] },
    ],
    valid: [
      { code: `interface Shape { area(): number }\nclass Shape { w = 2 }\nShape.prototype.area = function () { return 1; };`, lines: [] },
      { code: `const obj: Record<string, number> = {};\nobj.x = 1;`, lines: [] },
      { code: `const tag = Object.prototype.toString.call([]);`, lines: [] },
      { code: `const base = Object.create(null) as Record<string, number>;\nbase['__x'] = 1;`, lines: [] },
    ],
  },
  'no-prepare-stack-trace': {
    invalid: [
      { code: `(Error as any).prepareStackTrace = (_e: unknown, s: unknown) => s;`, lines: [1] },
      { code: `const E: any = Error;\nE['prepareStackTrace'] = () => 1;`, lines: [2] },
      { code: `const old = (globalThis.Error as any).prepareStackTrace;`, lines: [1] },
    ],
    valid: [{ code: `const o = { prepareStackTrace: 1 };\nconst v = o.prepareStackTrace;`, lines: [] }],
  },
  'no-dynamic-global-access': {
    invalid: [
      { code: `const name = String(Math.random());\nconst v = (globalThis as any)[name];`, lines: [2] },
      { code: `const v = Reflect.get(globalThis, 'x');`, lines: [1] },
      { code: `const all = Object.values(globalThis);`, lines: [1] },
      { code: `export const g = globalThis;`, lines: [1] },
      { code: `const { ...rest } = globalThis;`, lines: [1] },
      { code: `const g = globalThis;\nconst v = Object.keys(g);`, lines: [2] },
      { code: `const v = (globalThis as any)[['e', 'v', 'a', 'l'].join('')];`, lines: [1] },
      { code: `const d = Object.getOwnPropertyDescriptor(globalThis, 'eval');`, lines: [1] },
    ],
    valid: [
      { code: `const g = globalThis;\nconst m = g.Math.max(1, 2);`, lines: [] },
      { code: `const hasMicrotasks = 'queueMicrotask' in globalThis;`, lines: [] },
      { code: `const m = globalThis.Math.max(1, 2);`, lines: [] },
      { code: `declare const window: any;\nconst browser = typeof window !== 'undefined';`, lines: [] },
      { code: `const isGlobal = (x: unknown) => x === globalThis;`, lines: [] },
    ],
  },
};
