import { HistoryPageSchema, SearchPageSchema, type HistoryPage, type RoomDirectoryEntry, type SearchPage } from '@parley/contracts';
import { AddinsClient, LookupClient, RoomsClient, Session, type AddinView } from '@parley/sdk';
import { TabTokenStore } from './session-store.js';

/**
 * The server as the web client sees it: one origin (the launcher's web gateway forwards each
 * /v1 path to its service), one signed-in session.
 */
export class Server {
  readonly origin = window.location.origin;
  readonly session = new Session({ server: this.origin, tokens: new TabTokenStore() });
  private readonly lookup = new LookupClient(this.session, this.origin);
  private readonly rooms = new RoomsClient(this.session.http);
  private readonly addins = new AddinsClient(this.session.http);

  /** Rooms the user may see whose name, description or category contain every word of `q`. */
  async findRooms(q: string): Promise<RoomDirectoryEntry[]> {
    const words = q.trim();
    return (await this.lookup.search({ ...(words ? { q: words } : {}), limit: 200 })).items;
  }

  /** One page of a room's history: the messages just before `before`, oldest first. */
  async history(room: string, before: number | undefined, limit = 50): Promise<HistoryPage> {
    const page = await this.session.http.get(`/v1/rooms/${encodeURIComponent(room)}/history`, { limit, before });
    return HistoryPageSchema.parse(page);
  }

  /** Messages of a room that contain every word (and "quoted phrase") of `q`, newest first. */
  async search(room: string, q: string, after?: string): Promise<SearchPage> {
    return SearchPageSchema.parse(await this.session.http.get('/v1/search', { q, room, limit: 20, after }));
  }

  /** The add-in a room shows (a web page an administrator registered), or null when it shows none. */
  async addin(room: string): Promise<AddinView | null> {
    const { addinId } = await this.rooms.get(room);
    if (addinId === null) return null;
    return (await this.addins.list()).find((a) => a.id === addinId) ?? null;
  }
}
