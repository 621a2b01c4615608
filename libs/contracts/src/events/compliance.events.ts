import { z } from 'zod';
import { defineActivity, defineEvent } from '../envelope.js';
import { AggregateIdSchema, UuidSchema } from '../ids.js';

/**
 * Legal holds, retention policies and purges are compliance facts: they live on one aggregate,
 * `chat.compliance.policy`, so they are archived, exported and replayed like every other fact.
 */
export const COMPLIANCE_POLICY_ID = 'policy';

export const ComplianceLimits = {
  caseNameMax: 256,
  noteMax: 1_024,
  retentionDaysMax: 36_500,
  /** Rooms and users named in one purge event; a purge that names more is several events. */
  idsPerPurge: 10_000,
} as const;

/** What a legal hold keeps: everything a user did or was the subject of, or everything in a room. */
export const HoldTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('user'), id: AggregateIdSchema }),
  z.strictObject({ kind: z.literal('room'), id: AggregateIdSchema }),
]);
export type HoldTarget = z.infer<typeof HoldTargetSchema>;

/** Where a retention policy applies: a room's own policy wins, then its category's (or the nearest ancestor's), then the global one. */
export const RetentionScopeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('global') }),
  z.strictObject({ kind: z.literal('category'), id: AggregateIdSchema }),
  z.strictObject({ kind: z.literal('room'), id: AggregateIdSchema }),
]);
export type RetentionScope = z.infer<typeof RetentionScopeSchema>;

export const LegalHoldPlaced = defineEvent({
  type: 'LegalHoldPlaced',
  v: 1,
  aggregate: 'compliance',
  data: z.strictObject({
    holdId: UuidSchema,
    /** The matter the hold is for, as the legal team names it. */
    caseName: z.string().trim().min(1).max(ComplianceLimits.caseNameMax),
    target: HoldTargetSchema,
    note: z.string().max(ComplianceLimits.noteMax),
  }),
});

export const LegalHoldReleased = defineEvent({
  type: 'LegalHoldReleased',
  v: 1,
  aggregate: 'compliance',
  data: z.strictObject({ holdId: UuidSchema, note: z.string().max(ComplianceLimits.noteMax) }),
});

export const RetentionPolicySet = defineEvent({
  type: 'RetentionPolicySet',
  v: 1,
  aggregate: 'compliance',
  data: z.strictObject({ scope: RetentionScopeSchema, days: z.number().int().min(1).max(ComplianceLimits.retentionDaysMax) }),
});

export const RetentionPolicyCleared = defineEvent({
  type: 'RetentionPolicyCleared',
  v: 1,
  aggregate: 'compliance',
  data: z.strictObject({ scope: RetentionScopeSchema }),
});

const IdListSchema = z.array(AggregateIdSchema).max(ComplianceLimits.idsPerPurge);

/**
 * Conversation records older than their room's cutoff were purged from the compliance archive and
 * from history; records under legal hold were not. Self-contained, so that every reader (the
 * archive, history, a replay) purges exactly the same records: configuration records (rooms,
 * users, categories, roles, holds) are never purged.
 */
export const RecordsPurged = defineEvent({
  type: 'RecordsPurged',
  v: 1,
  aggregate: 'compliance',
  data: z.strictObject({
    purgeId: UuidSchema,
    /** The archive positions (stream sequences) it covers: records at or below them, in each log. */
    upTo: z.strictObject({ chat: z.number().int().min(0), activity: z.number().int().min(0) }),
    /** Records of rooms not listed in `rooms`, and records about no room (sign-ins), older than this go; null: they stay. */
    defaultCutoff: z.iso.datetime().nullable(),
    /** Rooms whose own or category policy differs from the global one, grouped by cutoff. */
    rooms: z.array(z.strictObject({ cutoff: z.iso.datetime(), roomIds: IdListSchema.min(1) })).max(1_000),
    /** Under legal hold when the purge ran: records by or about these users, or in these rooms, stay. */
    exempt: z.strictObject({ users: IdListSchema, rooms: IdListSchema }),
  }),
});

/** A compliance officer exported records from the archive (who looked at what is on record too). */
export const ArchiveExported = defineActivity({
  type: 'ArchiveExported',
  v: 1,
  subject: 'user',
  data: z.strictObject({
    format: z.enum(['xml', 'jsonl', 'csv']),
    from: z.iso.datetime().nullable(),
    to: z.iso.datetime().nullable(),
    roomId: z.string().max(128).nullable(),
    userId: z.string().max(128).nullable(),
    keyword: z.string().max(256).nullable(),
  }),
});
