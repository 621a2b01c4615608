import type { MsgHdrs } from '@nats-io/transport-node';
import type { AnyEnvelope, EventRegistry, ParleyEvent } from '@parley/contracts';
import { propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';

/** An event as the log holds it: the event, where it sits in its stream, and who wrote it (trace). */
export interface StoredEvent<E extends AnyEnvelope = ParleyEvent> {
  event: E;
  /** The event's sequence in its stream (a log position; the aggregate's own version is `event.seq`). */
  streamSeq: number;
  subject: string;
  /** The W3C trace context of the append that wrote it, if tracing was on. */
  traceparent?: string;
}

const decoder = new TextDecoder();

/**
 * Decodes a stored message: upcasts and checks it. Undefined for an event type this process does
 * not know (a newer writer's); throws ValidationError for a malformed one.
 */
export function decodeStored<E extends AnyEnvelope>(
  registry: EventRegistry<E>,
  subject: string,
  streamSeq: number,
  data: Uint8Array,
  headers: MsgHdrs | undefined,
): StoredEvent<E> | undefined {
  const event = registry.decode(JSON.parse(decoder.decode(data)));
  if (!event) return undefined;
  const traceparent = headers?.has('traceparent') ? headers.get('traceparent') : undefined;
  return traceparent ? { event, streamSeq, subject, traceparent } : { event, streamSeq, subject };
}

/** The aggregate seq of a stored event, whatever its type (for versions past unknown events). */
export function envelopeSeq(data: Uint8Array): number {
  const seq = (JSON.parse(decoder.decode(data)) as { seq?: unknown }).seq;
  if (typeof seq !== 'number') throw new Error('stored event without a seq');
  return seq;
}

/** The trace context of the append that wrote an event, to continue or link its trace. */
export function traceContextOf(stored: Pick<StoredEvent, 'traceparent'>): Context {
  if (!stored.traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, { traceparent: stored.traceparent });
}
