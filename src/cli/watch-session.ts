import path from 'node:path';
import type { SvgxEvent } from '../engine/types.js';
import { EXIT_OK } from '../errors.js';
import { replayEvents, sampleEventsFor, type ReplaySummary } from '../plugins/events-file.js';
import type { PluginSystem } from '../plugins/plugin-system.js';
import { PluginWatcher, type WatchSnapshot } from '../plugins/watch.js';
import { withSpinner } from './reporters/terminal.js';
import { formatWatchLine, type WatchLine } from './reporters/watch-ndjson.js';

export interface WatchSessionOptions {
  system: PluginSystem;
  names: readonly string[];
  debounceMs: number;
  events: readonly SvgxEvent[] | undefined;
  eventsFile: string | undefined;
  /** `live`: the Ink view with keys; `ndjson`: one JSON line per change on stdout. */
  mode: 'live' | 'ndjson';
  color: boolean;
}

/**
 * The loop of `load --watch`: owns the watcher, turns its changes into NDJSON lines or hands
 * its snapshots to the Ink view, and maps keys to watcher calls. Ends on q, Ctrl-C or SIGTERM,
 * after unloading every plugin (each one's dispose() runs).
 */
export async function runWatchSession(options: WatchSessionOptions): Promise<number> {
  const watcher = new PluginWatcher(options.system, { debounceMs: options.debounceMs, names: options.names });
  try {
    return options.mode === 'live' ? await runLive(watcher, options) : await runNdjson(watcher, options);
  } finally {
    await watcher.close();
    await options.system.close();
  }
}

async function runNdjson(watcher: PluginWatcher, options: WatchSessionOptions): Promise<number> {
  let stopped: ((reason: string) => void) | undefined;
  const stop = new Promise<string>((resolve) => (stopped = resolve));
  const write = (line: WatchLine): void => {
    process.stdout.write(formatWatchLine(line));
  };
  // The reader went away (`| head`): there is no one left to tell, so end quietly.
  process.stdout.on('error', () => stopped?.('stdout closed'));
  watcher.on('change', write);
  const detach = onSignals((signal) => stopped?.(signal));
  try {
    await watcher.start();
    if (options.events && options.eventsFile) {
      const summary = await replayEvents(options.system.engine, options.events);
      write({ type: 'replayed', at: new Date().toISOString(), source: options.eventsFile, ...summary });
    }
    const reason = await stop;
    // Unloaded while the watcher still listens, so each plugin's `unloaded` line is printed.
    await options.system.close();
    write({ type: 'stopped', at: new Date().toISOString(), reason });
    return EXIT_OK;
  } finally {
    detach();
  }
}

async function runLive(watcher: PluginWatcher, options: WatchSessionOptions): Promise<number> {
  let snapshot: WatchSnapshot = await withSpinner('loading plugins…', () => watcher.start());
  // Ink and React cost about 330 ms to import: only this path pays for them.
  const [{ render }, { createElement }, { WatchApp }] = await Promise.all([import('ink'), import('react'), import('../ui/watch-app.js')]);
  let message: string | undefined;
  let fired = 0;
  const keys = process.stdin.isTTY === true;

  const describe = (source: string, s: ReplaySummary): string =>
    `${source}: ${s.events} event${s.events === 1 ? '' : 's'}, ${s.calls} calls (${s.ok} ok, ${s.errors} errors, ${s.timeouts} timeouts) in ${s.durationMs.toFixed(2)} ms`;
  const view = () =>
    createElement(WatchApp, {
      snapshot: forDisplay(snapshot),
      message,
      color: options.color,
      keys,
      // A pseudo-terminal may report 0 columns: fall back as for none.
      width: process.stdout.columns || 100,
      logHeight: logHeightFor(snapshot, process.stdout.rows ?? 30),
      onReload: (name: string | undefined) => act(() => watcher.reload(name), name ? `reloaded ${name}` : 'reloaded every plugin'),
      onToggle: (name: string) => act(() => watcher.toggle(name), undefined),
      onFire: () => act(fire, undefined),
      onQuit: () => undefined,
    });
  const app = render(view(), { exitOnCtrlC: true });
  const refresh = (): void => {
    snapshot = watcher.snapshot();
    app.rerender(view());
  };
  async function fire(): Promise<void> {
    const events = options.events ?? sampleEventsFor(options.system.engine, fired);
    fired += 1;
    const summary = await replayEvents(options.system.engine, events);
    message = describe(options.events && options.eventsFile ? options.eventsFile : 'sample events', summary);
  }
  function act(work: () => Promise<void>, done: string | undefined): void {
    void work().then(
      () => {
        if (done) message = done;
        refresh();
      },
      (error: unknown) => {
        message = `error: ${error instanceof Error ? error.message : String(error)}`;
        refresh();
      },
    );
  }

  watcher.on('snapshot', (next) => {
    snapshot = next;
    app.rerender(view());
  });
  const onResize = (): void => app.rerender(view());
  process.stdout.on('resize', onResize);
  // Ctrl-C in raw mode reaches Ink as a key; a signal from outside unmounts the same way.
  const detach = onSignals(() => app.unmount());
  try {
    if (options.events) act(fire, undefined);
    await app.waitUntilExit();
  } finally {
    detach();
    process.stdout.off('resize', onResize);
  }
  return EXIT_OK;
}

/**
 * The log gets the rows the table and the details leave, between 3 and 20: Ink redraws a
 * frame taller than the terminal by scrolling, which smears it.
 */
function logHeightFor(snapshot: WatchSnapshot, rows: number): number {
  const table = snapshot.plugins.reduce((n, p) => n + 1 + (p.error ? 1 : 0) + p.quarantined.length, 1);
  const details = 2 + Math.max(...snapshot.plugins.map((p) => p.behaviors.length), 0);
  return Math.max(3, Math.min(20, rows - table - details - 9));
}

/** Paths under the current folder are shown relative to it: the table has no room for more. */
function forDisplay(snapshot: WatchSnapshot): WatchSnapshot {
  const cwd = process.cwd();
  const shorten = (text: string): string => text.split(`${cwd}${path.sep}`).join('');
  return {
    ...snapshot,
    pluginDir: path.relative(cwd, snapshot.pluginDir).startsWith('..') ? snapshot.pluginDir : path.relative(cwd, snapshot.pluginDir) || '.',
    plugins: snapshot.plugins.map((p) => (p.error ? { ...p, error: { ...p.error, message: shorten(p.error.message), location: p.error.location === null ? null : shorten(p.error.location) } } : p)),
    log: snapshot.log.map((line) => ({ ...line, message: shorten(line.message) })),
  };
}

/**
 * SIGINT and SIGTERM end the session cleanly instead of killing the process mid-reload; a
 * second one does not wait for a plugin's slow dispose() (exit 130, like a shell's Ctrl-C).
 */
function onSignals(handler: (signal: string) => void): () => void {
  let received = 0;
  const listener = (signal: NodeJS.Signals): void => {
    received += 1;
    if (received > 1) {
      process.stderr.write(`svgx-plugins: ${signal} again, stopping without waiting for the plugins\n`);
      process.exit(130);
    }
    handler(signal);
  };
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
  return () => {
    process.off('SIGINT', listener);
    process.off('SIGTERM', listener);
  };
}
