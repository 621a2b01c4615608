import type { AnyEnvelope, WireEvent } from '@parley/contracts';

/** Names people by user id (undefined for an id the server does not know). */
export type NameOf = (userId: string) => string | undefined;

/**
 * A room event as sessions receive it: the log's event without its correlation plumbing, its
 * actor named when it is a user the server knows (so that clients can show who wrote a message
 * from someone they have not seen in presence or history).
 */
export function toWire(event: AnyEnvelope, nameOf: NameOf): WireEvent {
  const name = event.actor.kind === 'user' ? nameOf(event.actor.id) : undefined;
  const actor = name === undefined ? event.actor : { ...event.actor, name };
  return { id: event.id, type: event.type, seq: event.seq, actor, occurredAt: event.occurredAt, data: event.data };
}
