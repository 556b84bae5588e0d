import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { CustomizeVariantOptions, QuickJSWASMModule } from 'quickjs-emscripten';

type QuickJSPackage = typeof import('quickjs-emscripten');

/** The WebAssembly page size, and the pages QuickJS's build asks for at start (16 MiB). */
const PAGE_BYTES = 64 * 1024;
const INITIAL_PAGES = 256;
/** Room above the QuickJS heap limit for the C stack (5 MiB), static data and host-copied strings. */
const HEADROOM_PAGES = 16 * 16;
/**
 * The most pages this QuickJS build's module declares (2 GiB): a memory with a larger maximum
 * fails to link ("larger maximum size 65536 than the module's declared maximum 32768"), so the
 * 4 GiB WebAssembly allows is out of reach without a build of our own.
 */
const MAX_PAGES = 32768;
/**
 * The largest heap limit a sandbox can have, in MiB: the config schema's maximum too. Above it
 * QuickJS's size_t limit wraps (4096 MiB is 2^32 bytes, read as 0) and the sandbox cannot start.
 */
export const MAX_MEMORY_LIMIT_MB = (MAX_PAGES * PAGE_BYTES) / (1024 * 1024);

interface Compiled {
  pkg: QuickJSPackage;
  wasmModule: WasmModule;
}

let compiled: Promise<Compiled> | undefined;

const ignore = (): void => undefined;

/** The WebAssembly global as Node has it; this project's `lib` (no DOM) only declares its types. */
type WasmModule = Exclude<CustomizeVariantOptions['wasmModule'], (() => unknown) | undefined>;
type WasmMemory = Exclude<CustomizeVariantOptions['wasmMemory'], (() => unknown) | undefined>;
interface WebAssemblyApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  Memory: new (descriptor: { initial: number; maximum: number }) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/**
 * quickjs-emscripten and its .wasm are loaded on first use: commands that never run a
 * sandboxed plugin do not pay for them. The .wasm is compiled once (about 5 ms) and every
 * sandbox instantiates the same compiled module.
 */
function compileOnce(): Promise<Compiled> {
  compiled ??= (async () => {
    const pkg = await import('quickjs-emscripten');
    // Resolved from quickjs-emscripten itself: the variant is its dependency, not ours, and may
    // not be hoisted next to this package.
    const fromPackage = createRequire(createRequire(import.meta.url).resolve('quickjs-emscripten'));
    const bytes = await readFile(fromPackage.resolve('@jitl/quickjs-wasmfile-release-sync/wasm'));
    const wasmModule = await wasm.compile(bytes);
    return { pkg, wasmModule };
  })();
  compiled.catch(() => {
    compiled = undefined;
  });
  return compiled;
}

/**
 * A new QuickJS WebAssembly instance with its own linear memory, capped at the plugin's heap
 * limit plus headroom. One instance per plugin, not one runtime per plugin in a shared
 * instance: a fault that leaves an instance in a bad state (a trap, a host stack overflow
 * thrown through it) cannot touch another plugin, the cap holds even if QuickJS's own
 * accounting were wrong, and dropping the instance gives its whole memory back to the host
 * (a shared instance's memory only grows). Measured cost: about 5 ms and 0.4 MiB resident
 * per instance, against 0.3 ms for a runtime in a shared instance (bench/sandbox.bench.mjs).
 */
export function newQuickJSInstance(memoryLimitMb: number): Promise<QuickJSWASMModule> {
  let instance: Promise<QuickJSWASMModule>;
  if (spare?.memoryLimitMb === memoryLimitMb) {
    instance = spare.instance;
    spare = undefined;
  } else {
    instance = createInstance(memoryLimitMb);
  }
  // The next sandbox (a reload, the next plugin) takes a spare made while the host was idle:
  // instantiating is about half of a sandboxed reload (measured 11.7 ms -> see the README).
  setImmediate(() => {
    if (spare) return;
    const next = createInstance(memoryLimitMb);
    next.catch(ignore);
    spare = { memoryLimitMb, instance: next };
  }).unref();
  return instance;
}

/** Each instance's linear memory, to tell how far it grew (it never shrinks). */
const memories = new WeakMap<QuickJSWASMModule, WasmMemory>();

/** The bytes of linear memory an instance has grown to, or undefined for an instance not made here. */
export function linearMemoryBytes(module: QuickJSWASMModule): number | undefined {
  return (memories.get(module) as { buffer?: { byteLength: number } } | undefined)?.buffer?.byteLength;
}

/** One instance made ahead of need, for the memory limit asked for last. */
let spare: { memoryLimitMb: number; instance: Promise<QuickJSWASMModule> } | undefined;

async function createInstance(memoryLimitMb: number): Promise<QuickJSWASMModule> {
  const { pkg, wasmModule } = await compileOnce();
  const maximum = INITIAL_PAGES + Math.ceil((memoryLimitMb * 1024 * 1024) / PAGE_BYTES) + HEADROOM_PAGES;
  const wasmMemory = new wasm.Memory({ initial: INITIAL_PAGES, maximum: Math.min(maximum, MAX_PAGES) });
  // Emscripten prints an abort (a QuickJS assertion after an out-of-memory, say) to stderr
  // itself; the sandbox reports the fault as the plugin's status instead, so it stays quiet.
  const quiet = { print: ignore, printErr: ignore } as unknown as CustomizeVariantOptions['emscriptenModule'];
  const variant = pkg.newVariant(pkg.RELEASE_SYNC, { wasmModule, wasmMemory, emscriptenModule: quiet });
  const module = await pkg.newQuickJSWASMModuleFromVariant(variant);
  memories.set(module, wasmMemory);
  return module;
}
