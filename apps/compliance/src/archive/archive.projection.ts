import { createParleyRegistry, type AnyEnvelope, type LogName } from '@parley/contracts';
import type { StoredEvent } from '@parley/eventlog';
import type { ProjectionDefinition } from '@parley/projections';
import { chainTable, purgesTable, recordsTable, retentionTable, roomsTable, holdsTable } from './archive.tables.js';
import { appendRecords } from './record-writer.js';
import { applyState } from './state-rows.js';

/** The kind of aggregate (or activity subject) an event is about, from its subject. */
const kindOf = (subject: string) => subject.split('.').at(-2) ?? '';

/** The events that change the archive's own state; the rest are records only. */
const STATE_TYPES = new Set(['RoomCreated', 'RoomUpdated', 'RoomRemoved', 'RoomRegistered', 'RoomRegistrationChanged', 'LegalHoldPlaced', 'LegalHoldReleased', 'RetentionPolicySet', 'RetentionPolicyCleared', 'RecordsPurged']);

/** Records keep events as stored; state is kept from them upcast to the current version and checked. */
const registry = createParleyRegistry();

/**
 * The archive follows each log with its own projection and checkpoint, one partition each (a
 * chain is serial). See docs/adr/0009-compliance-archive-chains.md.
 */
function archiveOf(log: LogName): ProjectionDefinition {
  return {
    name: `compliance-${log}`,
    source: log,
    tables: log === 'chat' ? [recordsTable, chainTable, roomsTable, holdsTable, retentionTable, purgesTable] : [recordsTable, chainTable],
    async apply(tx, batch, ctx) {
      const events = batch as unknown as readonly StoredEvent<AnyEnvelope>[];
      await appendRecords(tx, ctx, log, events);
      if (log !== 'chat') return;
      for (const { subject, event, streamSeq } of events) {
        if (!STATE_TYPES.has(event.type)) continue;
        const current = registry.decode(event);
        if (current) await applyState(tx, ctx, kindOf(subject), current, streamSeq);
      }
    },
  };
}

export const chatArchive = archiveOf('chat');
export const activityArchive = archiveOf('activity');
