import { performance } from 'node:perf_hooks';
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten';
import type { BehaviorDefinition, SvgxEvent } from '../engine/types.js';
import { SvgxError, describeThrown, type ErrorCode } from '../errors.js';
import type { Permission, PluginContext, PluginRegistryApi } from '../plugins/contract.js';
import { BOOT_FUNCTIONS, bootstrapSource, SANDBOX_SDK_DATA, UNINTERRUPTIBLE_ARRAY_METHODS, type BootConfig, type BootFunction } from './bootstrap.js';
import { MAX_MEMORY_LIMIT_MB, linearMemoryBytes, newQuickJSInstance } from './quickjs.js';
import type { StackMapper } from '../plugins/stack-map.js';
import type { PluginStorage } from './storage.js';
import { TIMER_CALLBACK_MS, TimerBudget } from './timer-budget.js';

/** Limits of one sandbox, from the plugin's settings and the sandbox config. */
export interface SandboxOptions {
  name: string;
  memoryLimitMb: number;
  /** The most JSON a handler result (or metadata) may be, in bytes. */
  maxResultBytes: number;
  /** Time limit of handlers that set none; timer callbacks get the lower of it and TIMER_CALLBACK_MS. */
  handlerTimeoutMs: number;
  /** QuickJS's own stack limit; below the host's native stack, so QuickJS stops first. */
  maxStackBytes?: number;
  storage: PluginStorage;
  sdkModule: string;
}

/** What `load` found in the plugin's exports. */
export interface LoadedShape {
  metadata: unknown;
  hasRegister: boolean;
  hasDispose: boolean;
  form: 'define' | 'seed' | 'unknown';
}

export type FaultListener = (error: SvgxError) => void;

interface PendingCall {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout;
}

const MAX_TIMERS = 64;
/** Behaviors one plugin may register: a register() that loops on registerBehavior cannot fill the host. */
const MAX_BEHAVIORS = 1000;
const MIN_INTERVAL_MS = 10;
const MAX_MESSAGE = 2000;
const MAX_LOG_MESSAGE = 4000;
/**
 * Custom metric names, bounded on the bridge: the host keeps every distinct name for as long as
 * the plugin is loaded, so a plugin inventing long names grew the host by 216 MiB in 3000 calls.
 */
const MAX_METRIC_NAME = 64;
const MAX_METRIC_NAMES = 100;
/** 256 KiB: measured to stop deep recursion inside QuickJS before Node's 984 KiB native stack. */
const DEFAULT_MAX_STACK = 256 * 1024;

const clip = (s: string, max = MAX_MESSAGE): string => (s.length > max ? `${s.slice(0, max)}…` : s);

/**
 * One plugin's sandbox: a QuickJS runtime in its own WebAssembly instance and memory. The
 * only way in or out is strings: the host calls the bootstrap's entry points with strings and
 * reads back string envelopes; the sandbox calls the host through one bridge function that
 * takes an operation name and a JSON payload. No host object, function or error is ever
 * handed to the sandbox, so there is nothing to walk back to the host realm from.
 */
export class PluginSandbox {
  /** Held so the instance lives exactly as long as the sandbox; dropped on release. */
  private module: QuickJSWASMModule | undefined;
  private runtime: QuickJSRuntime | undefined;
  private context: QuickJSContext | undefined;
  private boot: Partial<Record<BootFunction, QuickJSHandle>> = {};
  private deadline = Number.POSITIVE_INFINITY;
  /** How many times the interrupt handler stopped code: tells a real interrupt from a plugin's look-alike error. */
  private interrupts = 0;
  private fault: SvgxError | undefined;
  private released = false;
  private readonly pending = new Map<number, PendingCall>();
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private timerSeq = 0;
  private readonly metricNames = new Set<string>();
  /** Which refusals of a metric name the plugin's log has been told of already: once each, not once a call. */
  private readonly metricWarnings = new Set<'long' | 'many'>();
  private readonly timerBudget = new TimerBudget();
  private registered = 0;
  private grants = new Set<Permission>();
  private hostContext: PluginContext | undefined;
  private staging: PluginRegistryApi | undefined;
  /** The SvgxError the host raised in the last bridge call, to keep its code across the boundary. */
  private lastBridgeError: SvgxError | undefined;
  private readonly faultListeners = new Set<FaultListener>();
  /** The name the plugin's code was compiled under, and what puts its frames on the author's lines. */
  private filename = '';
  /** When heapVerdict last walked the heap (performance.now()). */
  private lastHeapWalk = Number.NEGATIVE_INFINITY;
  private stackMapper: StackMapper | undefined;

  /** Limit of a behavior that sets none, and of timer callbacks; set again by register(). */
  private handlerTimeoutMs: number;

