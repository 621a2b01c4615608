import { z } from 'zod';
import { AggregateIdSchema, UuidSchema } from './ids.js';
import type { ActivityKind, AggregateKind, LogName } from './subjects.js';

/** Who caused an event: a signed-in user, a Parley service acting on its own, or the system. */
export const ActorSchema = z.strictObject({
  kind: z.enum(['user', 'service', 'system']),
  /** A user id, a service name (`channel`), or `system`. */
  id: z.string().min(1).max(256),
});
export type Actor = z.infer<typeof ActorSchema>;

/** Correlation and causation ids are opaque tokens chosen by the caller (command ids, request ids). */
const TraceIdSchema = z.string().min(1).max(128);

/** The fields every event carries, whatever its type. */
export const envelopeShape = {
  /** Unique event id (UUIDv7). */
  id: UuidSchema,
  /** Past-tense event name, e.g. `MessagePosted`. */
  type: z.string().min(1).max(64),
  /** Schema version of `data` for this type; old versions are upcast on read. */
  v: z.number().int().min(1),
  /** The aggregate this event belongs to (a room id, a category id...). */
  aggregateId: AggregateIdSchema,
  /** The aggregate's own contiguous version: 1, 2, 3... (0 for activity facts, which belong to no aggregate). */
  seq: z.number().int().min(0),
  actor: ActorSchema,
  /** When the fact happened (ISO 8601, UTC). */
  occurredAt: z.iso.datetime(),
  /** Shared by every event that one user action led to. */
  correlationId: TraceIdSchema,
  /** The command or event that directly caused this one. */
  causationId: TraceIdSchema,
  data: z.unknown(),
};

/** An envelope whose `data` is not yet checked against its type's schema. */
export const AnyEnvelopeSchema = z.strictObject(envelopeShape);
export type AnyEnvelope = z.infer<typeof AnyEnvelopeSchema>;

export interface EventDefinition<
  T extends string = string,
  V extends number = number,
  D extends z.ZodType = z.ZodType,
  A extends AggregateKind = AggregateKind,
  L extends LogName = LogName,
> {
  readonly type: T;
  readonly v: V;
  /** The kind of aggregate (chat log) or of subject (activity log: room or user) the event is about. */
  readonly aggregate: A;
  /** `chat`: a state change of an aggregate, fenced and sequenced; `activity`: a fact compliance archives. */
  readonly log: L;
  readonly data: D;
  /** The whole event (envelope + data) as one strict schema. */
  readonly schema: z.ZodType<EnvelopeOf<T, V, z.output<D>>>;
}

export interface EnvelopeOf<T extends string, V extends number, D> extends Omit<AnyEnvelope, 'type' | 'v' | 'data'> {
  type: T;
  v: V;
  data: D;
}

export type EventOf<Def> = Def extends EventDefinition<infer T, infer V, infer D, AggregateKind, LogName> ? EnvelopeOf<T, V, z.output<D>> : never;

/** Declares one event type at one version; `data` should be a strict object so unknown fields are refused. */
export function defineEvent<T extends string, V extends number, D extends z.ZodType, A extends AggregateKind>(spec: {
  type: T;
  v: V;
  aggregate: A;
  data: D;
}): EventDefinition<T, V, D, A, 'chat'> {
  const schema = z.strictObject({ ...envelopeShape, type: z.literal(spec.type), v: z.literal(spec.v), data: spec.data });
  return { ...spec, log: 'chat', schema: schema as unknown as z.ZodType<EnvelopeOf<T, V, z.output<D>>> };
}

/**
 * Declares an activity fact: something compliance must archive that changes no aggregate's state
 * (a session joined a room, someone viewed history, downloaded a file, signed in). Activity facts
 * go to `activity.<room|user>.<id>`, are written by any instance without fencing, and carry seq 0.
 */
export function defineActivity<T extends string, V extends number, D extends z.ZodType, A extends ActivityKind>(spec: {
  type: T;
  v: V;
  subject: A;
  data: D;
}): EventDefinition<T, V, D, A, 'activity'> {
  const schema = z.strictObject({ ...envelopeShape, type: z.literal(spec.type), v: z.literal(spec.v), seq: z.literal(0), data: spec.data });
  return { type: spec.type, v: spec.v, aggregate: spec.subject, log: 'activity', data: spec.data, schema: schema as unknown as z.ZodType<EnvelopeOf<T, V, z.output<D>>> };
}
