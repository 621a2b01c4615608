import { createServer } from 'node:http';
import { metrics, trace } from '@opentelemetry/api';
import { inSpan, lazyInstruments, meterOf } from './instrumentation.js';
import { allPrometheusSeries, createCounter, createHistogram, METRICS, observeGauge, observeProjectionLag, prometheusSeries } from './metrics.js';
import { recordTelemetry, type TelemetryRecording } from './recording.js';
import { startTelemetry } from './telemetry.js';

/** The value of one series line (`name{labels} value`) in Prometheus text, or undefined. */
const valueOf = (text: string, series: string, labels = '') =>
  text
    .split('\n')
    .find((line) => line.startsWith(`${series}{`) && line.includes(labels))
    ?.split(' ')
    .at(-1);

describe('the metric catalogue', () => {
  it('names every metric once, in Prometheus form, with its series', () => {
    const names = Object.values(METRICS).map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^parley_[a-z_]+$/);
    expect(prometheusSeries(METRICS.posts)).toEqual(['parley_channel_posts_total']);
    expect(prometheusSeries(METRICS.fanoutLatency)).toEqual([
      'parley_channel_fanout_latency_seconds_bucket',
      'parley_channel_fanout_latency_seconds_sum',
      'parley_channel_fanout_latency_seconds_count',
    ]);
    expect(allPrometheusSeries()).toContain('parley_projection_lag_seconds');
  });
});

describe('instruments made from the catalogue', () => {
  let telemetry: TelemetryRecording;
  beforeEach(() => (telemetry = recordTelemetry()));
  afterEach(() => telemetry.stop());

  it('export under the catalogue names, as Prometheus scrapes them', async () => {
    const meter = meterOf('test');
    createCounter(meter, METRICS.posts).add(3);
    createHistogram(meter, METRICS.fanoutLatency).record(0.004);
    let sessions = 2;
    const stop = observeGauge(meter, METRICS.sessions, () => [{ value: sessions }]);
    const text = await telemetry.scrape();
    expect(valueOf(text, 'parley_channel_posts_total')).toBe('3');
    expect(valueOf(text, 'parley_channel_fanout_latency_seconds_bucket', 'le="0.005"')).toBe('1');
    expect(valueOf(text, 'parley_channel_fanout_latency_seconds_bucket', 'le="0.0025"')).toBe('0');
    expect(valueOf(text, 'parley_channel_sessions')).toBe('2');
    sessions = 5;
    expect(valueOf(await telemetry.scrape(), 'parley_channel_sessions')).toBe('5');
    stop();
  });

  it('report projection lag per projection, the worst of its projectors, leaving out one that cannot tell', async () => {
    const projectors = [
      { name: 'history', lag: async () => ({ events: 4, seconds: 1.5 }) },
      { name: 'history', lag: async () => ({ events: 9, seconds: 0.5 }) },
      { name: 'catalog', lag: async () => ({ events: 0, seconds: 0 }) },
      { name: 'archive', lag: () => Promise.reject(new Error('log unreachable')) },
    ];
    observeProjectionLag(meterOf('test'), () => projectors);
    const text = await telemetry.scrape();
    expect(valueOf(text, 'parley_projection_lag_events', 'projection="history"')).toBe('9');
    expect(valueOf(text, 'parley_projection_lag_seconds', 'projection="history"')).toBe('1.5');
    expect(valueOf(text, 'parley_projection_lag_events', 'projection="catalog"')).toBe('0');
    expect(valueOf(text, 'parley_projection_lag_events', 'projection="archive"')).toBeUndefined();
  });

  it('are remade once the meter provider has been set (services make theirs before telemetry starts)', async () => {
    await telemetry.stop();
    const instruments = lazyInstruments('test', (meter) => createCounter(meter, METRICS.posts));
    instruments().add(1); // no provider yet: a no-op
    telemetry = recordTelemetry();
    instruments().add(1);
    expect(valueOf(await telemetry.scrape(), 'parley_channel_posts_total')).toBe('1');
  });
});

describe('inSpan', () => {
  let telemetry: TelemetryRecording;
  beforeEach(() => (telemetry = recordTelemetry()));
  afterEach(() => telemetry.stop());

  it('makes the span active for the work, ends it when the work settles, and marks a failure', async () => {
    const inner = await inSpan('test', 'outer', {}, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return trace.getActiveSpan()?.spanContext().spanId;
    });
    await expect(inSpan('test', 'failing', {}, async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(() => inSpan('test', 'throwing', {}, () => { throw new Error('sync'); })).toThrow('sync');
    const [outer, failing, throwing] = telemetry.spans();
    expect(outer!.spanContext().spanId).toBe(inner);
    expect(failing!.status.code).toBe(2);
    expect(failing!.events.map((e) => e.name)).toEqual(['exception']);
    expect(throwing!.status.code).toBe(2);
  });
});

describe('the /metrics endpoint', () => {
  it('serves the catalogue metrics from the telemetry SDK', async () => {
    const t = startTelemetry({ serviceName: 'test', instanceId: 'i1', enabled: true });
    createCounter(meterOf('test'), METRICS.posts).add(2);
    const server = createServer((request, response) => t.metricsHandler!(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(text).toContain('# TYPE parley_channel_posts_total counter');
      expect(valueOf(text, 'parley_channel_posts_total')).toBe('2');
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await t.shutdown();
      trace.disable();
      metrics.disable();
    }
  });
});
