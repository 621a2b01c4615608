import { Writable } from 'node:stream';
import { trace } from '@opentelemetry/api';
import { createLogger } from './logger.js';
import { startTelemetry } from './telemetry.js';

describe('telemetry', () => {
  it('is a no-op when off', async () => {
    const t = startTelemetry({ serviceName: 'test', instanceId: 'i1', enabled: false });
    expect(t.metricsHandler).toBeUndefined();
    await t.shutdown();
  });

  it('when on, puts the active trace id in every log line and serves metrics', async () => {
    const t = startTelemetry({ serviceName: 'test', instanceId: 'i1', enabled: true });
    const lines: string[] = [];
    const destination = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const logger = createLogger({ service: 'test', instanceId: 'i1', level: 'info', destination });
    const { traceId, spanId } = t.tracer.startActiveSpan('work', (span) => {
      logger.info('inside');
      span.end();
      return span.spanContext();
    });
    logger.info('outside');
    const [inside, outside] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(inside).toMatchObject({ msg: 'inside', level: 'info', service: 'test', instance: 'i1', trace_id: traceId, span_id: spanId });
    expect(outside!['trace_id']).toBeUndefined();
    expect(outside!['span_id']).toBeUndefined();
    expect(traceId).not.toBe('00000000000000000000000000000000');
    expect(t.metricsHandler).toBeDefined();
    await t.shutdown();
    trace.disable();
  });
});
