import {
  InstanceViewSchema,
  RoomDirectoryEntrySchema,
  SessionTargetSchema,
  type InstanceView,
  type RoomDirectoryEntry,
  type RoomSearchQuery,
  type SessionTarget,
} from '@parley/contracts';
import { z } from 'zod';
import { answer, segment } from './answers.js';
import type { HttpClient } from './http-client.js';
import { sessionHttp, type Session } from './session.js';

const entry = answer(RoomDirectoryEntrySchema, 'a room');
const page = answer(z.object({ items: z.array(RoomDirectoryEntrySchema), next: z.string().nullable() }), 'rooms');

/**
 * The lookup service's API: which channel server a new live session should use, where a room is,
 * the room directory (only rooms the caller may see), and the channel servers (administrators).
 */
export class LookupClient {
  readonly http: HttpClient;

  constructor(
    session: Session,
    /** The lookup service's base URL (`lookup` of GET /v1/endpoints). */
    readonly baseUrl: string,
    options: { timeoutMs?: number; fetch?: typeof fetch } = {},
  ) {
    this.http = sessionHttp(session, baseUrl, options);
  }

  /** The least-loaded channel server for a new session; `exclude` names one to avoid (the one just lost). */
  async session(exclude?: string): Promise<SessionTarget> {
    return answer(SessionTargetSchema, 'a channel server')(await this.http.get('/v1/lookup/session', exclude ? { exclude } : {}));
  }

  /** A room by id, parley://room/ URI or Category/Room path, with the server that owns it now. */
  async resolve(ref: string): Promise<RoomDirectoryEntry> {
    return entry(await this.http.get(`/v1/lookup/rooms/${segment(ref)}`));
  }

  /** One page of the room directory: rooms whose name, description or category contain every word of `q`. */
  async search(query: RoomSearchQuery = {}): Promise<{ items: RoomDirectoryEntry[]; next: string | null }> {
    const { q, categoryId, limit, after } = query;
    return page(await this.http.get('/v1/lookup/rooms', { q, categoryId, limit, after }));
  }

  /** The live channel servers and their load (administrators). */
  async instances(): Promise<InstanceView[]> {
    return answer(z.array(InstanceViewSchema), 'channel servers')(await this.http.get('/v1/lookup/instances'));
  }

  /** Asks a channel server to drain: it takes no new sessions, hands its rooms over, sends its clients elsewhere, and exits. */
  async drain(instanceId: string): Promise<void> {
    await this.http.post(`/v1/lookup/instances/${segment(instanceId)}/drain`);
  }
}
