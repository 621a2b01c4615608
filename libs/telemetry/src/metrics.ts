import type { Attributes, Counter, Histogram, Meter, ObservableGauge } from '@opentelemetry/api';

export type MetricKind = 'counter' | 'gauge' | 'histogram';

export interface MetricDefinition {
  /** The instrument's name, already in Prometheus form (counters gain `_total` when exported). */
  readonly name: string;
  readonly kind: MetricKind;
  readonly description: string;
  /** UCUM unit (`s`, `{event}`...). */
  readonly unit: string;
  /** The attributes (Prometheus labels) every data point carries. */
  readonly labels: readonly string[];
  /** Histogram bucket boundaries, in the metric's unit. */
  readonly buckets?: readonly number[];
}

/**
 * Every metric Parley exports, in one place: services create their instruments from these, the
 * Grafana dashboard (infra/grafana) may query only these, and docs/operations.md lists them.
 */
export const METRICS = {
  sessions: {
    name: 'parley_channel_sessions',
    kind: 'gauge',
    description: 'Live WebSocket sessions on this channel server.',
    unit: '{session}',
    labels: [],
  },
  posts: {
    name: 'parley_channel_posts',
    kind: 'counter',
    description: 'Posts acknowledged by this channel server (a resend of a post is acknowledged, and counted, again).',
    unit: '{message}',
    labels: [],
  },
  fanoutLatency: {
    name: 'parley_channel_fanout_latency_seconds',
    kind: 'histogram',
    description: "From a room event's append (its occurredAt) to its frame being handed to the sessions in the room on this server.",
    unit: 's',
    labels: [],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  },
  consumerLag: {
    name: 'parley_eventlog_consumer_lag_events',
    kind: 'gauge',
    description: 'Events on a live consumer\'s subjects not yet handled, as of its last delivery.',
    unit: '{event}',
    labels: ['consumer'],
  },
  projectionLagEvents: {
    name: 'parley_projection_lag_events',
    kind: 'gauge',
    description: "Events in the log after a projection's position (0 when caught up).",
    unit: '{event}',
    labels: ['projection'],
  },
  projectionLagSeconds: {
    name: 'parley_projection_lag_seconds',
    kind: 'gauge',
    description: 'Age of the oldest event a projection has not applied yet (0 when caught up).',
    unit: 's',
    labels: ['projection'],
  },
} as const satisfies Record<string, MetricDefinition>;

/** The series a metric shows in Prometheus text: counters gain `_total`, histograms `_bucket`, `_sum` and `_count`. */
export function prometheusSeries(metric: MetricDefinition): string[] {
  if (metric.kind === 'counter') return [`${metric.name}_total`];
  if (metric.kind === 'histogram') return ['_bucket', '_sum', '_count'].map((suffix) => `${metric.name}${suffix}`);
  return [metric.name];
}

/** Every series name Parley exports. */
export function allPrometheusSeries(): string[] {
  return Object.values(METRICS).flatMap((m) => prometheusSeries(m));
}

type Of<K extends MetricKind> = MetricDefinition & { kind: K };

export function createCounter(meter: Meter, metric: Of<'counter'>): Counter {
  return meter.createCounter(metric.name, { description: metric.description, unit: metric.unit });
}

export function createHistogram(meter: Meter, metric: Of<'histogram'>): Histogram {
  return meter.createHistogram(metric.name, {
    description: metric.description,
    unit: metric.unit,
    ...(metric.buckets ? { advice: { explicitBucketBoundaries: [...metric.buckets] } } : {}),
  });
}

/**
 * An observable gauge read at each scrape: `observe` returns the points (value and labels), and
 * may be async (a lag that asks the log for its head). Returns a function that stops observing.
 */
export function observeGauge(
  meter: Meter,
  metric: Of<'gauge'>,
  observe: () => Iterable<{ value: number; labels?: Attributes }> | Promise<Iterable<{ value: number; labels?: Attributes }>>,
): () => void {
  const gauge: ObservableGauge = meter.createObservableGauge(metric.name, { description: metric.description, unit: metric.unit });
  const callback = async (result: { observe(value: number, attributes?: Attributes): void }) => {
    for (const point of await observe()) result.observe(point.value, point.labels);
  };
  gauge.addCallback(callback);
  return () => gauge.removeCallback(callback);
}

/** What a projector reports about its lag (structurally `Projector` from @parley/projections). */
export interface LaggingProjection {
  readonly name: string;
  lag(): Promise<{ events: number; seconds: number }>;
}

/**
 * The projection lag gauges (events and seconds) of the projections running in this process,
 * labelled by projection. A projection whose lag cannot be read (the log is unreachable) is left
 * out of that scrape rather than reported as caught up.
 */
export function observeProjectionLag(meter: Meter, projections: () => Iterable<LaggingProjection>): () => void {
  const read = async () => {
    const lags = (await Promise.all([...projections()].map((p) => p.lag().then((lag) => [{ name: p.name, ...lag }], () => [])))).flat();
    // Projectors of one projection in one process (partitions shared out) report the worst.
    const worst = new Map<string, { name: string; events: number; seconds: number }>();
    for (const l of lags) {
      const seen = worst.get(l.name);
      worst.set(l.name, seen ? { name: l.name, events: Math.max(seen.events, l.events), seconds: Math.max(seen.seconds, l.seconds) } : l);
    }
    return [...worst.values()];
  };
  const stopEvents = observeGauge(meter, METRICS.projectionLagEvents, async () => (await read()).map((l) => ({ value: l.events, labels: { projection: l.name } })));
  const stopSeconds = observeGauge(meter, METRICS.projectionLagSeconds, async () => (await read()).map((l) => ({ value: l.seconds, labels: { projection: l.name } })));
  return () => {
    stopEvents();
    stopSeconds();
  };
}
