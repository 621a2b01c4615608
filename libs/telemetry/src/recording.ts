import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

export type { ReadableSpan };

export interface TelemetryRecording {
  /** Every span ended since the recording started (or was last cleared). */
  spans(): ReadableSpan[];
  clearSpans(): void;
  /** The metrics as Prometheus would scrape them from /metrics. */
  scrape(): Promise<string>;
  /** Puts the no-op globals back. */
  stop(): Promise<void>;
}

/**
 * Records this process's spans in memory and its metrics for a Prometheus scrape, through the
 * global OpenTelemetry API as services use it (W3C propagation, async context): for tests that
 * assert traces and metrics. Every span is kept (no sampling) and exported as it ends.
 */
export function recordTelemetry(): TelemetryRecording {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const prometheus = new PrometheusExporter({ preventServerStart: true });
  const meterProvider = new MeterProvider({ readers: [prometheus] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  const serializer = new PrometheusSerializer();
  return {
    spans: () => exporter.getFinishedSpans(),
    clearSpans: () => exporter.reset(),
    scrape: async () => {
      const { resourceMetrics, errors } = await prometheus.collect();
      if (errors.length > 0) throw new AggregateError(errors, 'collecting metrics failed');
      return serializer.serialize(resourceMetrics);
    },
    stop: async () => {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
      trace.disable();
      metrics.disable();
      propagation.disable();
      context.disable();
    },
  };
}
