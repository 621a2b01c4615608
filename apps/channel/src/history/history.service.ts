import {
  ForbiddenError,
  isParleyError,
  NotFoundError,
  UnavailableError,
  ValidationError,
  type HistoryMessage,
  type HistoryPage,
  type HistoryQuery,
  type SearchPage,
  type SearchQuery,
} from '@parley/contracts';
import type { DirectoryState } from '@parley/directory-state';
import type { EventDraft, EventLog } from '@parley/eventlog';
import { toStreamSeq } from '@parley/projections';
import type { Logger } from '@parley/telemetry';
import type { HistoryStore } from './history-store.js';
import { messageView } from './read/message-record.js';
import { hasTerms, parseSearchTerms } from './search/search-terms.js';

/** Search cursors: the stream_seq of the last hit shown, opaque to clients. */
const cursor = {
  encode: (streamSeq: number) => Buffer.from(`s${streamSeq}`).toString('base64url'),
  decode: (text: string): number => {
    const match = /^s(\d{1,16})$/.exec(Buffer.from(text, 'base64url').toString());
    if (!match) throw new ValidationError('invalid search', [{ path: 'after', message: 'is not a cursor this server gave out' }]);
    return Number(match[1]);
  },
};

const EMPTY: SearchPage = { items: [], next: null };

/**
 * History pages and search, for one signed-in user at a time: only rooms they may read now
 * (RoomAccess on the live directory state), only what the history holds (logged rooms; redacted
 * and removed text gone). Each page of history shown is recorded as HistoryViewed on the room's
 * activity log, for compliance, before it is answered.
 */
export class HistoryService {
  constructor(
    private readonly store: HistoryStore,
    private readonly state: DirectoryState,
    private readonly log: EventLog,
    private readonly logger: Logger,
  ) {}

  async page(userId: string, roomId: string, query: HistoryQuery): Promise<HistoryPage> {
    const { rooms, history } = this.store.get();
    const { room, result } = await this.database(async () => {
      // The page is read while the room copy catches up to the same position (one round trip
      // instead of two); nothing of it leaves before the caller's access is decided on that copy.
      const at = rooms.committed;
      const [, result] = await Promise.all([rooms.reach(at), history.page(roomId, query, at)]);
      const found = rooms.get(roomId);
      // Secret rooms stay invisible to those who may not see them, as in the room directory.
      if (!found || !this.state.rooms.canSee(userId, found)) throw new NotFoundError(`no room ${roomId}`);
      if (!this.state.rooms.canRead(userId, found)) throw new ForbiddenError(`you may not read the history of room "${found.name}"`);
      return { room: found, result };
    });
    const messages = result.rows.map((row) => messageView(row, (id) => this.name(id)));
    await this.recordView(userId, roomId, messages);
    return {
      room: { id: room.id, name: room.name, logged: this.logged(room.categoryId) },
      firstSeq: result.range?.first ?? null,
      lastSeq: result.range?.last ?? null,
      messages,
    };
  }

  async search(userId: string, query: SearchQuery): Promise<SearchPage> {
    const { rooms, search } = this.store.get();
    const terms = query.q?.trim() ? parseSearchTerms(query.q) : undefined;
    // Only punctuation or operators: nothing any index could match.
    if (terms && !hasTerms(terms)) return EMPTY;
    const authorId = query.author === undefined ? undefined : this.userId(query.author);
    if (query.author !== undefined && authorId === undefined) return EMPTY;
    const before = query.after === undefined ? undefined : cursor.decode(query.after);
    return this.database(async () => {
      const position = await rooms.current();
      if (query.room !== undefined && !rooms.canRead(userId, query.room)) return EMPTY;
      const filter = query.room !== undefined ? { kind: 'only' as const, ids: [query.room] } : rooms.filterFor(userId);
      if (filter.kind === 'only' && filter.ids.length === 0) return EMPTY;
      const rows = await search.find({ terms, authorId, rooms: filter, from: query.from, to: query.to, before, position, limit: query.limit + 1 });
      const hits = rows.slice(0, query.limit);
      const items = hits.map((row) => {
        const { redacted: _redacted, removed: _removed, ...message } = messageView(row, (id) => this.name(id));
        return { ...message, room: { id: row.room_id, name: rooms.get(row.room_id)?.name ?? row.room_id } };
      });
      return { items, next: rows.length > query.limit ? cursor.encode(toStreamSeq(hits.at(-1)!.stream_seq)) : null };
    });
  }

  /** Compliance's BACKCHAT: who saw which messages of the room. A page that shows nothing is no view. */
  private async recordView(userId: string, roomId: string, messages: readonly HistoryMessage[]): Promise<void> {
    if (!messages.length) return;
    const draft = {
      type: 'HistoryViewed',
      actor: { kind: 'user', id: userId },
      data: { userId, fromSeq: messages[0]!.seq, toSeq: messages.at(-1)!.seq, count: messages.length },
    } as unknown as EventDraft;
    await this.log.record({ kind: 'room', id: roomId }, [draft]);
  }

  /** Runs reads, turning a failing database into UnavailableError (live chat does not depend on it). */
  private async database<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isParleyError(error)) throw error;
      this.logger.warn({ err: error }, 'history read failed');
      throw new UnavailableError('history is unavailable for a moment: its database does not answer (live chat goes on)');
    }
  }

  private logged(categoryId: string): boolean {
    return this.state.tree.categories.get(categoryId)?.settings.chatHistory ?? true;
  }

  private name(userId: string): string {
    return this.state.view.nameOf(userId) ?? userId;
  }

  private userId(idOrName: string): string | undefined {
    return this.state.view.users.has(idOrName) ? idOrName : this.state.view.userIdByName(idOrName);
  }
}
