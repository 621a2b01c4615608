import { EventRegistry, ParleyEventDefinitions, ValidationError, type AnyEnvelope } from '@parley/contracts';

/**
 * The registry the archive reads the log with: every message, of any type or version, exactly as
 * stored. The archive must hold what the log holds, including types written by a newer Parley
 * (never skipped) and old versions (never upcast, which would change the record). Full schema
 * checks belong to writers; here only the envelope fields the archive indexes are checked.
 */
export class ArchiveRegistry extends EventRegistry<AnyEnvelope> {
  constructor() {
    super(ParleyEventDefinitions);
  }

  override decode(raw: unknown): AnyEnvelope {
    const e = raw as Partial<AnyEnvelope> | null;
    const ok =
      typeof e === 'object' &&
      e !== null &&
      typeof e.id === 'string' &&
      typeof e.type === 'string' &&
      typeof e.aggregateId === 'string' &&
      typeof e.seq === 'number' &&
      typeof e.occurredAt === 'string' &&
      !Number.isNaN(Date.parse(e.occurredAt)) &&
      typeof e.actor?.kind === 'string' &&
      typeof e.actor.id === 'string';
    if (!ok) throw new ValidationError('stored event has an invalid envelope', [{ path: '(root)', message: 'not a Parley event envelope' }]);
    return e as AnyEnvelope;
  }
}
