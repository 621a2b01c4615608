import { EngagementClient, LiveClient, type LiveUpdate, type PresenceEntry } from '@parley/sdk';
import { browserConnections, endConnectionsWhenOffline } from '../api/browser-connection.js';
import { downloadUrl, uploadFile } from '../api/room-files.js';
import type { Server } from '../api/server.js';
import { EngagementStore } from './engagement-store.js';
import { JoinedRoomsMemory } from './joined-rooms-memory.js';
import { OutboxMemory, type OutboxEntry } from './outbox-memory.js';
import { TYPING_SHOWN_MS, uniquePeople, type RoomState, type Upload } from './room-state.js';
import { addMessages, addPending, applyEvent, emptyTimeline, fromHistory, isNewMessage, oldestSeq, settlePending } from './timeline.js';

export type { RoomState } from './room-state.js';

export type Connection = { state: 'connecting' } | { state: 'online' } | { state: 'offline'; reason: string; retryInMs: number } | { state: 'ended'; reason: string };

export interface ChatState {
  user: { id: string; name: string };
  connection: Connection;
  rooms: RoomState[];
  selected: string | undefined;
  names: ReadonlyMap<string, string>;
}

/** Pages of history a reveal loads at most, and their size: 20,000 messages back. */
const REVEAL_PAGES = 100;
const REVEAL_PAGE = 200;

const PARTED = { removed: 'you are no longer in this room', disabled: 'the room was disabled', 'room-removed': 'the room was removed' } as const;

/**
 * The signed-in user's chat: one live session (which reconnects and resumes by itself), the rooms
 * joined, their messages and unread counts; `engagement` holds what the server keeps across rooms
 * (followed rooms, invitations, feeds). React reads both through subscribe/snapshot.
 */
export class ChatStore {
  private state: ChatState;
  private readonly listeners = new Set<() => void>();
  private live: LiveClient | undefined;
  private stopped = false;
  private readonly stopOffline = endConnectionsWhenOffline();
  private readonly memory: JoinedRoomsMemory;
  private readonly outbox: OutboxMemory;
  /** Each room's history page being loaded, if one is, and how many loads in a row have failed. */
  private readonly older = new Map<string, Promise<void>>();
  private readonly olderFailures = new Map<string, number>();
  readonly engagement: EngagementStore;
  private readonly onVisible = () => this.readSelected();

