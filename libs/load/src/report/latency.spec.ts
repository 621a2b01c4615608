import { Latency } from './latency.js';

describe('latency percentiles', () => {
  it('reads percentiles from the HDR histogram, in milliseconds, never above the largest recorded', () => {
    const latency = new Latency();
    for (let ms = 1; ms <= 1000; ms++) latency.recordMs(ms);
    const p = latency.percentiles();
    expect(p.count).toBe(1000);
    expect(p.p50).toBeCloseTo(500, -1);
    expect(p.p99).toBeCloseTo(990, -1);
    expect(p.max).toBeCloseTo(1000, -1);
    expect(p.p999).toBeLessThanOrEqual(p.max);
    expect(latency.encoded()).toMatch(/^[A-Za-z0-9+/=]+$/);
  });

  it('reports zeros when nothing was recorded', () => {
    expect(new Latency().percentiles()).toEqual({ count: 0, mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 });
  });
});
