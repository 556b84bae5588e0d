import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../src/index.js';

describe('LatencyHistogram', () => {
  it('gives percentiles within 7% of the true value across magnitudes', () => {
    const h = new LatencyHistogram();
    const values: number[] = [];
    for (let i = 1; i <= 10_000; i += 1) {
      const v = 0.005 * Math.pow(1.0012, i); // 5 µs .. ~800 ms, log-spread
      values.push(v);
      h.record(v);
    }
    values.sort((a, b) => a - b);
    for (const p of [50, 95, 99]) {
      const truth = values[Math.ceil((p / 100) * values.length) - 1] as number;
      expect(Math.abs(h.percentile(p) - truth) / truth).toBeLessThan(0.07);
    }
    const s = h.snapshot();
    expect(s.count).toBe(10_000);
    expect(s.minMs).toBeCloseTo(values[0] as number, 3);
    expect(s.maxMs).toBeCloseTo(values[values.length - 1] as number, 3);
  });

  it('keeps constant memory however many values it records', () => {
    const before = LatencyHistogram.bucketBytes;
    const h = new LatencyHistogram();
    for (let i = 0; i < 1_000_000; i += 1) h.record((i % 1000) / 10);
    expect(LatencyHistogram.bucketBytes).toBe(before);
    expect(h.count).toBe(1_000_000);
    expect(h.percentile(50)).toBeGreaterThan(45);
    expect(h.percentile(50)).toBeLessThan(55);
  });

  it('reads zero when empty and handles zero and huge durations', () => {
    const h = new LatencyHistogram();
    expect(h.snapshot()).toMatchObject({ count: 0, p50Ms: 0, p99Ms: 0, meanMs: 0 });
    h.record(0);
    h.record(1e9);
    expect(h.percentile(50)).toBe(0);
    expect(h.percentile(100)).toBeGreaterThan(1e8);
    h.reset();
    expect(h.count).toBe(0);
  });
});

describe('LatencyHistogram.merge', () => {
  it('gives the percentiles of all the values recorded in both, exactly as one histogram would', () => {
    const fast = new LatencyHistogram();
    const slow = new LatencyHistogram();
    const all = new LatencyHistogram();
    for (let i = 0; i < 900; i += 1) {
      fast.record(0.1 + (i % 10) / 100);
      all.record(0.1 + (i % 10) / 100);
    }
    for (let i = 0; i < 100; i += 1) {
      slow.record(20 + i / 10);
      all.record(20 + i / 10);
    }
    const merged = new LatencyHistogram().merge(fast).merge(slow);
    expect(merged.snapshot()).toEqual(all.snapshot());
    expect(merged.percentile(50)).toBeLessThan(1);
    expect(merged.percentile(95)).toBeGreaterThan(19);
  });
});
