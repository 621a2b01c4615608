import { z } from 'zod';
import { ComplianceLimits } from '../events/compliance.events.js';

// ── the compliance API (compliance service; compliance officers only) ───────────────────────

export const ExportFormatSchema = z.enum(['xml', 'jsonl', 'csv']);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

/** An ad hoc export: records whose time is in [from, to), optionally of one room, by or about one user, containing a keyword. */
export const ExportQuerySchema = z.strictObject({
  format: ExportFormatSchema.default('xml'),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  /** A room id, its parley://room/ID URI, or its path (Category/Sub/Room). */
  room: z.string().trim().min(1).max(1_024).optional(),
  /** A user name or id. */
  user: z.string().trim().min(1).max(256).optional(),
  /** Text the record contains (messages, edits, file names), any case. */
  keyword: z.string().trim().min(1).max(256).optional(),
});
export type ExportQuery = z.input<typeof ExportQuerySchema>;

const PositionSchema = z.object({
  /** The stream sequence up to which the archive holds the log. */
  position: z.number(),
  /** The log's last stream sequence. */
  head: z.number(),
  /** The hash of the newest record of this log's chain. */
  chainHash: z.string(),
});

export const ExportRunSchema = z.object({
  run: z.number(),
  startedAt: z.string(),
  /** The log positions this run covered: after `from`, up to and including `to`. */
  chat: z.object({ from: z.number(), to: z.number() }),
  activity: z.object({ from: z.number(), to: z.number() }),
  records: z.number(),
  attachments: z.number(),
  files: z.array(z.string()),
});
export type ExportRun = z.infer<typeof ExportRunSchema>;

export const ComplianceStatusSchema = z.object({
  archive: z.object({ chat: PositionSchema, activity: PositionSchema, records: z.number(), purged: z.number() }),
  activeHolds: z.number(),
  exports: z.object({
    /** Where scheduled runs write (on the compliance server); null when scheduled exports are off. */
    dir: z.string().nullable(),
    intervalMin: z.number(),
    formats: z.array(ExportFormatSchema),
    lastRun: ExportRunSchema.nullable(),
  }),
});
export type ComplianceStatus = z.infer<typeof ComplianceStatusSchema>;

// ── legal holds ─────────────────────────────────────────────────────────────────────────────

export const PlaceHoldRequestSchema = z
  .strictObject({
    caseName: z.string().trim().min(1).max(ComplianceLimits.caseNameMax),
    /** A user name or id. */
    user: z.string().trim().min(1).max(256).optional(),
    /** A room id, its URI, or its path. */
    room: z.string().trim().min(1).max(1_024).optional(),
    note: z.string().max(ComplianceLimits.noteMax).default(''),
  })
  .refine((r) => (r.user === undefined) !== (r.room === undefined), { message: 'give exactly one of user and room', path: ['user'] });
export type PlaceHoldRequest = z.input<typeof PlaceHoldRequestSchema>;

export const ReleaseHoldRequestSchema = z.strictObject({ note: z.string().max(ComplianceLimits.noteMax).default('') });

export const HoldListQuerySchema = z.strictObject({ active: z.enum(['true', 'false']).optional() });

export const HoldViewSchema = z.object({
  id: z.string(),
  caseName: z.string(),
  target: z.object({ kind: z.enum(['user', 'room']), id: z.string(), label: z.string() }),
  note: z.string(),
  placedAt: z.string(),
  placedBy: z.string(),
  active: z.boolean(),
  releasedAt: z.string().nullable(),
  releasedBy: z.string().nullable(),
  releaseNote: z.string().nullable(),
});
export type HoldView = z.infer<typeof HoldViewSchema>;

// ── retention ───────────────────────────────────────────────────────────────────────────────

/** A retention scope as callers write it: a category by id or path, a room by id, URI or path. */
export const RetentionScopeRefSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('global') }),
  z.strictObject({ kind: z.literal('category'), ref: z.string().trim().min(1).max(1_024) }),
  z.strictObject({ kind: z.literal('room'), ref: z.string().trim().min(1).max(1_024) }),
]);
export type RetentionScopeRef = z.infer<typeof RetentionScopeRefSchema>;

export const SetRetentionRequestSchema = z.strictObject({
  scope: RetentionScopeRefSchema,
  days: z.number().int().min(1).max(ComplianceLimits.retentionDaysMax),
});
export const ClearRetentionRequestSchema = z.strictObject({ scope: RetentionScopeRefSchema });

export const RetentionPolicyViewSchema = z.object({
  scope: z.object({ kind: z.enum(['global', 'category', 'room']), id: z.string().nullable(), label: z.string() }),
  days: z.number(),
  setAt: z.string(),
  setBy: z.string(),
});
export type RetentionPolicyView = z.infer<typeof RetentionPolicyViewSchema>;

export const PurgeResultSchema = z.object({
  /** Null when nothing was old enough: no purge was recorded. */
  purgeId: z.string().nullable(),
  purged: z.number(),
  upTo: z.object({ chat: z.number(), activity: z.number() }),
  exempt: z.object({ users: z.number(), rooms: z.number() }),
});
export type PurgeResult = z.infer<typeof PurgeResultSchema>;

// ── replay and verify (long jobs) ───────────────────────────────────────────────────────────

export const DivergenceSchema = z.object({ log: z.enum(['chat', 'activity']), position: z.number(), problem: z.string() });
export type Divergence = z.infer<typeof DivergenceSchema>;

export const VerifyResultSchema = z.object({
  ok: z.boolean(),
  checked: z.object({ chat: z.number(), activity: z.number() }),
  heads: z.object({ chat: z.string(), activity: z.string() }),
  firstDivergence: DivergenceSchema.nullable(),
});
export type VerifyResult = z.infer<typeof VerifyResultSchema>;

export const ReplayRequestSchema = z.strictObject({
  /** The fresh database to replay into (sqlite:<file>, postgres://..., mssql://...); a new SQLite file beside the archive by default. */
  into: z.string().trim().min(1).max(2_048).optional(),
});

export const ReplayResultSchema = z.object({
  database: z.string(),
  events: z.object({ chat: z.number(), activity: z.number() }),
  seconds: z.number(),
  heads: z.object({ chat: z.string(), activity: z.string() }),
  /** Whether the replayed chains end where the live archive's do, at the same positions. */
  matchesArchive: z.boolean(),
});
export type ReplayResult = z.infer<typeof ReplayResultSchema>;

export const JobSchema = z.object({
  id: z.string(),
  kind: z.enum(['replay', 'verify']),
  state: z.enum(['running', 'done', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Events handled so far. */
  progress: z.number(),
  result: z.union([VerifyResultSchema, ReplayResultSchema]).nullable(),
  error: z.string().nullable(),
});
export type Job = z.infer<typeof JobSchema>;