  constructor(
    private readonly server: Server,
    user: { id: string; name: string },
  ) {
    this.memory = new JoinedRoomsMemory(user.id);
    this.outbox = new OutboxMemory(user.id);
    this.state = { user, connection: { state: 'connecting' }, rooms: [], selected: undefined, names: new Map([[user.id, user.name]]) };
    this.engagement = new EngagementStore(new EngagementClient(server.session, server.origin), (id) => this.room(id)?.name);
    document.addEventListener('visibilitychange', this.onVisible);
    void this.start();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = (): ChatState => this.state;

  /**
   * Joins a room (or shows it, when joined already), remembers it for the next visit in this
   * browser, and follows it, so its unread count follows the user to every device.
   */
  async join(room: string): Promise<void> {
    if (!this.room(room)) {
      const live = await this.connected();
      await live.join(room);
      this.memory.save([...this.state.rooms.map((r) => r.id), room]);
      if (!this.engagement.snapshot().standings.get(room)?.following) void this.engagement.follow(room);
    }
    this.select(room);
  }

  /** Leaves a room and stops following it. */
  async leave(room: string): Promise<void> {
    await this.live?.part(room);
    this.set({ rooms: this.state.rooms.filter((r) => r.id !== room), selected: this.state.selected === room ? undefined : this.state.selected });
    this.memory.save(this.state.rooms.map((r) => r.id));
    this.outbox.keepOnly(new Set(this.state.rooms.map((r) => r.id)));
    if (this.engagement.snapshot().standings.get(room)?.following) void this.engagement.unfollow(room);
  }

  select(room: string | undefined): void {
    this.set({ selected: room });
    if (room) this.updateRoom(room, (r) => ({ ...r, unread: 0 }));
    this.readSelected();
  }

  /**
   * Posts now, or as soon as the connection is back (also after a reload: the post waits in the
   * outbox until the server has it): the server stores it once either way.
   */
  post(room: string, text: string, alert: boolean): void {
    const entry = { room, clientMsgId: crypto.randomUUID(), text, alert };
    this.outbox.add(entry);
    this.send(entry);
  }

  private send({ room, clientMsgId, text, alert }: OutboxEntry): void {
    this.updateRoom(room, (r) => ({ ...r, timeline: addPending(r.timeline, { clientMsgId, text, alert }) }));
    void this.connected()
      .then((live) => live.post(room, text, { clientMsgId, alert }))
      .then(
        () => this.outbox.remove(clientMsgId),
        (error: Error) => {
          // Refused for good (or the session ended): shown as not sent, and not tried again.
          this.outbox.remove(clientMsgId);
          this.updateRoom(room, (r) => ({ ...r, timeline: settlePending(r.timeline, clientMsgId, error.message) }));
        },
      );
  }

  /** Sends what an earlier visit left in the outbox for a room just joined again. */
  private resend(room: string): void {
    for (const entry of this.outbox.load()) if (entry.room === room && !this.room(room)?.timeline.pending.some((p) => p.clientMsgId === entry.clientMsgId)) this.send(entry);
  }

  dismiss(room: string, clientMsgId: string): void {
    this.updateRoom(room, (r) => ({ ...r, timeline: settlePending(r.timeline, clientMsgId) }));
  }

  /** Sends a file to the room, with its progress in the room's uploads. */
  async upload(room: string, file: File): Promise<void> {
    const key = crypto.randomUUID();
    const change = (update: (u: Upload) => Upload | undefined) =>
      this.updateRoom(room, (r) => ({ ...r, uploads: r.uploads.flatMap((u) => (u.key === key ? (update(u) ?? []) : [u])) }));
    this.updateRoom(room, (r) => ({ ...r, uploads: [...r.uploads, { key, name: file.name, sent: 0, total: file.size }] }));
    try {
      await uploadFile(this.server.session, room, file, (sent, total) => change((u) => ({ ...u, sent, total })));
      change(() => undefined);
    } catch (error) {
      change((u) => ({ ...u, error: (error as Error).message }));
    }
  }

  dismissUpload(room: string, key: string): void {
    this.updateRoom(room, (r) => ({ ...r, uploads: r.uploads.filter((u) => u.key !== key) }));
  }

  /** A link that downloads a file posted in a room. */
  downloadUrl(fileId: string): Promise<string> {
    return downloadUrl(this.server.session, fileId);
  }

  /** Changes the text of one of your messages; the server refuses others' (unless you moderate). */
  async edit(room: string, seq: number, text: string): Promise<void> {
    await (await this.connected()).edit(room, seq, text);
  }

  /** Withdraws one of your messages: its text is gone for everyone. */
  async redact(room: string, seq: number): Promise<void> {
    await (await this.connected()).redact(room, seq);
  }

  typing(room: string): void {
    this.live?.typing(room);
  }

  /** Pages back through history, before the oldest message shown (one page at a time per room). */
  loadOlder(room: string, limit = 50): Promise<void> {
    const current = this.room(room);
    if (!current || !current.hasOlder) return Promise.resolve();
    let loading = this.older.get(room);
    if (!loading) {
      loading = this.fetchOlder(room, oldestSeq(current.timeline), limit).finally(() => this.older.delete(room));
      this.older.set(room, loading);
    }
    return loading;
  }

  /**
   * Shows message `seq` of a room (a search hit, a feed match): history is loaded back until it is
   * among the messages shown, then the view is moved to it. Answers why it cannot, if it cannot.
   */
  async reveal(room: string, seq: number): Promise<string | undefined> {
    if (!(await this.whenJoined(room))) return 'join the room first';
    for (let pages = 0; ; pages++) {
      const current = this.room(room);
      if (!current) return 'join the room first';
      if (current.timeline.messages.some((m) => m.seq === seq)) {
        this.updateRoom(room, (r) => ({ ...r, focus: { seq, at: Date.now() } }));
        return undefined;
      }
      const oldest = oldestSeq(current.timeline);
      if (!current.hasOlder || (oldest !== undefined && oldest < seq)) return 'that message is no longer in the room’s history';
      if (pages === REVEAL_PAGES) return `that message is more than ${(REVEAL_PAGES * REVEAL_PAGE).toLocaleString()} messages back: scroll up to reach it`;
      await this.loadOlder(room, REVEAL_PAGE);
      const after = this.room(room);
      if (after && oldestSeq(after.timeline) === oldest && after.hasOlder) return 'the room’s history cannot be loaded now; try again in a moment';
    }
  }

  /** Resolves true once the room is among those joined (its `joined` arrives just after `join` resolves), false after `timeoutMs`. */
  private whenJoined(room: string, timeoutMs = 5_000): Promise<boolean> {
    if (this.room(room)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (joined: boolean) => {
        clearTimeout(timer);
        unsubscribe();
        resolve(joined);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      const unsubscribe = this.subscribe(() => this.room(room) && done(true));
    });
  }

  private async fetchOlder(room: string, before: number | undefined, limit: number): Promise<void> {
    this.updateRoom(room, (r) => ({ ...r, loadingOlder: true, olderError: undefined }));
    try {
      const page = await this.server.history(room, before, limit);
      this.learn(page.messages.map((m) => ({ userId: m.author.id, name: m.author.name })));
      const first = page.messages[0]?.seq;
      this.olderFailures.delete(room);
      this.updateRoom(room, (r) => ({
        ...r,
        loadingOlder: false,
        hasOlder: page.messages.length > 0 && first !== undefined && page.firstSeq !== null && first > page.firstSeq,
        timeline: addMessages(r.timeline, page.messages.map(fromHistory)),
      }));
    } catch (error) {
      // Asked again by itself, less and less often (a room created a moment ago is not in the
      // history yet; a history database that is down comes back), and at once with Try again.
      const failures = (this.olderFailures.get(room) ?? 0) + 1;
      this.olderFailures.set(room, failures);
      this.updateRoom(room, (r) => ({ ...r, loadingOlder: false, olderError: (error as Error).message }));
      setTimeout(() => {
        if (!this.stopped && this.room(room)?.olderError) void this.loadOlder(room);
      }, Math.min(30_000, 500 * 2 ** (failures - 1)));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopOffline();
    this.engagement.stop();
    document.removeEventListener('visibilitychange', this.onVisible);
    await this.live?.close();
  }

  private async start(): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        const live = await LiveClient.connect({ channel: this.server.origin, credentials: this.server.session, connect: browserConnections(() => this.server.session.accessToken()), reconnectMaxMs: 4_000 });
        if (this.stopped) return void live.close();
        this.live = live;
        this.set({ connection: { state: 'online' } });
        void this.engagement.attach(live);
        const rooms = this.memory.load();
        this.outbox.keepOnly(new Set(rooms));
        for (const room of rooms) void live.join(room).then(() => this.resend(room), () => undefined);
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
          addinRevision: 0,
          participants: update.participants,
          timeline: emptyTimeline,
          lastSeq: update.seq,
          unread: 0,
          hasOlder: true,
          loadingOlder: false,
          uploads: [],
          present: uniquePeople(update.presence),
          typing: [],
        };
        if (this.room(update.room))
          this.updateRoom(update.room, (r) => ({ ...r, name: update.name, disclaimer: update.disclaimer, participants: update.participants, present: uniquePeople(update.presence), lastSeq: Math.max(r.lastSeq, update.seq) }));
        else this.set({ rooms: [...this.state.rooms, fresh] });
        if (update.room === this.state.selected) this.readSelected();
        return;
      }
      case 'event': {
        const { room, event, backchat } = update;
        if (event.actor.name !== undefined) this.learn([{ userId: event.actor.id, name: event.actor.name }]);
        const counts = !backchat && isNewMessage(event) && event.actor.id !== this.state.user.id && (this.state.selected !== room || document.hidden);
        this.updateRoom(room, (r) => ({
          ...r,
          timeline: applyEvent(r.timeline, event),
          lastSeq: Math.max(r.lastSeq, update.seq),
          unread: r.unread + (counts ? 1 : 0),
          // Who has just posted has stopped typing.
          typing: isNewMessage(event) ? r.typing.filter((t) => t.userId !== event.actor.id) : r.typing,
        }));
        if (room === this.state.selected) this.readSelected();
        if (backchat) return;
        if (event.type === 'RoomUpdated') {
          const changes = ((event.data ?? {}) as { changes?: { name?: string; disclaimer?: string; addinId?: string | null } }).changes ?? {};
          this.updateRoom(room, (r) => ({ ...r, name: changes.name ?? r.name, disclaimer: changes.disclaimer ?? r.disclaimer, addinRevision: r.addinRevision + ('addinId' in changes ? 1 : 0) }));
        }
        return;
      }
      case 'presence': {
        const { joined, parted } = update;
        if (joined) this.learn([joined]);
        this.updateRoom(update.room, (r) => ({
          ...r,
          participants: update.participants,
          present: uniquePeople([...r.present.filter((p) => p.userId !== parted?.userId), ...(joined ? [joined] : [])]),
        }));
        return;
      }
      case 'typing':
        if (update.user.userId !== this.state.user.id) this.typed(update.room, update.user);
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
        void this.engagement.refresh();
        return;
      default:
        return assertNever(update);
    }
  }

  /** The room being looked at has been read up to what it shows (not while the tab is hidden). */
  private readSelected(): void {
    const room = this.state.selected ? this.room(this.state.selected) : undefined;
    if (room && !document.hidden) this.engagement.markRead(room.id, room.lastSeq);
  }

  /** Shows that someone is typing, for a few seconds after their last keystroke notice. */
  private typed(room: string, user: PresenceEntry): void {
    const until = Date.now() + TYPING_SHOWN_MS;
    this.updateRoom(room, (r) => ({ ...r, typing: [...r.typing.filter((t) => t.userId !== user.userId), { ...user, until }] }));
    setTimeout(() => this.updateRoom(room, (r) => (r.typing.some((t) => t.until <= Date.now()) ? { ...r, typing: r.typing.filter((t) => t.until > Date.now()) } : r)), TYPING_SHOWN_MS + 50);
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
}

function assertNever(value: never): never {
  throw new Error(`unhandled update ${JSON.stringify(value)}`);
}
