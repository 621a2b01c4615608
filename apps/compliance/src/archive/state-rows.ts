import type { AnyEnvelope, CategoryTreeEvent, ComplianceEvent, RoomEvent } from '@parley/contracts';
import type { ApplyContext } from '@parley/projections';
import type { EntityManager } from 'typeorm';
import { applyPurge } from './purge.js';
import { param } from './sql.js';

/** Runs `sql` with positional parameters written as `?`, in the dialect's own placeholders. */
function run(tx: EntityManager, sql: string, params: unknown[]): Promise<unknown> {
  let n = 0;
  return tx.query(sql.replace(/\?/g, () => param(tx, n++)), params);
}

async function upsertRoom(tx: EntityManager, ctx: ApplyContext, roomId: string, values: Record<string, unknown>): Promise<void> {
  const rooms = ctx.table('compliance_rooms');
  const [existing] = (await run(tx, `SELECT room_id FROM ${rooms} WHERE room_id = ?`, [roomId])) as unknown[];
  if (existing) {
    const columns = Object.keys(values);
    if (columns.length) await run(tx, `UPDATE ${rooms} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE room_id = ?`, [...Object.values(values), roomId]);
    return;
  }
  const row = { name: '', category_id: '', description: '', privacy: 'open', room_type: 'normal', removed: false, ...values, room_id: roomId };
  await run(tx, `INSERT INTO ${rooms} (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row).map(() => '?').join(', ')})`, Object.values(row));
}

async function applyRoom(tx: EntityManager, ctx: ApplyContext, event: RoomEvent): Promise<void> {
  const id = event.aggregateId;
  switch (event.type) {
    case 'RoomCreated': {
      const d = event.data;
      return upsertRoom(tx, ctx, id, { name: d.name, category_id: d.categoryId, description: d.description, privacy: d.privacy, room_type: d.roomType, removed: false });
    }
    case 'RoomUpdated': {
      const c = event.data.changes;
      const values: Record<string, unknown> = {};
      if (c.name !== undefined) values['name'] = c.name;
      if (c.categoryId !== undefined) values['category_id'] = c.categoryId;
      if (c.description !== undefined) values['description'] = c.description;
      if (c.privacy !== undefined) values['privacy'] = c.privacy;
      if (c.roomType !== undefined) values['room_type'] = c.roomType;
      return upsertRoom(tx, ctx, id, values);
    }
    case 'RoomRemoved':
      return upsertRoom(tx, ctx, id, { removed: true });
    default:
      // Messages, files, roles and moderation are records only; they change no room detail.
      return;
  }
}

async function applyTree(tx: EntityManager, ctx: ApplyContext, event: CategoryTreeEvent): Promise<void> {
  if (event.type === 'RoomRegistered' || event.type === 'RoomRegistrationChanged') {
    await upsertRoom(tx, ctx, event.data.roomId, { name: event.data.name, category_id: event.data.categoryId });
  }
}

async function applyCompliance(tx: EntityManager, ctx: ApplyContext, event: ComplianceEvent, streamSeq: number): Promise<void> {
  const at = Date.parse(event.occurredAt);
  switch (event.type) {
    case 'LegalHoldPlaced': {
      const d = event.data;
      await run(
        tx,
        `INSERT INTO ${ctx.table('compliance_holds')} (hold_id, case_name, target_kind, target_id, note, placed_ms, placed_by) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [d.holdId, d.caseName, d.target.kind, d.target.id, d.note, at, event.actor.id],
      );
      return;
    }
    case 'LegalHoldReleased':
      await run(tx, `UPDATE ${ctx.table('compliance_holds')} SET released_ms = ?, released_by = ?, release_note = ? WHERE hold_id = ?`, [
        at,
        event.actor.id,
        event.data.note,
        event.data.holdId,
      ]);
      return;
    case 'RetentionPolicySet':
    case 'RetentionPolicyCleared': {
      const scope = event.data.scope;
      const key = [scope.kind, scope.kind === 'global' ? '' : scope.id];
      await run(tx, `DELETE FROM ${ctx.table('compliance_retention')} WHERE scope_kind = ? AND scope_id = ?`, key);
      if (event.type === 'RetentionPolicySet') {
        await run(tx, `INSERT INTO ${ctx.table('compliance_retention')} (scope_kind, scope_id, days, set_ms, set_by) VALUES (?, ?, ?, ?, ?)`, [
          ...key,
          event.data.days,
          at,
          event.actor.id,
        ]);
      }
      return;
    }
    case 'RecordsPurged':
      return applyPurge(tx, ctx, event, streamSeq);
    default: {
      const unknown: never = event;
      throw new Error(`unhandled compliance event ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * Keeps the archive's own state from chat events: room details, legal holds, retention policies,
 * and purges applied. Types this version does not know are archived as records and change nothing.
 */
export async function applyState(tx: EntityManager, ctx: ApplyContext, kind: string, event: AnyEnvelope, streamSeq: number): Promise<void> {
  if (kind === 'room') await applyRoom(tx, ctx, event as RoomEvent);
  else if (kind === 'category') await applyTree(tx, ctx, event as CategoryTreeEvent);
  else if (kind === 'compliance') await applyCompliance(tx, ctx, event as ComplianceEvent, streamSeq);
}
