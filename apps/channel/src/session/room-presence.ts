import type { EventDraft } from '@parley/eventlog';
import type { PresenceEntry, WireEvent } from '@parley/contracts';
import type { LiveRoom } from '../live/live-room.js';
import type { SessionContext } from './session-context.js';

/**
 * A session's comings and goings, recorded on the activity log: they are compliance's JOIN and
 * PART, the backchat a join shows is a history view (BACKCHAT), and every channel server builds
 * room presence from them.
 */
export class RoomPresence {
  constructor(
    private readonly ctx: SessionContext,
    private readonly sessionId: string,
  ) {}

  list(room: LiveRoom): PresenceEntry[] {
    if (room.presence.size > this.ctx.participantLimit()) return [];
    return [...room.presence.keys()].map((userId) => ({ userId, name: this.ctx.hub.name(userId) }));
  }

  async joined(roomId: string, userId: string, backchat: readonly WireEvent[]): Promise<void> {
    const actor = { kind: 'user', id: userId };
    const drafts = [{ type: 'RoomJoined', actor, data: { userId, sessionId: this.sessionId } }];
    if (backchat.length) {
      drafts.push({ type: 'HistoryViewed', actor, data: { userId, fromSeq: backchat[0]!.seq, toSeq: backchat.at(-1)!.seq, count: backchat.length } } as never);
    }
    await this.ctx.log.record({ kind: 'room', id: roomId }, drafts as unknown as EventDraft[]);
  }

  async parted(roomId: string, userId: string, reason: 'left' | 'disconnected' | 'removed' | 'disabled' | 'room-removed'): Promise<void> {
    const recorded = reason === 'room-removed' ? 'removed' : reason;
    const draft = { type: 'RoomParted', actor: { kind: 'user', id: userId }, data: { userId, sessionId: this.sessionId, reason: recorded } } as unknown as EventDraft;
    await this.ctx.log.record({ kind: 'room', id: roomId }, [draft]).catch((error: unknown) => this.ctx.logError(error));
  }
}
