import { afterEach, describe, expect, it } from 'vitest';
import { sandboxPlugin, harness, type Harness } from './helpers.js';

let h: Harness | undefined;
let stopTicking: (() => void) | undefined;
afterEach(async () => {
  stopTicking?.();
  stopTicking = undefined;
  await h?.close();
  h = undefined;
});

/** The host's own 5 ms tick: returns how to read the worst gap between two ticks so far. */
function hostTick(): { worstGapMs(): number } {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 5);
  stopTicking = () => clearInterval(timer);
  return {
    worstGapMs: () => Math.max(worst, performance.now() - last),
  };
}

const busyWait = (ms: number): string => `const t = Date.now(); while (Date.now() - t < ${ms}) {}`;

async function until(condition: () => boolean, limitMs: number): Promise<void> {
  const started = performance.now();
  while (!condition() && performance.now() - started < limitMs) await new Promise((r) => setTimeout(r, 20));
}

describe('timer budget: timer callbacks share a CPU budget per plugin, and a plugin that keeps overrunning it is stopped', () => {
  it.each([
    ['64 intervals that each busy-wait 200 ms', `for (let i = 0; i < 64; i++) setInterval(() => { ${busyWait(200)} }, 10);`],
    ['64 intervals that each busy-wait 30 ms, under the per-callback limit', `for (let i = 0; i < 64; i++) setInterval(() => { ${busyWait(30)} }, 10);`],
    ['64 intervals whose promise jobs busy-wait', `for (let i = 0; i < 64; i++) setInterval(() => { Promise.resolve().then(() => { ${busyWait(30)} }); }, 10);`],
    ['64 timeouts that re-arm themselves', `const spin = () => { ${busyWait(30)} setTimeout(spin, 0); }; for (let i = 0; i < 64; i++) setTimeout(spin, 0);`],
  ])('keeps the host ticking against %s, then stops the plugin and removes its behaviors', async (_attack, timers) => {
    h = await harness({
      'hog.js': sandboxPlugin({
        name: 'hog',
        permissions: ['timers'],
        register: `${timers}
          registry.registerBehavior({ id: 'hog.main', type: 'custom', events: ['physics'], handler: () => 'hog' });`,
      }),
    });
    const tick = hostTick();
    await h.system.loadAll();

    // While the attack runs, another plugin is served promptly.
    await new Promise((r) => setTimeout(r, 300));
    const asked = performance.now();
    const during = await h.dispatch(7);
    expect(performance.now() - asked).toBeLessThan(500);
    expect(h.resultOf(during, 'witness.main')).toMatchObject({ outcome: 'ok', value: { alive: true, n: 7 } });

    await until(() => h?.system.getPlugin('hog')?.status === 'error', 6000);
    const info = h.system.getPlugin('hog');
    expect(info?.status).toBe('error');
    expect(info?.lastError?.code).toBe('PLUGIN_TIMEOUT');
    expect(info?.lastError?.message).toMatch(/plugin "hog": its timer callbacks overran/);
    expect(h.resultOf(await h.dispatch(), 'hog.main')).toBeUndefined();
    expect(tick.worstGapMs()).toBeLessThan(500);
    await h.expectHostServes();
  }, 20_000);

  it('keeps a plugin whose timers do little work running at their full rate', async () => {
    h = await harness({
      'pulse.js': sandboxPlugin({
        name: 'pulse',
        permissions: ['timers'],
        prelude: 'let ticks = 0;',
        register: `setInterval(() => { ticks += 1; }, 10);
          registry.registerBehavior({ id: 'pulse.main', type: 'custom', events: ['physics'], handler: () => ticks });`,
      }),
    });
    await h.system.loadAll();
    await new Promise((r) => setTimeout(r, 1500));
    expect(h.system.getPlugin('pulse')?.status).toBe('loaded');
    expect(h.resultOf(await h.dispatch(), 'pulse.main')?.value).toBeGreaterThan(60);
    await h.expectHostServes();
  }, 10_000);
});
