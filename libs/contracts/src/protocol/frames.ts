import { z } from 'zod';
import { type ErrorCode } from '../errors.js';
import { RoomLimits, StorySchema } from '../events/room.events.js';
import { AggregateIdSchema } from '../ids.js';

/**
 * The live session protocol between a client and a channel server, over one WebSocket (JSON text
 * frames). Documented in docs/protocol.md. Every request carries an `id` chosen by the client;
 * the server's answer (or error) names it in `re`.
 */
export const PROTOCOL_VERSION = 1;

/** The largest frame a server accepts; a bigger one closes the connection with 1009. */
export const MAX_FRAME_BYTES = 512 * 1024;

/** The WebSocket subprotocol a client may offer (channel servers accept any; browsers behind the web gateway offer this one). */
export const LIVE_SUBPROTOCOL = 'parley.v1';
/**
 * Offered after LIVE_SUBPROTOCOL by a browser, `parley.bearer.<access token>` names its user to the
 * web gateway (a browser cannot set Authorization on a WebSocket), which asks lookup where the
 * session goes; the gateway passes it on to no one.
 */
export const BEARER_SUBPROTOCOL_PREFIX = 'parley.bearer.';

const RequestId = z.string().min(1).max(64);
const Room = AggregateIdSchema;
const Seq = z.number().int().min(0);

export const HelloFrame = z.strictObject({
  op: z.literal('hello'),
  id: RequestId,
  /** An access token from provisioning's sign-in. */
  token: z.string().min(1).max(8192),
  /** Rooms to re-enter after a reconnect, with the last seq seen in each: everything after it is sent, once, in order. */
  resume: z.record(Room, Seq).optional(),
  /** The protocol version the client speaks. */
  v: z.literal(PROTOCOL_VERSION).optional(),
});

export const JoinFrame = z.strictObject({
  op: z.literal('join'),
  id: RequestId,
  room: Room,
  /** Resume after this seq instead of receiving the backchat. */
  after: Seq.optional(),
});
export const PartFrame = z.strictObject({ op: z.literal('part'), id: RequestId, room: Room });

export const PostFrame = z.strictObject({
  op: z.literal('post'),
  id: RequestId,
  room: Room,
  /** The client's id for this message: a resend with the same id is stored once and acknowledged with the same seq. */
  clientMsgId: z.string().min(1).max(RoomLimits.clientMsgIdMax),
  text: z.string().min(1).max(RoomLimits.textMax),
  alert: z.boolean().optional(),
  story: StorySchema.optional(),
});

export const EditFrame = z.strictObject({ op: z.literal('edit'), id: RequestId, room: Room, messageSeq: z.number().int().min(1), text: z.string().min(1).max(RoomLimits.textMax) });
export const RedactFrame = z.strictObject({ op: z.literal('redact'), id: RequestId, room: Room, messageSeq: z.number().int().min(1), reason: z.string().max(256).optional() });
export const TypingFrame = z.strictObject({ op: z.literal('typing'), room: Room });
export const PingFrame = z.strictObject({ op: z.literal('ping'), id: RequestId });
/** Everything in the room up to `seq` has been read (on this device): every session of the user is told (`unread`). */
export const ReadFrame = z.strictObject({ op: z.literal('read'), id: RequestId, room: Room, seq: Seq });

export const ClientFrameSchema = z.discriminatedUnion('op', [HelloFrame, JoinFrame, PartFrame, PostFrame, EditFrame, RedactFrame, TypingFrame, PingFrame, ReadFrame]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;
export const CLIENT_OPS = ClientFrameSchema.options.map((o) => o.shape.op.value);

/** A room event as sessions receive it: the log's event without its correlation plumbing. */
export interface WireEvent {
  id: string;
  type: string;
  seq: number;
  /** `name`: how people see a user actor (display name, else user name), when the server knows them. */
  actor: { kind: string; id: string; name?: string };
  occurredAt: string;
  data: unknown;
}

export interface PresenceEntry {
  userId: string;
  name: string;
}

/** Frames the server sends. */
export type ServerFrame =
  | { op: 'welcome'; re: string; sessionId: string; user: { id: string; name: string }; heartbeatMs: number; v: number }
  | {
      op: 'joined';
      re: string;
      room: string;
      name: string;
      disclaimer: string;
      /** The room's seq when joining; events up to it are in `backchat` (or were before `after`). */
      seq: number;
      backchat: WireEvent[];
      presence: PresenceEntry[];
      /** Present participants (a count only, above the participant update limit). */
      participants: number;
    }
  | { op: 'parted'; re?: string; room: string; reason: 'left' | 'removed' | 'disabled' | 'room-removed' }
  | { op: 'event'; room: string; seq: number; event: WireEvent }
  | { op: 'presence'; room: string; joined?: PresenceEntry; parted?: PresenceEntry; participants: number }
  | { op: 'typing'; room: string; user: PresenceEntry }
  | { op: 'ack'; re: string; room: string; seq: number }
  | { op: 'pong'; re: string }
  | { op: 'resync'; rooms: string[]; reason: string }
  /** The server is going away (draining): connect again, through lookup, and resume; the socket closes next. */
  | { op: 'reconnect'; reason: string }
  /** The user's unread and mention counts in a room changed (a message, or a read on any of their devices). */
  | { op: 'unread'; room: string; unread: number; mentions: number; readSeq: number; lastSeq: number; level: 'all' | 'mentions' | 'none'; following: boolean }
  /** The user was added to a room that sends invitations: accept or decline it (docs/engagement.md). */
  | { op: 'invited'; room: string; name: string; invitedBy: string }
  /** A message matched some of the user's topic feed filters (docs/engagement.md). */
  | { op: 'feed'; room: string; seq: number; author: string; text: string; filters: string[]; alert: boolean; occurredAt: string; link: string }
  | { op: 'error'; re?: string; code: ErrorCode; message: string; issues?: { path: string; message: string }[] };
