import { ErrorCode, InternalError, fieldIssues, type ServerFrame } from '@parley/contracts';
import { z } from 'zod';

// The contracts type the server's frames but give them no runtime schema; this one is checked
// against that type (`satisfies`), so a change there fails to compile here.
const Presence = z.object({ userId: z.string(), name: z.string() });
const WireEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  seq: z.number().int().min(0),
  actor: z.object({ kind: z.string(), id: z.string(), name: z.string().optional() }),
  occurredAt: z.string(),
  data: z.unknown(),
});
const Seq = z.number().int().min(0);

const ServerFrameSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('welcome'), re: z.string(), sessionId: z.string(), user: z.object({ id: z.string(), name: z.string() }), heartbeatMs: z.number().int().positive(), v: z.number() }),
  z.object({
    op: z.literal('joined'),
    re: z.string(),
    room: z.string(),
    name: z.string(),
    disclaimer: z.string(),
    seq: Seq,
    backchat: z.array(WireEventSchema),
    presence: z.array(Presence),
    participants: z.number().int().min(0),
  }),
  z.object({ op: z.literal('parted'), re: z.string().optional(), room: z.string(), reason: z.enum(['left', 'removed', 'disabled', 'room-removed']) }),
  z.object({ op: z.literal('event'), room: z.string(), seq: Seq, event: WireEventSchema }),
  z.object({ op: z.literal('presence'), room: z.string(), joined: Presence.optional(), parted: Presence.optional(), participants: z.number().int().min(0) }),
  z.object({ op: z.literal('typing'), room: z.string(), user: Presence }),
  z.object({ op: z.literal('ack'), re: z.string(), room: z.string(), seq: Seq }),
  z.object({ op: z.literal('pong'), re: z.string() }),
  z.object({ op: z.literal('resync'), rooms: z.array(z.string()), reason: z.string() }),
  z.object({ op: z.literal('reconnect'), reason: z.string() }),
  z.object({
    op: z.literal('unread'),
    room: z.string(),
    unread: z.number().int().min(0),
    mentions: z.number().int().min(0),
    readSeq: Seq,
    lastSeq: Seq,
    level: z.enum(['all', 'mentions', 'none']),
    following: z.boolean(),
  }),
  z.object({ op: z.literal('invited'), room: z.string(), name: z.string(), invitedBy: z.string() }),
  z.object({
    op: z.literal('feed'),
    room: z.string(),
    seq: Seq,
    author: z.string(),
    text: z.string(),
    filters: z.array(z.string()),
    alert: z.boolean(),
    occurredAt: z.string(),
    link: z.string(),
  }),
  z.object({
    op: z.literal('error'),
    re: z.string().optional(),
    code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
]) satisfies z.ZodType<ServerFrame>;

const KNOWN_OPS = new Set<string>(ServerFrameSchema.options.map((o) => o.shape.op.value));

/**
 * One text frame from a channel server: the frame, or undefined for an op this client does not
 * know (a newer server may add some). A known op with the wrong shape is an InternalError naming
 * the fields: carrying on could show the wrong room's events or lose some.
 */
export function parseServerFrame(text: string): ServerFrame | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InternalError('the channel server sent a frame that is not JSON');
  }
  const op = (json as { op?: unknown } | null)?.op;
  if (typeof op !== 'string' || !KNOWN_OPS.has(op)) return undefined;
  const result = ServerFrameSchema.safeParse(json);
  if (result.success) return result.data;
  const issues = fieldIssues(result.error).map((i) => `${i.path || '(root)'}: ${i.message}`);
  throw new InternalError(`unexpected ${op} frame from the channel server: ${issues.join('; ')}`);
}
