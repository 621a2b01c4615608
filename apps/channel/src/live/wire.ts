import type { AnyEnvelope, WireEvent } from '@parley/contracts';

/** A room event as sessions receive it: the log's event without its correlation plumbing. */
export function toWire(event: AnyEnvelope): WireEvent {
  return { id: event.id, type: event.type, seq: event.seq, actor: event.actor, occurredAt: event.occurredAt, data: event.data };
}
