import type { AggregateKind, EventsFor } from '@parley/contracts';
import type { Decided } from './decider.js';

let seq = 0;

/** Wraps decided events in envelopes, as the log would, for given/when/then tests. */
export function stored<A extends AggregateKind>(aggregateId: string, decided: readonly Decided<EventsFor<A>>[]): EventsFor<A>[] {
  return decided.map(
    (d) =>
      ({
        id: `00000000-0000-7000-8000-${String(++seq).padStart(12, '0')}`,
        type: d.type,
        v: 1,
        aggregateId,
        seq,
        actor: { kind: 'system', id: 'test' },
        occurredAt: '2026-01-01T00:00:00.000Z',
        correlationId: 'test',
        causationId: 'test',
        data: d.data,
      }) as unknown as EventsFor<A>,
  );
}
