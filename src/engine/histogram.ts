/**
 * A fixed-size, log-linear latency histogram (HDR-style). Memory is constant however many
 * values are recorded: 40 powers of two of microseconds, 16 linear sub-buckets each, so a
 * percentile is within about 6% of the true value from 1 µs to about 12 days.
 */
const SUB_BUCKET_BITS = 4;
const SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
const MAGNITUDES = 40;
const BUCKET_COUNT = MAGNITUDES * SUB_BUCKETS;

function bucketIndex(micros: number): number {
  if (!(micros >= 1)) return 0;
  const v = Math.floor(micros);
  // clz32 covers values below 2^32 µs (71 minutes); log2 covers the rest.
  const exp = v < 2 ** 32 ? 31 - Math.clz32(v) : Math.floor(Math.log2(v));
  if (exp < SUB_BUCKET_BITS) return v; // exact buckets for 1..15 µs
  const sub = Math.floor(v / 2 ** (exp - SUB_BUCKET_BITS)) - SUB_BUCKETS;
  const index = (exp - SUB_BUCKET_BITS + 1) * SUB_BUCKETS + sub;
  return Math.min(index, BUCKET_COUNT - 1);
}

/** The middle of a bucket, in microseconds. */
function bucketValue(index: number): number {
  if (index < SUB_BUCKETS) return index;
  const exp = Math.floor(index / SUB_BUCKETS) - 1 + SUB_BUCKET_BITS;
  const sub = index % SUB_BUCKETS;
  const width = 2 ** (exp - SUB_BUCKET_BITS);
  return (SUB_BUCKETS + sub) * width + width / 2;
}

export interface HistogramSnapshot {
  count: number;
  minMs: number;
  maxMs: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKET_COUNT);
  private total = 0;
  private sumMicros = 0;
  private minMicros = Number.POSITIVE_INFINITY;
  private maxMicros = 0;

  /** Record one duration in milliseconds. */
  record(durationMs: number): void {
    const micros = Math.max(0, durationMs * 1000);
    const index = bucketIndex(micros);
    this.counts[index] = (this.counts[index] ?? 0) + 1;
    this.total += 1;
    this.sumMicros += micros;
    if (micros < this.minMicros) this.minMicros = micros;
    if (micros > this.maxMicros) this.maxMicros = micros;
  }

  get count(): number {
    return this.total;
  }

  /** The value at percentile `p` (0..100) in milliseconds; 0 when empty. */
  percentile(p: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKET_COUNT; i += 1) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) {
        const value = Math.min(Math.max(bucketValue(i), this.minMicros), this.maxMicros);
        return value / 1000;
      }
    }
    return this.maxMicros / 1000;
  }

  snapshot(): HistogramSnapshot {
    return {
      count: this.total,
      minMs: this.total === 0 ? 0 : this.minMicros / 1000,
      maxMs: this.maxMicros / 1000,
      meanMs: this.total === 0 ? 0 : this.sumMicros / this.total / 1000,
      p50Ms: this.percentile(50),
      p95Ms: this.percentile(95),
      p99Ms: this.percentile(99),
    };
  }

  /**
   * Adds another histogram's values to this one. Every histogram has the same buckets, so the
   * merge is exact: the percentiles of the sum are those of all the values recorded in both.
   */
  merge(other: LatencyHistogram): this {
    for (let i = 0; i < BUCKET_COUNT; i += 1) this.counts[i] = (this.counts[i] ?? 0) + (other.counts[i] ?? 0);
    this.total += other.total;
    this.sumMicros += other.sumMicros;
    this.minMicros = Math.min(this.minMicros, other.minMicros);
    this.maxMicros = Math.max(this.maxMicros, other.maxMicros);
    return this;
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.sumMicros = 0;
    this.minMicros = Number.POSITIVE_INFINITY;
    this.maxMicros = 0;
  }

  /** Bytes held by the buckets: constant, whatever the number of calls. */
  static get bucketBytes(): number {
    return BUCKET_COUNT * Uint32Array.BYTES_PER_ELEMENT;
  }
}
