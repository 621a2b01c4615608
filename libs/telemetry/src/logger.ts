import { trace } from '@opentelemetry/api';
import { pino, type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  service: string;
  instanceId: string;
  level: string;
  /** Where lines go; stdout by default. */
  destination?: NodeJS.WritableStream;
}

/** JSON logs (pino) that carry the active trace and span ids, so a log line leads to its trace. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service, instance: options.instanceId },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin() {
        const span = trace.getActiveSpan()?.spanContext();
        return span ? { trace_id: span.traceId, span_id: span.spanId } : {};
      },
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}
