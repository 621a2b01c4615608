import { LiveClient, type LiveUpdate, type PresenceEntry } from '@parley/sdk';
import { endConnectionsWhenOffline, openBrowserConnection } from '../api/browser-connection.js';
import type { Server } from '../api/server.js';
import { addMessages, addPending, applyEvent, emptyTimeline, fromHistory, isNewMessage, oldestSeq, settlePending, type Timeline } from './timeline.js';

export type Connection = { state: 'connecting' } | { state: 'online' } | { state: 'offline'; reason: string; retryInMs: number } | { state: 'ended'; reason: string };

export interface RoomState {
  id: string;
  name: string;
  disclaimer: string;
  participants: number;
  timeline: Timeline;
  unread: number;
  /** False once history has nothing older than what is shown. */
  hasOlder: boolean;
  loadingOlder: boolean;
  /** Why the room cannot be followed any more (removed from it, room disabled). */
  closed?: string;
}

export interface ChatState {
  user: { id: string; name: string };
  connection: Connection;
  rooms: RoomState[];
  selected: string | undefined;
  names: ReadonlyMap<string, string>;
}

const PARTED = { removed: 'you are no longer in this room', disabled: 'the room was disabled', 'room-removed': 'the room was removed' } as const;

/**
 * The signed-in user's chat: one live session (which reconnects and resumes by itself), the rooms
 * joined, their messages and unread counts. React reads it through subscribe/snapshot.
 */
export class ChatStore {
  private state: ChatState;
  private readonly listeners = new Set<() => void>();
  private live: LiveClient | undefined;
  private stopped = false;
  private readonly stopOffline = endConnectionsWhenOffline();