  private constructor(private readonly options: SandboxOptions) {
    this.handlerTimeoutMs = options.handlerTimeoutMs;
  }

  /** Creates the instance, runtime and context, and runs the bootstrap inside. */
  static async create(options: SandboxOptions): Promise<PluginSandbox> {
    // The library takes limits without the config schema, which has the same bounds.
    const mb = options.memoryLimitMb;
    if (!Number.isFinite(mb) || mb < 1 || mb > MAX_MEMORY_LIMIT_MB) {
      throw new SvgxError(
        'PLUGIN_LOAD_FAILED',
        `plugin "${options.name}": a memory limit of ${mb} MiB is ${mb > MAX_MEMORY_LIMIT_MB ? `above the ${MAX_MEMORY_LIMIT_MB} MiB a sandbox can have` : 'not a positive number of MiB'}`,
        { hint: `set plugins.<name>.memoryLimitMb (or sandbox.memoryLimitMb) to at most ${MAX_MEMORY_LIMIT_MB}` },
      );
    }
    const sandbox = new PluginSandbox(options);
    const module = await newQuickJSInstance(options.memoryLimitMb);
    sandbox.module = module;
    const runtime = module.newRuntime();
    sandbox.runtime = runtime;
    runtime.setMemoryLimit(options.memoryLimitMb * 1024 * 1024);
    runtime.setMaxStackSize(options.maxStackBytes ?? DEFAULT_MAX_STACK);
    // QuickJS calls this every few thousand instructions: the only way to stop a loop that
    // never returns to the host.
    runtime.setInterruptHandler(() => {
      if (performance.now() <= sandbox.deadline) return false;
      sandbox.interrupts += 1;
      return true;
    });
    const context = runtime.newContext();
    sandbox.context = context;
    sandbox.installBootstrap(context);
    return sandbox;
  }

  get alive(): boolean {
    return !this.released && this.fault === undefined;
  }

  /** Called once when the sandbox dies on its own (memory limit, crash), not on release. */
  onFault(listener: FaultListener): void {
    this.faultListeners.add(listener);
  }

  /** Evaluates the plugin's bundled CommonJS body and reads its contract. */
  load(code: string, filename: string, limitMs: number, stackMapper?: StackMapper): LoadedShape {
    const context = this.contextOrThrow();
    this.filename = filename;
    this.stackMapper = stackMapper;
    const wrapper = `(function (exports, require, module, __filename, __dirname) {${code}\n})`;
    // One budget for compiling, running and the promise jobs the top level queues.
    const started = performance.now();
    const left = (): number => Math.max(1, limitMs - (performance.now() - started));
    const outerDeadline = this.pushDeadline(limitMs);
    let compiledFn: QuickJSHandle;
    try {
      const result = context.evalCode(wrapper, filename);
      if (result.error) throw this.vmError(result.error, 'compiling the plugin', limitMs, 'PLUGIN_LOAD_FAILED');
      compiledFn = result.value;
    } catch (error) {
      throw this.hostFault(error, 'compiling the plugin');
    } finally {
      this.deadline = outerDeadline;
    }
    try {
      const filenameHandle = context.newString(filename);
      let out: string;
      try {
        out = this.enterWithHandles('load', [compiledFn, filenameHandle], left(), 'top-level code', 'PLUGIN_LOAD_FAILED', limitMs);
      } finally {
        free(filenameHandle);
      }
      this.runJobs(left(), 'top-level code', limitMs);
      const parsed = parseJson(out, 'the plugin\'s exports') as { metadata: unknown; hasMetadata: boolean; hasRegister: boolean; hasDispose: boolean; form: LoadedShape['form'] };
      return {
        metadata: parsed.hasMetadata ? parsed.metadata : undefined,
        hasRegister: parsed.hasRegister === true,
        hasDispose: parsed.hasDispose === true,
        form: parsed.form,
      };
    } finally {
      free(compiledFn);
    }
  }

  /** Puts the granted capabilities inside the sandbox; the others stay absent. */
  install(grants: readonly Permission[], name: string, version: string): void {
    this.grants = new Set(grants);
    this.enter('install', [JSON.stringify([...this.grants]), name, version], 100, 'installing capabilities', 'PLUGIN_LOAD_FAILED');
  }

  /**
   * Runs the plugin's register with a registry that exists inside the sandbox; each
   * registerBehavior crosses as a data message and lands in `api`, with a host-side handler
   * that calls back into the sandbox.
   */
  register(api: PluginRegistryApi, ctx: PluginContext, limitMs: number, handlerTimeoutMs: number): unknown {
    this.hostContext = ctx;
    this.staging = api;
    this.handlerTimeoutMs = handlerTimeoutMs;
    this.lastBridgeError = undefined;
    const finish = (): void => {
      this.staging = undefined;
    };
    const started = performance.now();
    try {
      const envelope = this.enter('register', [], limitMs, 'register()', 'PLUGIN_REGISTER_FAILED');
      const value = this.settle(envelope, limitMs, 'register()', started);
      if (value instanceof Promise) return value.finally(finish);
      finish();
      return value;
    } catch (error) {
      finish();
      throw error;
    }
  }

