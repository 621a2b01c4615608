import { ConflictError, type RoomEvent } from '@parley/contracts';
import type { DirectoryState } from '@parley/directory-state';
import { decideRoomContent, type CandidateMessage, type RoomContentCommand } from '@parley/domain';
import type { EventDraft, EventLog } from '@parley/eventlog';
import type { RoomHub } from '../live/room-hub.js';
import type { RoomRegistry } from '../live/room-registry.js';

export interface RoomContentRequest {
  actorId: string;
  roomId: string;
  command: RoomContentCommand;
  commandId: string;
}

/**
 * Moderation of a room's content: removal of messages by filter, and clearing history up to a
 * point. Candidates are every message of the room as it reads now (after edits, without what was
 * redacted or removed), folded from the log: a rare, deliberate operation, so a full read is fine.
 */
export class RoomContentService {
  constructor(
    private readonly state: DirectoryState,
    private readonly registry: RoomRegistry,
    private readonly hub: RoomHub,
    private readonly log: EventLog,
  ) {}

  async execute(request: RoomContentRequest): Promise<{ removed: number; seq: number }> {
    const live = await this.registry.get(request.roomId);
    return live.serially(async () => {
      for (let attempt = 0; ; attempt++) {
        // Check who may do it, and the filter, before reading the room's whole history.
        decideRoomContent(request.command, live.room, request.actorId, this.state.authz, () => []);
        const candidates = request.command.type === 'RemoveMessages' ? await this.messages(request.roomId) : [];
        const final = decideRoomContent(request.command, live.room, request.actorId, this.state.authz, () => candidates);
        if (!final.length) return { removed: 0, seq: live.version.seq };
        const drafts = final.map((d) => ({ ...d, actor: { kind: 'user', id: request.actorId } }) as unknown as EventDraft);
        try {
          const { events } = await this.log.append({ kind: 'room', id: request.roomId }, drafts, live.version, { commandId: request.commandId });
          for (const stored of events) this.hub.dispatch(stored);
          const removed = final.reduce((n, d) => n + (d.type === 'MessagesRemoved' ? d.data.messageSeqs.length : 0), 0);
          return { removed, seq: events.at(-1)!.event.seq };
        } catch (error) {
          if (!(error instanceof ConflictError) || attempt >= 2) throw error;
          for (const stored of await this.registry.refresh(live)) this.hub.dispatch(stored);
        }
      }
    });
  }

  private async messages(roomId: string): Promise<CandidateMessage[]> {
    const { events } = await this.log.read({ kind: 'room', id: roomId });
    const bySeq = new Map<number, CandidateMessage>();
    for (const { event } of events as { event: RoomEvent }[]) {
      if (event.type === 'MessagePosted') bySeq.set(event.seq, { seq: event.seq, authorId: event.actor.id, text: event.data.story ? `${event.data.text}\n${event.data.story.body}` : event.data.text, gone: false });
      else if (event.type === 'MessageEdited') {
        const m = bySeq.get(event.data.messageSeq);
        if (m) m.text = event.data.text;
      } else if (event.type === 'MessageRedacted') {
        const m = bySeq.get(event.data.messageSeq);
        if (m) m.gone = true;
      } else if (event.type === 'MessagesRemoved') {
        for (const seq of event.data.messageSeqs) {
          const m = bySeq.get(seq);
          if (m) m.gone = true;
        }
      } else if (event.type === 'HistoryCleared') {
        for (const [seq, m] of bySeq) if (seq <= event.data.upToSeq) m.gone = true;
      }
    }
    return [...bySeq.values()];
  }
}