  constructor(
    private readonly server: Server,
    user: { id: string; name: string },
  ) {
    this.state = { user, connection: { state: 'connecting' }, rooms: [], selected: undefined, names: new Map([[user.id, user.name]]) };
    void this.start();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = (): ChatState => this.state;

  /** Joins a room (or shows it, when joined already) and remembers it for the next visit. */
  async join(room: string): Promise<void> {
    if (!this.room(room)) {
      const live = await this.connected();
      await live.join(room);
      this.remember(room);
    }
    this.select(room);
  }

  async leave(room: string): Promise<void> {
    await this.live?.part(room);
    this.set({ rooms: this.state.rooms.filter((r) => r.id !== room), selected: this.state.selected === room ? undefined : this.state.selected });
    this.remember();
  }

  select(room: string | undefined): void {
    this.set({ selected: room });
    if (room) this.updateRoom(room, (r) => ({ ...r, unread: 0 }));
  }

  /** Posts now, or as soon as the connection is back: the server stores it once either way. */
  post(room: string, text: string, alert: boolean): void {
    const clientMsgId = crypto.randomUUID();
    this.updateRoom(room, (r) => ({ ...r, timeline: addPending(r.timeline, { clientMsgId, text, alert }) }));
    const live = this.live;
    if (!live) return this.updateRoom(room, (r) => ({ ...r, timeline: settlePending(r.timeline, clientMsgId, 'not connected') }));
    live.post(room, text, { clientMsgId, alert }).then(
      () => undefined,
      (error: Error) => this.updateRoom(room, (r) => ({ ...r, timeline: settlePending(r.timeline, clientMsgId, error.message) })),
    );
  }

  dismiss(room: string, clientMsgId: string): void {
    this.updateRoom(room, (r) => ({ ...r, timeline: settlePending(r.timeline, clientMsgId) }));
  }

  typing(room: string): void {
    this.live?.typing(room);
  }

  /** Pages back through history, before the oldest message shown. */
  async loadOlder(room: string): Promise<void> {
    const current = this.room(room);
    if (!current || current.loadingOlder || !current.hasOlder) return;
    this.updateRoom(room, (r) => ({ ...r, loadingOlder: true }));
    try {
      const before = oldestSeq(current.timeline);
      const page = await this.server.history(room, before);
      this.learn(page.messages.map((m) => ({ userId: m.author.id, name: m.author.name })));
      const first = page.messages[0]?.seq;
      this.updateRoom(room, (r) => ({
        ...r,
        loadingOlder: false,
        hasOlder: page.messages.length > 0 && first !== undefined && page.firstSeq !== null && first > page.firstSeq,
        timeline: addMessages(r.timeline, page.messages.map(fromHistory)),
      }));
    } catch {
      this.updateRoom(room, (r) => ({ ...r, loadingOlder: false }));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopOffline();
    await this.live?.close();
  }

  private async start(): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        const live = await LiveClient.connect({ channel: this.server.origin, credentials: this.server.session, connect: openBrowserConnection, reconnectMaxMs: 4_000 });
        if (this.stopped) return void live.close();
        this.live = live;
        this.set({ connection: { state: 'online' } });
        for (const room of this.remembered()) void live.join(room).catch(() => undefined);
        this.waiters.splice(0).forEach((w) => w(live));
        return await this.follow(live);
      } catch (error) {
        const retryInMs = Math.min(4_000, 500 * attempt);
        this.set({ connection: { state: 'offline', reason: (error as Error).message, retryInMs } });
        await new Promise((resolve) => setTimeout(resolve, retryInMs));
      }
    }
  }

  private readonly waiters: ((live: LiveClient) => void)[] = [];

  private connected(): Promise<LiveClient> {
    return this.live ? Promise.resolve(this.live) : new Promise((resolve) => this.waiters.push(resolve));
  }

  private async follow(live: LiveClient): Promise<void> {
    try {
      for await (const update of live.updates()) this.apply(update);
      if (!this.stopped) this.set({ connection: { state: 'ended', reason: 'the live session was closed' } });
    } catch (error) {
      this.set({ connection: { state: 'ended', reason: (error as Error).message } });
    }
  }

  private apply(update: LiveUpdate): void {
    switch (update.type) {
      case 'joined': {
        this.learn(update.presence);
        const fresh: RoomState = {
          id: update.room,
          name: update.name,
          disclaimer: update.disclaimer,
          participants: update.participants,
          timeline: emptyTimeline,
          unread: 0,
          hasOlder: true,
          loadingOlder: false,
        };
        if (this.room(update.room)) this.updateRoom(update.room, (r) => ({ ...r, name: update.name, disclaimer: update.disclaimer, participants: update.participants }));
        else this.set({ rooms: [...this.state.rooms, fresh] });
        return;
      }
      case 'event': {
        const { room, event, backchat } = update;
        const counts = !backchat && isNewMessage(event) && event.actor.id !== this.state.user.id && (this.state.selected !== room || document.hidden);
        this.updateRoom(room, (r) => ({ ...r, timeline: applyEvent(r.timeline, event), unread: r.unread + (counts ? 1 : 0) }));
        if (backchat) return;
        if (event.type === 'RoomUpdated') {
          const changes = ((event.data ?? {}) as { changes?: { name?: string; disclaimer?: string } }).changes ?? {};
          this.updateRoom(room, (r) => ({ ...r, name: changes.name ?? r.name, disclaimer: changes.disclaimer ?? r.disclaimer }));
        }
        return;
      }
      case 'presence':
        if (update.joined) this.learn([update.joined]);
        this.updateRoom(update.room, (r) => ({ ...r, participants: update.participants }));
        return;
      case 'typing':
        return;
      case 'parted':
        this.updateRoom(update.room, (r) => ({ ...r, closed: PARTED[update.reason] }));
        return;
      case 'lost':
        this.updateRoom(update.room, (r) => ({ ...r, closed: update.error.message }));
        return;
      case 'disconnected':
        this.set({ connection: { state: 'offline', reason: update.reason, retryInMs: update.retryInMs } });
        return;
      case 'reconnected':
        this.set({ connection: { state: 'online' } });
        return;
      default:
        return assertNever(update);
    }
  }

  private learn(entries: readonly PresenceEntry[]): void {
    if (entries.every((e) => this.state.names.get(e.userId) === e.name)) return;
    const names = new Map(this.state.names);
    for (const e of entries) names.set(e.userId, e.name);
    this.set({ names });
  }

  private room(id: string): RoomState | undefined {
    return this.state.rooms.find((r) => r.id === id);
  }

  private updateRoom(id: string, change: (room: RoomState) => RoomState): void {
    if (!this.room(id)) return;
    this.set({ rooms: this.state.rooms.map((r) => (r.id === id ? change(r) : r)) });
  }

  private set(changes: Partial<ChatState>): void {
    this.state = { ...this.state, ...changes };
    for (const listener of this.listeners) listener();
  }

  private get memoryKey(): string {
    return `parley.rooms.${this.state.user.id}`;
  }

  private remembered(): string[] {
    try {
      const rooms: unknown = JSON.parse(localStorage.getItem(this.memoryKey) ?? '[]');
      return Array.isArray(rooms) ? rooms.filter((r): r is string => typeof r === 'string') : [];
    } catch {
      return [];
    }
  }

  private remember(joined?: string): void {
    const rooms = new Set(this.state.rooms.map((r) => r.id));
    if (joined) rooms.add(joined);
    localStorage.setItem(this.memoryKey, JSON.stringify([...rooms]));
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled update ${JSON.stringify(value)}`);
}
