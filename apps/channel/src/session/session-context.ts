import type { WireEvent } from '@parley/contracts';
import type { DirectoryState } from '@parley/directory-state';
import type { EventLog } from '@parley/eventlog';
import type { RoomMessaging } from '../live/messaging.service.js';
import type { RoomHub } from '../live/room-hub.js';
import type { RoomRegistry } from '../live/room-registry.js';

export interface SessionLimits {
  postsPerSecond: number;
  postBurst: number;
  heartbeatMs: number;
  /** Bytes a session may have waiting to be sent before it is told to resync. */
  sendBufferBytes: number;
}

/** What every session on this server shares. */
export interface SessionContext {
  state: DirectoryState;
  registry: RoomRegistry;
  hub: RoomHub;
  messaging: RoomMessaging;
  log: EventLog;
  limits: SessionLimits;
  /** Read positions (docs/engagement.md): every session of the user hears of a change as an `unread` frame. */
  engagement: { markRead(userId: string, roomId: string, seq: number): Promise<void> };
  /** Verifies an access token: the user, or an UnauthorizedError. */
  authenticate(token: string): Promise<{ id: string; name: string }>;
  /** Makes the session findable by user (to end it when the account is disabled). */
  register(session: { userId: string | undefined }): void;
  /** A room's events after `after` up to `upTo`, from the log, redacted text scrubbed. */
  history(roomId: string, after: number, upTo: number): Promise<WireEvent[]>;
  participantLimit(): number;
  logError(error: unknown): void;
}
