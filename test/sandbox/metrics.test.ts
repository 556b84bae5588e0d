import { afterEach, describe, expect, it } from 'vitest';
import { BehaviorEngine } from '../../src/index.js';
import { sandboxPlugin, harness, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The engine the host hands metrics to, counting what reaches it from the bridge. */
class WatchedEngine extends BehaviorEngine {
  readonly names = new Map<string, Set<string>>();
  longestName = 0;

  override recordMetric(scope: string, name: string, value: number): void {
    this.longestName = Math.max(this.longestName, name.length);
    // Long names are only measured: a Set of 60 000-character strings would be the very leak.
    if (name.length <= 64) {
      let names = this.names.get(scope);
      if (!names) this.names.set(scope, (names = new Set()));
      names.add(name);
    }
    super.recordMetric(scope, name, value);
  }
}

describe('custom metrics of a sandboxed plugin: the bridge bounds what reaches the host', () => {
  it('refuses metric names over 64 characters and past 100 distinct names, and keeps the known ones counting', async () => {
    const engine = new WatchedEngine({ defaultTimeoutMs: 100, quarantineAfter: 0 });
    h = await harness(
      {
        'hoarder.js': sandboxPlugin({
          name: 'hoarder',
          // 3000 names of 60 000 characters: 216 MiB of host memory kept forever before the cap.
          handler: `(event, bctx) => {
            ctx.recordMetric('calls', 1);
            const base = event.data.n * 1000;
            for (let i = 0; i < 500; i++) ctx.recordMetric('x'.repeat(60000) + (base + i), 1);
            for (let i = 0; i < 500; i++) bctx.recordMetric('m' + (base + i), 1);
            return 'done';
          }`,
        }),
      },
      { engine, plugins: { hoarder: { timeoutMs: 2000 } } },
    );
    await h.system.loadAll();
    for (let n = 1; n <= 6; n++) {
      const started = performance.now();
      const d = await h.dispatch(n);
      expect(h.resultOf(d, 'hoarder.main')).toMatchObject({ outcome: 'ok', value: 'done' });
      expect(h.resultOf(d, 'witness.main')).toMatchObject({ outcome: 'ok' });
      expect(performance.now() - started).toBeLessThan(2000);
    }
    expect(engine.longestName).toBeLessThanOrEqual(64);
    expect(engine.names.get('hoarder')?.size).toBeLessThanOrEqual(100);
    expect(engine.getCustomMetrics('hoarder')['calls']).toMatchObject({ count: 6 });
    const warnings = h.system.getPluginLogs('hoarder').filter((l) => l.level === 'warn');
    expect(warnings.map((l) => l.message).join('\n')).toMatch(/metric names longer than 64 characters are refused/);
    expect(warnings.map((l) => l.message).join('\n')).toMatch(/more than 100 distinct metric names are refused/);
    // One warning of each kind, not one a call.
    expect(warnings).toHaveLength(2);
    expect(h.system.getPlugin('hoarder')?.status).toBe('loaded');
    await h.expectHostServes();
  }, 30_000);
});
