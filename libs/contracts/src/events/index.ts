import type { EventOf } from '../envelope.js';
import { EventRegistry } from '../registry.js';
import { MessageEdited, MessagePosted, MessageRedacted, RoomCreated } from './room.events.js';

export * from './room.events.js';

/** Every event type Parley writes, at its current version. */
export const ParleyEventDefinitions = [RoomCreated, MessagePosted, MessageEdited, MessageRedacted] as const;

/** The union of every current event; switch on `type` and end with a `never` check. */
export type ParleyEvent = EventOf<(typeof ParleyEventDefinitions)[number]>;
export type RoomEvent = Extract<ParleyEvent, { type: 'RoomCreated' | 'MessagePosted' | 'MessageEdited' | 'MessageRedacted' }>;

/** Upcasters for older stored versions; empty until a type changes shape. */
export const ParleyUpcasters = [];

export function createParleyRegistry(): EventRegistry<ParleyEvent> {
  return new EventRegistry<ParleyEvent>(ParleyEventDefinitions, ParleyUpcasters);
}
