import { HistoryLimits, HistoryPageSchema, SearchPageSchema, type HistoryMessage, type HistoryPage, type SearchHit, type SearchPage } from '@parley/contracts';
import { answer, segment } from './answers.js';
import type { HttpClient } from './http-client.js';
import { sessionHttp, type Session } from './session.js';

export type { HistoryMessage, HistoryPage, SearchHit, SearchPage };

/** Which page of a room's history (docs/history.md): at most one of `before`, `after` and `around`. */
export interface HistoryRequest {
  /** Messages per page, 1–200 (50 by default). */
  limit?: number;
  /** The messages just before this seq (paging back). */
  before?: number;
  /** The messages just after this seq (paging forward). */
  after?: number;
  /** This seq in the middle of the page (a search hit in context). */
  around?: number;
  /** Only messages posted at or after this date (`2026-03-01`, UTC) or instant with its offset. */
  from?: string;
  /** Only messages posted before this instant (a date: before the end of that day, UTC). */
  to?: string;
}

/** A search (docs/history.md#search-syntax): `q`, or at least one filter. */
export interface SearchRequest {
  /** Words (all must appear) and "quoted phrases"; nothing else is an operator. */
  q?: string;
  /** Only messages by this user: a user name or id. */
  author?: string;
  /** Only this room (an id). */
  room?: string;
  from?: string;
  to?: string;
  /** Hits per page, 1–100 (20 by default). */
  limit?: number;
  /** The `next` cursor of the previous page. */
  after?: string;
}

const historyPage = answer(HistoryPageSchema, 'GET /v1/rooms/:id/history');
const searchPage = answer(SearchPageSchema, 'GET /v1/search');

/**
 * History pages and search over the rooms the signed-in user may read, on a channel server
 * (`channel` of GET /v1/endpoints; any channel server serves every room's history).
 */
export class HistoryClient {
  readonly http: HttpClient;

  constructor(
    session: Session,
    /** A channel server's base URL (http://127.0.0.1:8081 in the single-server topology). */
    readonly baseUrl: string,
    options: { timeoutMs?: number; fetch?: typeof fetch } = {},
  ) {
    this.http = sessionHttp(session, baseUrl, options);
  }

  /** One page of a room's history, oldest first; the latest messages when no seq is given. */
  async page(roomId: string, request: HistoryRequest = {}): Promise<HistoryPage> {
    const { limit, before, after, around, from, to } = request;
    return historyPage(await this.http.get(`/v1/rooms/${segment(roomId)}/history`, { limit, before, after, around, from, to }));
  }

  /**
   * The room's last `count` messages (before `before`, when given), oldest first, as one page:
   * pages of at most 200 are fetched back from the newest until there are enough or none are left.
   */
  async latest(roomId: string, count: number, before?: number): Promise<HistoryPage> {
    const first = await this.page(roomId, { limit: Math.min(count, HistoryLimits.pageMax), before });
    const messages = [...first.messages];
    let last = first;
    while (messages.length < count && last.messages.length > 0 && last.firstSeq !== null && messages[0]!.seq > last.firstSeq) {
      const limit = Math.min(count - messages.length, HistoryLimits.pageMax);
      last = await this.page(roomId, { limit, before: messages[0]!.seq });
      messages.unshift(...last.messages);
      // A short page: nothing older is left (the history may have been cleared meanwhile).
      if (last.messages.length < limit) break;
    }
    return { ...first, firstSeq: last.firstSeq, messages };
  }

  /** One page of hits, newest first; pass `next` back as `after` for older ones. */
  async search(request: SearchRequest): Promise<SearchPage> {
    const { q, author, room, from, to, limit, after } = request;
    return searchPage(await this.http.get('/v1/search', { q, author, room, from, to, limit, after }));
  }
}
