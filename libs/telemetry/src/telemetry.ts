import type { IncomingMessage, ServerResponse } from 'node:http';
import { metrics, trace, type Meter, type Tracer } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, NoopSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface TelemetryOptions {
  /** `parley-channel`, `parley-lookup`... */
  serviceName: string;
  serviceVersion?: string;
  instanceId: string;
  /** Off by default: no SDK is started and every span and metric is a no-op. */
  enabled: boolean;
  /** OTLP/HTTP endpoint for traces; without one, spans exist (trace ids in logs) but are not exported. */
  otlpEndpoint?: string | undefined;
}

export interface Telemetry {
  readonly enabled: boolean;
  tracer: Tracer;
  meter: Meter;
  /** Serves Prometheus text format; undefined when telemetry is off. */
  metricsHandler?: (request: IncomingMessage, response: ServerResponse) => void;
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry for one service: W3C trace context propagation (which the event log
 * carries in NATS headers), an optional OTLP trace exporter, and a Prometheus metrics reader.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const scope = `@parley/${options.serviceName}`;
  if (!options.enabled) {
    return { enabled: false, tracer: trace.getTracer(scope), meter: metrics.getMeter(scope), shutdown: async () => undefined };
  }
  const prometheus = new PrometheusExporter({ preventServerStart: true });
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName,
      [ATTR_SERVICE_VERSION]: options.serviceVersion ?? '0.0.0',
      'service.instance.id': options.instanceId,
    }),
    autoDetectResources: false,
    spanProcessors: [
      options.otlpEndpoint
        ? new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces` }))
        : // Spans still get ids (and log lines their trace ids) without an exporter.
          new NoopSpanProcessor(),
    ],
    metricReaders: [prometheus],
    instrumentations: [],
  });
  sdk.start();
  return {
    enabled: true,
    tracer: trace.getTracer(scope),
    meter: metrics.getMeter(scope),
    metricsHandler: (request, response) => prometheus.getMetricsRequestHandler(request, response),
    shutdown: () => sdk.shutdown(),
  };
}