  dispose(limitMs: number): unknown {
    if (!this.alive) return undefined;
    const started = performance.now();
    return this.settle(this.enter('dispose', [], limitMs, 'dispose()', 'PLUGIN_LOAD_FAILED'), limitMs, 'dispose()', started);
  }

  /** Calls one behavior's handler with a copy of the event. */
  callHandler(behaviorId: string, event: SvgxEvent, limitMs: number): unknown {
    let eventJson: string;
    try {
      eventJson = JSON.stringify(event);
    } catch (error) {
      throw new SvgxError('EVENT_INVALID', `the event cannot be copied into the sandbox: ${describeThrown(error)}`);
    }
    const what = `behavior "${behaviorId}"`;
    const started = performance.now();
    const envelope = this.enter('call', [behaviorId, eventJson], limitMs, what, 'PLUGIN_SANDBOX_FAULT');
    return this.settle(envelope, limitMs, what, started);
  }

  /** Frees everything: timers, pending calls, the runtime and the WebAssembly instance. Idempotent. */
  release(): void {
    if (this.released) return;
    this.released = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const call of this.pending.values()) {
      clearTimeout(call.timer);
      call.reject(new SvgxError('PLUGIN_SANDBOX_FAULT', `plugin "${this.options.name}" was unloaded before the call finished`));
    }
    this.pending.clear();
    this.freeVm();
  }

  // ---------------------------------------------------------------------------------------

  private installBootstrap(context: QuickJSContext): void {
    const bridge = context.newFunction('host', (opHandle, payloadHandle) => this.onBridge(context, opHandle, payloadHandle));
    const config: BootConfig = {
      maxResultBytes: this.options.maxResultBytes,
      sdkModule: this.options.sdkModule,
      // A dense array of more elements (8 bytes each) could not fit in the heap; past 2^24 the
      // C loops of these methods take longer than a handler's limit even so.
      maxArrayLength: Math.min(2 ** 24, Math.floor((this.options.memoryLimitMb * 1024 * 1024) / 8)),
      cappedArrayMethods: UNINTERRUPTIBLE_ARRAY_METHODS,
    };
    const configHandle = context.newString(JSON.stringify(config));
    const sdkHandle = context.newString(JSON.stringify(SANDBOX_SDK_DATA));
    const outerDeadline = this.pushDeadline(1000);
    try {
      const factory = context.evalCode(bootstrapSource(), 'svgx-bootstrap.js');
      if (factory.error) throw this.vmError(factory.error, 'starting the sandbox', 1000, 'PLUGIN_SANDBOX_FAULT');
      const api = context.callFunction(factory.value, context.undefined, bridge, configHandle, sdkHandle);
      free(factory.value);
      if (api.error) throw this.vmError(api.error, 'starting the sandbox', 1000, 'PLUGIN_SANDBOX_FAULT');
      for (const name of BOOT_FUNCTIONS) this.boot[name] = context.getProp(api.value, name);
      free(api.value);
    } finally {
      this.deadline = outerDeadline;
      free(bridge);
      free(configHandle);
      free(sdkHandle);
    }
  }

  private enter(fn: BootFunction, args: readonly string[], limitMs: number, what: string, code: ErrorCode): string {
    const context = this.contextOrThrow();
    const handles: QuickJSHandle[] = [];
    try {
      for (const a of args) handles.push(context.newString(a));
    } catch (error) {
      for (const h of handles) free(h);
      throw this.hostFault(error, what);
    }
    try {
      return this.enterWithHandles(fn, handles, limitMs, what, code);
    } finally {
      for (const h of handles) free(h);
    }
  }

  /** One call into the sandbox under a deadline; returns the string it gave back. */
  private enterWithHandles(fn: BootFunction, args: readonly QuickJSHandle[], limitMs: number, what: string, code: ErrorCode, reportedLimitMs = limitMs): string {
    const context = this.contextOrThrow();
    const target = this.boot[fn];
    if (!target) throw new SvgxError('PLUGIN_SANDBOX_FAULT', `plugin "${this.options.name}": the sandbox has no entry point ${fn}`);
    const outerDeadline = this.pushDeadline(limitMs);
    let result: ReturnType<QuickJSContext['callFunction']>;
    try {
      result = context.callFunction(target, context.undefined, ...args);
    } catch (error) {
      throw this.hostFault(error, what);
    } finally {
      this.deadline = outerDeadline;
    }
    if (result.error) throw this.vmError(result.error, what, reportedLimitMs, code);
    const value = result.value;
    try {
      if (context.typeof(value) !== 'string') {
        throw new SvgxError('PLUGIN_SANDBOX_FAULT', `plugin "${this.options.name}": ${what} returned a non-string across the bridge`);
      }
      const text = context.getString(value);
      // The host does not rely on the sandbox's own size check: plugin code can tamper with it.
      if (text.length > this.options.maxResultBytes + 16 && fn !== 'drain') {
        throw new SvgxError('BEHAVIOR_RESULT_INVALID', `${what} gave ${text.length} bytes, over the ${this.options.maxResultBytes} byte limit`);
      }
      return text;
    } finally {
      free(value);
    }
  }

  /** Runs queued promise jobs under a deadline, then settles the host promises they finished. */
  private runJobs(limitMs: number, what: string, reportedLimitMs = limitMs): void {
    const runtime = this.runtime;
    if (!runtime || !this.alive || !runtime.hasPendingJob()) {
      this.drain();
      return;
    }
    const outerDeadline = this.pushDeadline(limitMs);
    const interruptsBefore = this.interrupts;
    let failure: SvgxError | undefined;
    try {
      const result = runtime.executePendingJobs();
      if (result.error) failure = this.vmError(result.error, what, reportedLimitMs, 'PLUGIN_SANDBOX_FAULT');
      else free(result);
    } catch (error) {
      failure = this.hostFault(error, what);
    } finally {
      this.deadline = outerDeadline;
    }
    // An interrupt inside a promise job rejects that job's promise rather than failing
    // executePendingJobs: the count of interrupts tells that it happened.
    if (!failure && this.interrupts > interruptsBefore) {
      failure = new SvgxError('PLUGIN_TIMEOUT', `plugin "${this.options.name}": ${what} ran past its ${reportedLimitMs} ms limit and was stopped`);
    }
    if (this.alive) this.drain();
    if (failure) throw failure;
  }

  private drain(): void {
    if (!this.alive || this.pending.size === 0) return;
    const text = this.enter('drain', [], 100, 'collecting results', 'PLUGIN_SANDBOX_FAULT');
    let entries: unknown;
    try {
      entries = JSON.parse(text);
    } catch {
      return;
    }
    if (!Array.isArray(entries)) return;
    for (const entry of entries) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'number' || typeof entry[1] !== 'string') continue;
      const call = this.pending.get(entry[0]);
      if (!call) continue;
      this.pending.delete(entry[0]);
      clearTimeout(call.timer);
      try {
        call.resolve(this.decode(entry[1], 'the result'));
      } catch (error) {
        call.reject(error);
      }
    }
  }

  /**
   * Turns an envelope into a value, an error, or a host promise that settles when the sandbox
   * promise does (jobs run right away; later ones run when a timer fires) or at the deadline.
   */
  private settle(envelope: string, limitMs: number, what: string, started: number): unknown {
    if (envelope[0] !== 'p') return this.settleSync(envelope, limitMs, what, started);
    const id = Number(envelope.slice(1));
    const promise = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new SvgxError('PLUGIN_TIMEOUT', `${what} did not settle within ${limitMs} ms`));
      }, Math.max(1, limitMs - (performance.now() - started)));
      timer.unref();
      this.pending.set(id, { resolve, reject, timer });
    });
    // A rejection nobody awaits (the engine may have given up at its own limit) must not
    // become an unhandled rejection of the host.
    promise.catch(() => undefined);
    const remaining = Math.max(1, limitMs - (performance.now() - started));
    try {
      this.runJobs(remaining, what, limitMs);
    } catch (error) {
      // The job that overran was this call's continuation when the call is still pending.
      const call = this.pending.get(id);
      if (call) {
        this.pending.delete(id);
        clearTimeout(call.timer);
        call.reject(error);
      }
    }
    return promise;
  }

  /**
   * A synchronous call's result, once the promise jobs it left queued (a `.then` it did not
   * return) have run, within what is left of the call's own limit. They are the call's work:
   * run later they would stall the host outside any budget; charged to the call, a handler whose
   * jobs overrun is a timeout like any other (and is quarantined after repeated ones).
   */
  private settleSync(envelope: string, limitMs: number, what: string, started: number): unknown {
    let outcome: { value: unknown } | { error: unknown };
    try {
      outcome = { value: this.decode(envelope, what) };
    } catch (error) {
      outcome = { error };
    }
    this.runJobs(Math.max(1, limitMs - (performance.now() - started)), `promise jobs queued by ${what}`, limitMs);
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  }

  private decode(envelope: string, what: string): unknown {
    const kind = envelope[0];
    const body = envelope.slice(1);
    if (kind === 'u') return undefined;
    if (kind === 'v') {
      if (body.length > this.options.maxResultBytes) {
        throw new SvgxError('BEHAVIOR_RESULT_INVALID', `${what} is ${body.length} bytes of JSON, over the ${this.options.maxResultBytes} byte limit`);
      }
      try {
        return JSON.parse(body) as unknown;
      } catch {
        throw new SvgxError('BEHAVIOR_RESULT_INVALID', `${what} is not valid JSON`);
      }
    }
    if (kind === 'e' || kind === 'E') {
      const { text, stack } = thrownOf(envelope);
      const message = clip(text);
      // An interrupt inside an async function rejects its promise with this error.
      if (message === 'InternalError: interrupted' && this.interrupts > 0) {
        throw new SvgxError('PLUGIN_TIMEOUT', `plugin "${this.options.name}": ${what} ran past its time limit and was stopped`);
      }
      if (/out of memory/i.test(message)) throw this.kill('PLUGIN_MEMORY', this.memoryMessage());
      // QuickJS throws null when it cannot allocate the error object; a plugin may throw null too.
      if (message === 'non-error value thrown: null' && this.heapVerdict() === 'full') throw this.kill('PLUGIN_MEMORY', this.memoryMessage());
      if (this.lastBridgeError && message.includes(this.lastBridgeError.message)) {
        const original = this.lastBridgeError;
        this.lastBridgeError = undefined;
        throw original;
      }
      throw this.pluginError(message, stack);
    }
    throw new SvgxError('PLUGIN_SANDBOX_FAULT', `${what} came back in an unknown form`);
  }

  /**
   * A host Error for what the plugin threw: its message, and a stack of the plugin's own frames
   * (the sandbox plumbing's are dropped) on the lines of the files the author wrote.
   */
  private pluginError(message: string, stack: string | undefined): Error {
    const error = new Error(message);
    const frames = (stack ?? '').split('\n').filter((line) => this.filename !== '' && line.includes(this.filename));
    let text = frames.join('\n');
    try {
      if (this.stackMapper) text = this.stackMapper(text);
    } catch {
      // The bundle's lines are still a stack.
    }
    error.stack = frames.length > 0 ? `${message}\n${text}` : message;
    return error;
  }

  /** Reads an exception out of the VM as a host SvgxError; the VM value never leaves. */
  private vmError(handle: QuickJSHandle, what: string, limitMs: number, code: ErrorCode): SvgxError {
    const context = this.context;
    let name = '';
    let message = '';
    let stack: string | undefined;
    if (context) {
      // Reading name/message may run plugin getters: give that its own short deadline.
      const outerDeadline = this.pushDeadline(50);
      try {
        if (context.typeof(handle) === 'object') {
          const n = context.getProp(handle, 'name');
          const m = context.getProp(handle, 'message');
          if (context.typeof(n) === 'string') name = clip(context.getString(n), 100);
          if (context.typeof(m) === 'string') message = clip(context.getString(m));
          free(n);
          free(m);
          const st = context.getProp(handle, 'stack');
          if (context.typeof(st) === 'string') stack = context.getString(st).slice(0, 4000);
          free(st);
        } else if (context.typeof(handle) === 'string') {
          message = clip(context.getString(handle));
        } else if (context.typeof(handle) === 'null') {
          // QuickJS throws null when it cannot even allocate the error object.
          message = 'out of memory';
        }
      } catch {
        // Unreadable: described below by what we know.
      } finally {
        this.deadline = outerDeadline;
        free(handle);
      }
    }
    if (name === 'InternalError' && message === 'interrupted') {
      return new SvgxError('PLUGIN_TIMEOUT', `plugin "${this.options.name}": ${what} ran past its ${limitMs} ms limit and was stopped`);
    }
    if (/out of memory/i.test(message)) return this.kill('PLUGIN_MEMORY', this.memoryMessage());
    // An error that cannot be read is what a full heap gives: the plugin code (or the sandbox's
    // own plumbing) could not even allocate the message. A heap at its limit stays full (the
    // plugin may keep what it allocated, catching the error): stop it rather than fail every call.
    if (!name && !message && this.heapVerdict() === 'full') return this.kill('PLUGIN_MEMORY', this.memoryMessage());
    const text = name && name !== 'Error' ? `${name}: ${message}` : message || 'unknown error';
    return new SvgxError(code, `plugin "${this.options.name}": ${what} threw: ${text}`, { cause: this.pluginError(text, stack) });
  }

  /** An exception thrown by the WebAssembly machinery itself (a trap, the host stack): the instance is not trusted after it. */
  private hostFault(error: unknown, what: string): SvgxError {
    if (error instanceof SvgxError) return error;
    const detail = error instanceof RangeError ? 'the host stack overflowed' : describeThrown(error);
    return this.kill('PLUGIN_SANDBOX_FAULT', `plugin "${this.options.name}": the sandbox crashed during ${what} (${detail}) and was stopped`);
  }

  /**
   * What an unreadable error (or a thrown null) says of the heap. QuickJS allocates in the
   * instance's linear memory, so one that has not grown to the limit cannot be full: that cheap
   * check comes first, and most errors stop there. Otherwise QuickJS's own count (it walks the
   * heap): `full` within 256 KiB of the limit, where an allocation failed. When asking traps, the
   * instance is broken (an allocation failure left QuickJS inconsistent), and at its size that
   * is a full heap.
   */
  private heapVerdict(): 'full' | 'ok' {
    const context = this.context;
    const runtime = this.runtime;
    const grown = this.module ? linearMemoryBytes(this.module) : undefined;
    const limit = this.options.memoryLimitMb * 1024 * 1024;
    if (!context || !runtime || grown === undefined || grown < limit) return 'ok';
    // The walk costs about 10 ms on a full heap: at most one every 250 ms, so a plugin that
    // throws null on every call near its limit cannot make the host walk it each time.
    const now = performance.now();
    if (now - this.lastHeapWalk < 250) return 'ok';
    this.lastHeapWalk = now;
    let usage: QuickJSHandle | undefined;
    try {
      usage = runtime.computeMemoryUsage();
      const size = (context.dump(usage) as { malloc_size?: unknown }).malloc_size;
      return typeof size === 'number' && size >= limit - 256 * 1024 ? 'full' : 'ok';
    } catch {
      usage = undefined; // not freed: the instance goes whole
      return 'full';
    } finally {
      if (usage) free(usage);
    }
  }

  private memoryMessage(): string {
    return `plugin "${this.options.name}" exceeded its ${this.options.memoryLimitMb} MiB memory limit and was stopped`;
  }

  /** Marks the sandbox dead, frees it and tells the listeners; returns the error to report. */
  private kill(code: ErrorCode, message: string, hint?: string): SvgxError {
    const error = new SvgxError(code, message, {
      hint: hint ?? (code === 'PLUGIN_MEMORY' ? 'raise plugins.<name>.memoryLimitMb, or keep less data alive' : 'reload the plugin after fixing it'),
    });
    if (this.fault || this.released) return this.fault ?? error;
    this.fault = error;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const call of this.pending.values()) {
      clearTimeout(call.timer);
      call.reject(error);
    }
    this.pending.clear();
    // No clean free after a fault: QuickJS may be mid-allocation; the instance goes whole.
    this.freeVm(false);
    for (const listener of this.faultListeners) {
      try {
        listener(error);
      } catch {
        // A listener's own failure must not hide the fault.
      }
    }
    return error;
  }

  private freeVm(clean = true): void {
    // Dropping every reference to the instance frees its memory (its own WebAssembly.Memory);
    // freeing the runtime first is best effort, and skipped after a fault, when QuickJS's own
    // state may be inconsistent.
    if (clean) {
      try {
        for (const handle of Object.values(this.boot)) if (handle) free(handle);
        this.context?.dispose();
        this.runtime?.dispose();
      } catch {
        // See above: the memory goes with the instance.
      }
    }
    this.boot = {};
    this.context = undefined;
    this.runtime = undefined;
    this.module = undefined;
    this.hostContext = undefined;
    this.staging = undefined;
  }

  /**
   * Sets the deadline for the code about to run and returns the one to restore after. A nested
   * entry (a host listener that calls back into this sandbox from a bridge call) never extends
   * the outer call's deadline.
   */
  private pushDeadline(limitMs: number): number {
    const outer = this.deadline;
    this.deadline = Math.min(outer, performance.now() + limitMs);
    return outer;
  }

  private contextOrThrow(): QuickJSContext {
    if (this.fault) throw this.fault;
    if (this.released || !this.context) {
      throw new SvgxError('PLUGIN_SANDBOX_FAULT', `plugin "${this.options.name}" is unloaded: its sandbox was released`);
    }
    return this.context;
  }

  // --- the bridge: the only function of the host the sandbox can call ------------------------

  private onBridge(context: QuickJSContext, opHandle: QuickJSHandle, payloadHandle: QuickJSHandle): QuickJSHandle | { error: QuickJSHandle } {
    try {
      if (context.typeof(opHandle) !== 'string' || context.typeof(payloadHandle) !== 'string') {
        throw new SvgxError('PLUGIN_PERMISSION', 'the host bridge takes two strings');
      }
      const op = context.getString(opHandle);
      const payloadText = context.getString(payloadHandle);
      if (payloadText.length > this.options.maxResultBytes * 4) throw new SvgxError('PLUGIN_PERMISSION', 'message too large for the host bridge');
      const payload: unknown = payloadText === '' ? undefined : JSON.parse(payloadText);
      const out = this.handleOp(op, payload);
      return context.newString(out === undefined ? '' : JSON.stringify(out));
    } catch (error) {
      if (error instanceof SvgxError) this.lastBridgeError = error;
      // Only the message crosses, as a new error made inside the sandbox.
      return { error: context.newError(clip(describeThrown(error))) };
    }
  }

  private handleOp(op: string, payload: unknown): unknown {
    const plugin = this.options.name;
    switch (op) {
      case 'register':
        return this.registerFromSandbox(payload);
      case 'metric': {
        const [name, value] = Array.isArray(payload) ? payload : [];
        if (typeof name === 'string' && typeof value === 'number') this.recordMetric(name, value);
        return undefined;
      }
      case 'log': {
        this.require('log');
        const [level, message] = Array.isArray(payload) ? payload : [];
        const text = clip(String(message), MAX_LOG_MESSAGE);
        const log = this.hostContext?.log;
        if (level === 'warn') log?.warn(text);
        else if (level === 'error') log?.error(text);
        else log?.info(text);
        return undefined;
      }
      case 'storage.get': {
        this.require('storage');
        const json = this.options.storage.get(plugin, keyOf(payload));
        return json === undefined ? undefined : (JSON.parse(json) as unknown);
      }
      case 'storage.set': {
        this.require('storage');
        const json = (payload as { json?: unknown } | undefined)?.json;
        if (typeof json !== 'string') throw new SvgxError('PLUGIN_PERMISSION', 'storage values must be JSON data');
        this.options.storage.set(plugin, keyOf(payload), json);
        return undefined;
      }
      case 'storage.delete':
        this.require('storage');
        return this.options.storage.delete(plugin, keyOf(payload));
      case 'storage.keys':
        this.require('storage');
        return this.options.storage.keys(plugin);
      case 'timer.set':
        this.require('timers');
        return this.setTimer(payload);
      case 'timer.clear': {
        this.require('timers');
        const id = (payload as { id?: unknown } | undefined)?.id;
        if (typeof id === 'number') {
          clearTimeout(this.timers.get(id));
          this.timers.delete(id);
        }
        return undefined;
      }
      default:
        throw new SvgxError('PLUGIN_PERMISSION', `unknown host operation "${clip(op, 50)}"`);
    }
  }

  /**
   * Passes a metric to the host when its name is short and one of the plugin's first
   * MAX_METRIC_NAMES; refuses it otherwise, quietly as the engine does, with one warning of each
   * kind in the plugin's log so its author can tell why a metric is missing.
   */
  private recordMetric(name: string, value: number): void {
    const host = this.hostContext;
    if (!host || name.length === 0 || !Number.isFinite(value)) return;
    if (name.length > MAX_METRIC_NAME) {
      this.warnMetricOnce('long', `metric names longer than ${MAX_METRIC_NAME} characters are refused (one had ${name.length}); this is said once`);
      return;
    }
    if (!this.metricNames.has(name)) {
      if (this.metricNames.size >= MAX_METRIC_NAMES) {
        this.warnMetricOnce('many', `more than ${MAX_METRIC_NAMES} distinct metric names are refused ("${name}" was not recorded); this is said once`);
        return;
      }
      this.metricNames.add(name);
    }
    host.recordMetric(name, value);
  }

  private warnMetricOnce(kind: 'long' | 'many', message: string): void {
    if (this.metricWarnings.has(kind)) return;
    this.metricWarnings.add(kind);
    this.hostContext?.log.warn(message);
  }

  /** The host refuses an undeclared capability too, though the sandbox never offers it. */
  private require(permission: Permission): void {
    if (!this.grants.has(permission)) {
      throw new SvgxError('PLUGIN_PERMISSION', `plugin "${this.options.name}" did not declare the "${permission}" permission`, {
        hint: `add "${permission}" to metadata.permissions`,
      });
    }
  }

  private registerFromSandbox(payload: unknown): string {
    const api = this.staging;
    if (!api) {
      throw new SvgxError('PLUGIN_REGISTER_FAILED', `plugin "${this.options.name}" registered a behavior outside register()`, {
        hint: 'register every behavior inside register() (await anything it needs first)',
      });
    }
    if (this.registered >= MAX_BEHAVIORS) {
      throw new SvgxError('PLUGIN_REGISTER_FAILED', `plugin "${this.options.name}" registered more than ${MAX_BEHAVIORS} behaviors`);
    }
    this.registered += 1;
    const data = (payload ?? {}) as Record<string, unknown>;
    const id = data['id'];
    const timeoutMs = typeof data['timeoutMs'] === 'number' ? data['timeoutMs'] : undefined;
    // The plugin's own limit is the most a behavior may ask for, as the engine caps it: a sync
    // call cannot be given up on by the host, so only this deadline stops it.
    const limit = Math.min(timeoutMs ?? this.handlerTimeoutMs, this.handlerTimeoutMs);
    const definition = {
      ...data,
      handler:
        data['handler'] === true && typeof id === 'string'
          ? (event: SvgxEvent): unknown => this.callHandler(id, event, limit)
          : data['handler'],
    } as unknown as BehaviorDefinition;
    const registered = api.registerBehavior(definition);
    return registered;
  }

  private setTimer(payload: unknown): number {
    if (this.timers.size >= MAX_TIMERS) {
      throw new SvgxError('PLUGIN_PERMISSION', `plugin "${this.options.name}" has ${MAX_TIMERS} timers pending, the most a plugin may have`);
    }
    const { delay, repeat } = (payload ?? {}) as { delay?: unknown; repeat?: unknown };
    const ms = Math.min(2_147_483_647, Math.max(repeat === true ? MIN_INTERVAL_MS : 0, typeof delay === 'number' && Number.isFinite(delay) ? delay : 0));
    const id = ++this.timerSeq;
    if (repeat === true) {
      const timer = setInterval(() => this.fireTimer(id, true), ms);
      // A plugin's timer never keeps the host process alive.
      timer.unref();
      this.timers.set(id, timer);
    } else {
      this.armTimeout(id, ms);
    }
    return id;
  }

  private fireTimer(id: number, repeat: boolean): void {
    if (!this.alive) return;
    const budget = this.timerBudget;
    const started = performance.now();
    if (!budget.mayRun(started)) {
      // This window's budget is spent: an interval skips this tick, a timeout waits for the next window.
      if (!repeat && this.timers.has(id)) this.armTimeout(id, budget.msUntilNextWindow(started));
      return;
    }
    if (!repeat) this.timers.delete(id);
    // One limit for the callback and the promise jobs it queues: both are the timer's work.
    const limit = Math.min(this.handlerTimeoutMs, TIMER_CALLBACK_MS);
    let overran = false;
    try {
      const envelope = this.enter('fire', [String(id)], limit, 'a timer callback', 'PLUGIN_SANDBOX_FAULT');
      this.runJobs(Math.max(1, limit - (performance.now() - started)), 'a timer callback', limit);
      if (envelope[0] === 'e' || envelope[0] === 'E') this.hostContext?.log.error(`timer callback threw: ${clip(thrownOf(envelope).text)}`);
    } catch (error) {
      // A callback stopped at the limit is not run again: a runaway interval would otherwise
      // take the host's time every period.
      overran = error instanceof SvgxError && error.code === 'PLUGIN_TIMEOUT';
      if (overran) {
        clearTimeout(this.timers.get(id));
        this.timers.delete(id);
      }
      this.hostContext?.log.error(`${describeThrown(error)}${overran && repeat ? '; the interval was cleared' : ''}`);
    }
    if (!this.alive) return;
    if (budget.charge(performance.now() - started, overran)) {
      const { budgetMs, windowMs, strikes } = budget.limits;
      this.kill(
        'PLUGIN_TIMEOUT',
        `plugin "${this.options.name}": its timer callbacks overran their budget (${budgetMs} ms of sandbox time in each ${windowMs} ms, at most ${limit} ms a callback) in ${strikes} windows in a row; its timers were cleared and the plugin was stopped`,
        'do less work in each timer callback or fire timers less often, then reload the plugin',
      );
    }
  }

  /** (Re)arms a one-shot timer under its id, so timer.clear still finds it. */
  private armTimeout(id: number, ms: number): void {
    const timer = setTimeout(() => this.fireTimer(id, false), ms);
    // A plugin's timer never keeps the host process alive.
    timer.unref();
    this.timers.set(id, timer);
  }
}

/** What an error envelope says was thrown: `e<text>`, or `E` and JSON [text, stack]. */
function thrownOf(envelope: string): { text: string; stack: string | undefined } {
  const body = envelope.slice(1);
  if (envelope[0] !== 'E') return { text: body, stack: undefined };
  const parsed = parseJson(body, 'an error');
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'string') return { text: body, stack: undefined };
  return { text: parsed[0], stack: typeof parsed[1] === 'string' ? parsed[1] : undefined };
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SvgxError('PLUGIN_SANDBOX_FAULT', `${what} came out of the sandbox as malformed JSON`);
  }
}

/** Disposes a handle if it and its context are still alive: after a kill the context is gone. */
function free(handle: { alive: boolean; dispose(): void }): void {
  try {
    if (handle.alive) handle.dispose();
  } catch {
    // Freed with its context already.
  }
}

function keyOf(payload: unknown): string {
  const key = (payload as { key?: unknown } | undefined)?.key;
  if (typeof key !== 'string') throw new SvgxError('PLUGIN_PERMISSION', 'storage keys are strings');
  return key;
}
