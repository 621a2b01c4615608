import { context, metrics, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Meter, type MeterProvider, type Span } from '@opentelemetry/api';

export { SpanKind };
export type { Attributes, Meter, Span };

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The parent; the active context by default. */
  parent?: Context;
}

/**
 * Runs `work` inside an active span of the service's tracer (`@parley/<scope>`): whatever it
 * starts (an append, a NATS request) joins the trace. A throw or rejection marks the span as an
 * error and is passed on; the span ends when `work` returns or settles.
 */
export function inSpan<T>(scope: string, name: string, options: SpanOptions, work: (span: Span) => T): T {
  const tracer = trace.getTracer(`@parley/${scope}`);
  const failed = (span: Span, error: unknown) => {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
  };
  return tracer.startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes ?? {} }, options.parent ?? context.active(), (span) => {
    let result: T;
    try {
      result = work(span);
    } catch (error) {
      failed(span, error);
      span.end();
      throw error;
    }
    if (result instanceof Promise) {
      return result.then(
        (value: unknown) => (span.end(), value),
        (error: unknown) => {
          failed(span, error);
          span.end();
          throw error;
        },
      ) as T;
    }
    span.end();
    return result;
  });
}

/**
 * A service's metric instruments, made on first use from the meter provider in place then. The
 * global provider is set when telemetry starts, after modules load: instruments made earlier would
 * stay no-ops, so they are remade whenever the provider has changed.
 */
export function lazyInstruments<T>(scope: string, create: (meter: Meter) => T): () => T {
  let made: { provider: MeterProvider; instruments: T } | undefined;
  return () => {
    const provider = metrics.getMeterProvider();
    if (made?.provider !== provider) made = { provider, instruments: create(provider.getMeter(`@parley/${scope}`)) };
    return made.instruments;
  };
}

/** The meter of a service (`@parley/<scope>`) from the meter provider in place now. */
export function meterOf(scope: string): Meter {
  return metrics.getMeter(`@parley/${scope}`);
}
