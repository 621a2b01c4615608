import { z } from 'zod';
import { AggregateIdSchema } from '../ids.js';

// History and search, served by channel servers from their history projection (docs/history.md).

const Seq = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const DAY_MS = 86_400_000;

/** A date (`2026-03-01`, the start of that day, UTC) or an instant with its offset, as UTC ISO 8601. */
const From = z.union([z.iso.date().transform((d) => `${d}T00:00:00.000Z`), z.iso.datetime({ offset: true }).transform((t) => new Date(t).toISOString())]);
/** Exclusive: a date means up to the end of that day (UTC), an instant up to that instant. */
const To = z.union([
  z.iso.date().transform((d) => new Date(Date.parse(`${d}T00:00:00.000Z`) + DAY_MS).toISOString()),
  z.iso.datetime({ offset: true }).transform((t) => new Date(t).toISOString()),
]);

export const HistoryLimits = { pageMax: 200, searchPageMax: 100, queryMax: 256, termsMax: 16 } as const;

export const HistoryQuerySchema = z
  .strictObject({
    /** Messages per page. */
    limit: z.coerce.number().int().min(1).max(HistoryLimits.pageMax).default(50),
    /** The messages just before this seq (older ones: paging back). */
    before: Seq.optional(),
    /** The messages just after this seq (newer ones: paging forward). */
    after: Seq.optional(),
    /** The message with this seq in the middle of the page (jumping to a search hit). */
    around: Seq.optional(),
    /** Only messages posted at or after this date or instant; alone, the page starts there. */
    from: From.optional(),
    /** Only messages posted before this instant (a date: before the end of that day). */
    to: To.optional(),
  })
  .refine((q) => [q.before, q.after, q.around].filter((v) => v !== undefined).length <= 1, {
    path: ['before'],
    message: 'give at most one of before, after and around',
  });
export type HistoryQuery = z.infer<typeof HistoryQuerySchema>;

export const MessageAuthorSchema = z.object({ id: z.string(), name: z.string() });

export const HistoryMessageSchema = z.object({
  seq: z.number().int(),
  author: MessageAuthorSchema,
  postedAt: z.string(),
  /** The text as last edited (a file's caption); the replacement text when removed by a moderator; null when redacted. */
  text: z.string().nullable(),
  story: z.object({ title: z.string(), body: z.string() }).nullable(),
  /** A posted file (`text` is its caption): download it from the files service, `GET /v1/files/<id>`. */
  file: z.object({ id: z.string(), name: z.string(), size: z.number().int(), contentType: z.string() }).nullable(),
  alert: z.boolean(),
  editCount: z.number().int(),
  /** When it was last edited, or null. */
  editedAt: z.string().nullable(),
  /** Withdrawn by its author or a moderator: shown as a placeholder, its text is gone. */
  redacted: z.boolean(),
  /** Removed by a moderator: `text` is the replacement they chose. */
  removed: z.boolean(),
});
export type HistoryMessage = z.infer<typeof HistoryMessageSchema>;

export const HistoryPageSchema = z.object({
  room: z.object({
    id: z.string(),
    name: z.string(),
    /** False when the room's category keeps no chat history: new messages are not stored. */
    logged: z.boolean(),
  }),
  /** The seqs of the oldest and newest messages the room's history holds (null when it holds none). */
  firstSeq: z.number().int().nullable(),
  lastSeq: z.number().int().nullable(),
  /** Oldest first. */
  messages: z.array(HistoryMessageSchema),
});
export type HistoryPage = z.infer<typeof HistoryPageSchema>;

export const SearchQuerySchema = z
  .strictObject({
    /** Words (all must match) and "quoted phrases"; everything else in it is plain text. */
    q: z.string().max(HistoryLimits.queryMax).optional(),
    /** Only messages by this user (id or user name). */
    author: z.string().min(1).max(256).optional(),
    /** Only this room. */
    room: AggregateIdSchema.optional(),
    from: From.optional(),
    to: To.optional(),
    limit: z.coerce.number().int().min(1).max(HistoryLimits.searchPageMax).default(20),
    /** The `next` cursor of the previous page. */
    after: z.string().max(64).optional(),
  })
  .refine((s) => [s.q?.trim(), s.author, s.room, s.from, s.to].some(Boolean), {
    path: ['q'],
    message: 'give words to look for, or at least one of author, room, from and to',
  });
export type SearchQuery = z.infer<typeof SearchQuerySchema>;

export const SearchHitSchema = HistoryMessageSchema.omit({ redacted: true, removed: true }).extend({
  room: z.object({ id: z.string(), name: z.string() }),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

/** Newest first; `next` pages on to older hits. */
export const SearchPageSchema = z.object({ items: z.array(SearchHitSchema), next: z.string().nullable() });
export type SearchPage = z.infer<typeof SearchPageSchema>;
