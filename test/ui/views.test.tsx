import { Box } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import type { PluginRow, WatchSnapshot } from '../../src/plugins/watch.js';
import { LogPane } from '../../src/ui/log-pane.js';
import { StatusTable } from '../../src/ui/status-table.js';
import { KEY_HELP, WatchApp } from '../../src/ui/watch-app.js';

function row(name: string, extra: Partial<PluginRow> = {}): PluginRow {
  return {
    name,
    status: 'loaded',
    version: '1.0.0',
    loader: 'trusted',
    behaviors: [
      { id: `${name}.b`, events: ['user_interaction'], priority: 'normal', calls: 10, errors: 1, timeouts: 0, p50Ms: 0.25, p95Ms: 1.5, p99Ms: 12.5, lastError: null },
    ],
    dependents: [],
    loadMs: 4.2,
    calls: 10,
    errors: 1,
    timeouts: 0,
    p50Ms: 0.25,
    p95Ms: 1.5,
    p99Ms: 12.5,
    reloads: 2,
    reloadErrors: 0,
    lastReloadAt: '2026-01-02T03:04:05.000Z',
    lastReloadMs: 3.25,
    error: null,
    quarantined: [],
    ...extra,
  };
}

function snapshot(plugins: PluginRow[], log: WatchSnapshot['log'] = []): WatchSnapshot {
  return { pluginDir: 'plugins', plugins, log, watchedFiles: 3 };
}

const brokenError = { code: 'PLUGIN_LOAD_FAILED', message: 'plugin "beta" does not compile: Expected ";"', stage: 'reload', location: 'beta.ts:3:7', hint: 'fix the syntax error and save again', stack: null };

const noop = (): void => undefined;
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

describe('StatusTable', () => {
  it('shows per plugin its status, version, behaviors, load time, calls, errors, timeouts, percentiles and last reload', () => {
    // ink-testing-library's terminal is 100 columns: render the wide layout in a Box of 130.
    const { lastFrame } = render(
      <Box width={130}>
        <StatusTable plugins={[row('alpha')]} selected={0} color={false} width={130} />
      </Box>,
    );
    const lines = (lastFrame() ?? '').split('\n');
    expect(lines[0]).toMatch(/PLUGIN\s+STATUS\s+VERSION\s+BEH\s+LOAD\s+CALLS\s+ERR\s+TMO\s+P50\s+P95\s+P99\s+RELOADED/);
    expect(lines[1]).toMatch(/^> alpha\s+loaded\s+1\.0\.0\s+1\s+4\.20 ms\s+10\s+1\s+0\s+250 µs\s+1\.50 ms\s+12\.5 ms\s+03:04:05 3\.25 ms/);
  });

  it('fits 100 columns by dropping the load time and the clock of the last reload', () => {
    const { lastFrame } = render(<StatusTable plugins={[row('alpha')]} selected={0} color={false} width={100} />);
    const lines = (lastFrame() ?? '').split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/PLUGIN\s+STATUS\s+VERSION\s+BEH\s+CALLS\s+ERR\s+TMO\s+P50\s+P95\s+P99\s+RELOAD$/);
    expect(lines[1]).toMatch(/^> alpha\s+loaded\s+1\.0\.0\s+1\s+10\s+1\s+0\s+250 µs\s+1\.50 ms\s+12\.5 ms\s+3\.25 ms$/);
  });

  it('shows the error under a plugin, and that its last good version stays live', () => {
    const { lastFrame } = render(<StatusTable plugins={[row('alpha'), row('beta', { error: brokenError })]} selected={0} color={false} />);
    expect(lastFrame()).toContain('✗ 1.0.0 stays live; plugin "beta" does not compile: Expected ";" (beta.ts:3:7)');
  });

  it('shows a plugin that never loaded without a version', () => {
    const { lastFrame } = render(<StatusTable plugins={[row('gamma', { status: 'error', version: null, behaviors: [], calls: 0, error: { ...brokenError, stage: 'load' } })]} selected={-1} color={false} />);
    expect(lastFrame()).toMatch(/ {2}gamma\s+error\s+-\s+0/);
    expect(lastFrame()).toContain('✗ plugin "beta" does not compile');
    expect(lastFrame()).not.toContain('stays live');
  });

  it('shows a quarantined behavior under its plugin', () => {
    const { lastFrame } = render(<StatusTable plugins={[row('alpha', { quarantined: [{ behaviorId: 'alpha.b', reason: '5 timeouts in a row' }] })]} selected={0} color={false} width={100} />);
    expect(lastFrame()).toContain('⏸ alpha.b quarantined: 5 timeouts in a row');
  });

  it('says how to start when the folder is empty', () => {
    const { lastFrame } = render(<StatusTable plugins={[]} selected={-1} color={false} />);
    expect(lastFrame()).toContain('no plugins in the folder yet');
  });
});

