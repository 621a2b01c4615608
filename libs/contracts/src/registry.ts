import { z } from 'zod';
import { AnyEnvelopeSchema, envelopeShape, type AnyEnvelope, type EventDefinition } from './envelope.js';
import { ValidationError, type FieldIssue } from './errors.js';
import { isAggregateId } from './ids.js';
import { fieldIssues } from './validation.js';

/** The envelope fields a writer's callers supply, checked on append. */
const WriterFieldsSchema = z.strictObject({
  id: envelopeShape.id,
  actor: envelopeShape.actor,
  occurredAt: envelopeShape.occurredAt,
  correlationId: envelopeShape.correlationId,
  causationId: envelopeShape.causationId,
});

/** Turns `data` of `type` at version `from` into version `from + 1`. Stored events are never rewritten. */
export interface Upcaster {
  type: string;
  from: number;
  up(data: unknown): unknown;
}

/**
 * The event types a process knows, at their current versions, and the upcasters that bring older
 * stored versions up to date. Writers may only write current versions; readers upcast then check.
 */
export class EventRegistry<E extends AnyEnvelope = AnyEnvelope> {
  private readonly byType = new Map<string, EventDefinition>();
  private readonly upcasters = new Map<string, Upcaster>();

  constructor(definitions: readonly EventDefinition[], upcasters: readonly Upcaster[] = []) {
    for (const def of definitions) {
      if (this.byType.has(def.type)) throw new Error(`event type ${def.type} is defined twice`);
      this.byType.set(def.type, def);
    }
    for (const up of upcasters) {
      const def = this.byType.get(up.type);
      if (!def) throw new Error(`upcaster for unknown event type ${up.type}`);
      if (up.from >= def.v) throw new Error(`upcaster ${up.type}@${up.from} is not older than the current v${def.v}`);
      this.upcasters.set(`${up.type}@${up.from}`, up);
    }
    for (const def of this.byType.values()) {
      for (let v = 1; v < def.v; v++) {
        if (!this.upcasters.has(`${def.type}@${v}`)) throw new Error(`missing upcaster ${def.type}@${v} → ${v + 1}`);
      }
    }
  }

  definition(type: string): EventDefinition | undefined {
    return this.byType.get(type);
  }

  /** Checks an event about to be written: a known type, at its current version, every field valid. */
  validate(event: unknown): E {
    const def = this.definitionFor(event);
    if (!def) return this.failEnvelope(event);
    const result = def.schema.safeParse(event);
    if (!result.success) throw new ValidationError(`invalid ${def.type} event`, fieldIssues(result.error));
    return result.data as E;
  }

  /**
   * Builds and checks an event about to be written, from an envelope the caller assembled itself
   * (its type, version, aggregate and seq) around fields that come from callers (`id`, `actor`,
   * `occurredAt`, correlation and causation ids, `data`), which are checked field by field. Cheaper than `validate` on the append hot path.
   */
  check(event: AnyEnvelope): E {
    if (!isAggregateId(event.aggregateId)) {
      throw new ValidationError('invalid event', [{ path: 'aggregateId', message: 'must contain only letters, digits, "-" and "_"' }]);
    }
    const def = this.byType.get(event.type);
    if (!def) throw new ValidationError('invalid event', [{ path: 'type', message: `unknown event type "${event.type}"` }]);
    if (event.v !== def.v) throw new ValidationError(`invalid ${def.type} event`, [{ path: 'v', message: `must be the current version ${def.v}` }]);
    const issues: FieldIssue[] = [];
    const header = WriterFieldsSchema.safeParse({
      id: event.id,
      actor: event.actor,
      occurredAt: event.occurredAt,
      correlationId: event.correlationId,
      causationId: event.causationId,
    });
    if (!header.success) issues.push(...fieldIssues(header.error));
    const data = def.data.safeParse(event.data);
    if (!data.success) issues.push(...fieldIssues(data.error, 'data'));
    if (issues.length) throw new ValidationError(`invalid ${def.type} event`, issues);
    return { ...event, data: data.data } as E;
  }

  /**
   * Reads a stored event: upcasts older versions, then checks it. Returns undefined for a type this
   * process does not know (written by a newer Parley during a rolling upgrade), so readers skip it.
   */
  decode(raw: unknown): E | undefined {
    // Most stored events are of a known type at its current version: one check of the whole
    // event. Anything else (or a failure, for its error) takes the path that names what is wrong.
    const current = this.definitionAtCurrentVersion(raw);
    if (current) {
      const result = current.schema.safeParse(raw);
      if (result.success) return result.data as E;
    }
    const envelope = AnyEnvelopeSchema.safeParse(raw);
    if (!envelope.success) throw new ValidationError('stored event has an invalid envelope', fieldIssues(envelope.error));
    const def = this.byType.get(envelope.data.type);
    if (!def) return undefined;
    let { v, data } = envelope.data;
    if (v > def.v) return undefined;
    while (v < def.v) {
      data = this.upcasters.get(`${def.type}@${v}`)!.up(data);
      v++;
    }
    return this.validate({ ...envelope.data, v, data });
  }

  private definitionAtCurrentVersion(event: unknown): EventDefinition | undefined {
    if (typeof event !== 'object' || event === null) return undefined;
    const { type, v } = event as { type?: unknown; v?: unknown };
    const def = typeof type === 'string' ? this.byType.get(type) : undefined;
    return def && v === def.v ? def : undefined;
  }

  private definitionFor(event: unknown): EventDefinition | undefined {
    if (typeof event !== 'object' || event === null) return undefined;
    const { type, v } = event as { type?: unknown; v?: unknown };
    const def = typeof type === 'string' ? this.byType.get(type) : undefined;
    if (def && v !== def.v) {
      throw new ValidationError(`invalid ${def.type} event`, [{ path: 'v', message: `must be the current version ${def.v}` }]);
    }
    return def;
  }

  private failEnvelope(event: unknown): never {
    const envelope = AnyEnvelopeSchema.safeParse(event);
    if (!envelope.success) throw new ValidationError('invalid event', fieldIssues(envelope.error));
    throw new ValidationError('invalid event', [{ path: 'type', message: `unknown event type "${envelope.data.type}"` }]);
  }
}
