import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';

/** Latency percentiles in milliseconds. */
export interface Percentiles {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

/** An HDR histogram of latencies, recorded in microseconds (1 µs to 10 minutes, 3 significant digits). */
export class Latency {
  private readonly histogram: Histogram = build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });

  /** Adds what another histogram recorded, given as `encoded()` wrote it (another run's report). */
  addEncoded(encoded: string): void {
    this.histogram.add(decodeFromCompressedBase64(encoded));
  }

  recordMs(ms: number): void {
    this.histogram.recordValue(Math.min(600_000_000, Math.max(1, Math.round(ms * 1000))));
  }

  percentiles(): Percentiles {
    const h = this.histogram;
    const ms = (us: number) => Math.round(us) / 1000;
    if (h.totalCount === 0) return { count: 0, mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
    // A percentile is the highest value equivalent to its bucket's, which may pass the largest recorded.
    const at = (percentile: number) => ms(Math.min(h.getValueAtPercentile(percentile), h.maxValue));
    return { count: h.totalCount, mean: ms(h.mean), p50: at(50), p90: at(90), p99: at(99), p999: at(99.9), max: ms(h.maxValue) };
  }

  /** The whole histogram, compressed (HdrHistogram's base64 format), so reports can be merged later. */
  encoded(): string {
    return encodeIntoCompressedBase64(this.histogram);
  }
}