describe('LogPane', () => {
  it('shows the most recent lines, newest last, with time, level and plugin', () => {
    const lines = Array.from({ length: 12 }, (_, i) => ({ at: `2026-01-02T03:04:${String(i).padStart(2, '0')}.000Z`, level: 'info' as const, plugin: 'alpha', message: `reloaded #${i}` }));
    const { lastFrame } = render(<LogPane lines={lines} height={3} color={false} />);
    expect((lastFrame() ?? '').split('\n')).toEqual(['LOG', '03:04:09 info  alpha: reloaded #9', '03:04:10 info  alpha: reloaded #10', '03:04:11 info  alpha: reloaded #11']);
  });
});

describe('WatchApp', () => {
  const props = { color: false, keys: true, width: 100, onReload: noop, onToggle: noop, onFire: noop, onQuit: noop };

  it('renders the table, the selected plugin details, the log and the keys', () => {
    const log = [{ at: '2026-01-02T03:04:05.000Z', level: 'error' as const, plugin: 'beta', message: 'does not compile' }];
    const { lastFrame } = render(<WatchApp {...props} snapshot={snapshot([row('alpha'), row('beta', { error: brokenError })], log)} />);
    const frame = lastFrame() ?? '';
    expect(frame).toContain('watching plugins (2/2 loaded, 3 files)');
    expect(frame).toMatch(/> alpha/);
    expect(frame).toMatch(/BEHAVIOR\s+EVENTS\s+PRIORITY\s+CALLS\s+ERR\s+TMO\s+P50\s+P95\s+P99/);
    expect(frame).toMatch(/alpha\.b\s+user_interaction\s+normal\s+10\s+1\s+0\s+250 µs\s+1\.50 ms\s+12\.5 ms/);
    expect(frame).toContain('03:04:05 error beta: does not compile');
    expect(frame).toContain(KEY_HELP);
  });

  it('moves the selection with the arrow keys and acts on the selected plugin', async () => {
    const onReload = vi.fn();
    const onToggle = vi.fn();
    const onFire = vi.fn();
    const { stdin, lastFrame } = render(<WatchApp {...props} onReload={onReload} onToggle={onToggle} onFire={onFire} snapshot={snapshot([row('alpha'), row('beta')])} />);
    await tick();
    stdin.write('\u001B[B'); // down
    await tick();
    expect(lastFrame()).toMatch(/> beta/);
    stdin.write('r');
    stdin.write('u');
    stdin.write('e');
    stdin.write('R');
    await tick();
    expect(onReload.mock.calls).toEqual([['beta'], [undefined]]);
    expect(onToggle.mock.calls).toEqual([['beta']]);
    expect(onFire).toHaveBeenCalledTimes(1);
    stdin.write('\u001B[A'); // up
    await tick();
    expect(lastFrame()).toMatch(/> alpha/);
  });

  it('keeps the selection on the same plugin when rows are added before it', async () => {
    const { stdin, lastFrame, rerender } = render(<WatchApp {...props} snapshot={snapshot([row('beta'), row('delta')])} />);
    await tick();
    stdin.write('\u001B[B');
    await tick();
    rerender(<WatchApp {...props} snapshot={snapshot([row('alpha'), row('beta'), row('delta')])} />);
    await tick();
    expect(lastFrame()).toMatch(/> delta/);
  });

  it('quits on q', async () => {
    const onQuit = vi.fn();
    const { stdin } = render(<WatchApp {...props} onQuit={onQuit} snapshot={snapshot([row('alpha')])} />);
    await tick();
    stdin.write('q');
    await tick();
    expect(onQuit).toHaveBeenCalledTimes(1);
  });

  it('says keys are off when stdin is not a terminal', () => {
    const { lastFrame } = render(<WatchApp {...props} keys={false} snapshot={snapshot([row('alpha')])} />);
    expect(lastFrame()).toContain('keys are off');
  });
});
