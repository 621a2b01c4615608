import type { ParleyError, PresenceEntry, WireEvent } from '@parley/contracts';
import type { OpenLiveConnection } from './live-connection.js';

export type { PresenceEntry, WireEvent } from '@parley/contracts';

/** What a live client needs of a signed-in session (the SDK's Session has both). */
export interface LiveCredentials {
  /** A valid access token, refreshed first when it is about to expire. */
  accessToken(): Promise<string>;
  /** A new access token after a server refused `refused`. */
  accessTokenAfterRefusal(refused: string): Promise<string>;
}

export interface LiveClientOptions {
  /** The channel server's base URL (`channel` of GET /v1/endpoints), or how to find one for each (re)connection. */
  channel: string | (() => Promise<string>);
  /** The signed-in session whose access token says hello. */
  credentials: LiveCredentials;
  /** Wait before the first reconnect attempt, doubled on each failure (250 ms). */
  reconnectMinMs?: number;
  /** Longest wait between reconnect attempts (5 s). */
  reconnectMaxMs?: number;
  /** How long opening the socket and saying hello may take (10 s). */
  connectTimeoutMs?: number;
  /** Makes the client id of each post (random UUIDs by default). */
  clientMsgId?: () => string;
  /** How to open each connection: a `ws` WebSocket by default; a browser passes one over its own WebSocket. */
  connect?: OpenLiveConnection;
}

/** A room as a join found it. */
export interface JoinedRoom {
  room: string;
  name: string;
  disclaimer: string;
  /** The room's seq when joined; the backchat (as `event` updates) ends at it. */
  seq: number;
  presence: PresenceEntry[];
  participants: number;
}

export interface PostOptions {
  /** High-priority message. */
  alert?: boolean;
  /** A titled long post; the text is then its summary. */
  story?: { title: string; body: string };
  /** The post's id for the server's dedupe; kept across reconnects (a random UUID by default). */
  clientMsgId?: string;
}

/** An acknowledged post, edit or redaction: the seq of the event it stored. */
export interface Acknowledged {
  room: string;
  seq: number;
}

/**
 * What a live session reports, in the order it happened. Room events arrive once each, in seq
 * order, across reconnects: the backchat of a first join (`backchat: true`), then live events.
 */
export type LiveUpdate =
  /** In a room: after a join, or again after a reconnect or resync (`resumed`). */
  | ({ type: 'joined'; resumed: boolean } & JoinedRoom)
  | { type: 'event'; room: string; seq: number; event: WireEvent; backchat: boolean }
  | { type: 'presence'; room: string; joined?: PresenceEntry; parted?: PresenceEntry; participants: number }
  | { type: 'typing'; room: string; user: PresenceEntry }
  /** The server took the session out of a room (no longer a member, room disabled or removed). */
  | { type: 'parted'; room: string; reason: 'removed' | 'disabled' | 'room-removed' }
  /** A room could not be entered again after a reconnect or resync; nothing more comes from it. */
  | { type: 'lost'; room: string; error: ParleyError }
  /** The connection dropped (or an attempt to restore it failed); the next attempt is in `retryInMs`. */
  | { type: 'disconnected'; reason: string; attempt: number; retryInMs: number }
  /** The connection is back, and every room has been asked to resume. */
  | { type: 'reconnected'; sessionId: string };

/**
 * News about the user rather than a room they are in (docs/engagement.md), from any of their
 * sessions' reads or the rooms they follow. Kept apart from LiveUpdate so that readers of room
 * updates need not handle them; listen with `LiveClient.onEngagement`.
 */
export type EngagementUpdate =
  /** Unread and mention counts of a room changed: a new message, or a read on any of the user's devices. */
  | { type: 'unread'; room: string; unread: number; mentions: number; readSeq: number; lastSeq: number; level: 'all' | 'mentions' | 'none'; following: boolean }
  /** The user was invited to a room (added as a member): accept or decline it over the engagement API. */
  | { type: 'invited'; room: string; name: string; invitedBy: string }
  /** A message matched some of the user's topic feed filters; `link` opens it in its room. */
  | { type: 'feed'; room: string; seq: number; author: string; text: string; filters: string[]; alert: boolean; occurredAt: string; link: string };
