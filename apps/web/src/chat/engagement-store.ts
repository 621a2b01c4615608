import type { EngagementClient, EngagementUpdate, FeedFilterRequest, LiveClient, NotificationLevel } from '@parley/sdk';
import { addOlderFeed, applyEngagement, emptyEngagement, type EngagementState } from './engagement-state.js';

export type { EngagementState } from './engagement-state.js';

/** How long reads wait to be sent together: scrolling through a busy room sends one, not dozens. */
const READ_DELAY_MS = 300;

/**
 * The signed-in user's invitations, followed rooms with their counts, and topic feeds, kept on the
 * server: loaded when the live session connects (and again after each reconnect), then updated by
 * the session's engagement frames, so a read on one device clears the count on every other.
 */
export class EngagementStore {
  private state: EngagementState = emptyEngagement;
  private readonly listeners = new Set<() => void>();
  private live: LiveClient | undefined;
  private stopListening: (() => void) | undefined;
  private readonly reads = new Map<string, number>();
  /** Live updates heard while a full load is on its way: applied again on top of what it brings. */
  private readonly heardDuringLoad = new Set<EngagementUpdate[]>();
  private readTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly api: EngagementClient,
    /** The name of a room the user is in, when the server's update does not say it. */
    private readonly roomName: (roomId: string) => string | undefined,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = (): EngagementState => this.state;

  /** Starts following a live session's engagement frames, and loads what the server holds. */
  attach(live: LiveClient): Promise<void> {
    this.stopListening?.();
    this.live = live;
    this.stopListening = live.onEngagement((update) => {
      for (const heard of this.heardDuringLoad) heard.push(update);
      const unnamed = update.type === 'unread' && !this.state.standings.has(update.room) && !this.roomName(update.room);
      this.set(applyEngagement(this.state, update, this.roomName));
      if (unnamed) void this.refresh();
      // Names the update did not carry come with the next full load.
      if (update.type === 'feed' && !this.roomName(update.room)) void this.refresh();
      // Following a room one was invited to is how an answer on another device shows here.
      if (update.type === 'unread' && update.following && this.state.invitations.some((i) => i.roomId === update.room)) void this.refresh();
    });
    return this.refresh();
  }

  /** Loads everything again: after a reconnect, what changed while offline is not replayed. */
  async refresh(): Promise<void> {
    // The answers may have been read before an update that arrives here first: it is kept.
    const heard: EngagementUpdate[] = [];
    this.heardDuringLoad.add(heard);
    try {
      const [standings, invitations, filters, feed] = await Promise.all([this.api.unread(), this.api.invitations(), this.api.feedFilters(), this.api.feed({ limit: 50 })]);
      const newer = this.state.feed.filter((f) => !feed.items.some((i) => i.roomId === f.roomId && i.seq === f.seq) && f.occurredAt > (feed.items[0]?.occurredAt ?? ''));
      const loaded: EngagementState = {
        ...this.state,
        standings: new Map(standings.map((s) => [s.roomId, s])),
        invitations,
        filters,
        feed: [...newer, ...feed.items],
        feedNext: feed.next,
        problem: undefined,
      };
      this.set(heard.reduce((state, update) => applyEngagement(state, update, this.roomName), loaded));
    } catch (error) {
      this.fail(error);
    } finally {
      this.heardDuringLoad.delete(heard);
    }
  }

  /** Accepts an invitation: the room is followed from now on (the caller then joins it). */
  async accept(roomId: string): Promise<boolean> {
    return this.attempt(async () => {
      const standing = await this.api.accept(roomId);
      const standings = new Map(this.state.standings).set(roomId, standing);
      this.set({ ...this.state, standings, invitations: this.state.invitations.filter((i) => i.roomId !== roomId) });
    });
  }

  async decline(roomId: string): Promise<boolean> {
    return this.attempt(async () => {
      await this.api.decline(roomId);
      this.set({ ...this.state, invitations: this.state.invitations.filter((i) => i.roomId !== roomId) });
    });
  }

  async follow(roomId: string): Promise<boolean> {
    return this.attempt(async () => {
      const standing = await this.api.follow(roomId);
      this.set({ ...this.state, standings: new Map(this.state.standings).set(roomId, standing) });
    });
  }

  async unfollow(roomId: string): Promise<boolean> {
    return this.attempt(async () => {
      await this.api.unfollow(roomId);
      const standings = new Map(this.state.standings);
      standings.delete(roomId);
      this.set({ ...this.state, standings });
    });
  }

  async setLevel(roomId: string, level: NotificationLevel): Promise<boolean> {
    return this.attempt(async () => {
      const standing = await this.api.setNotifications(roomId, level);
      this.set({ ...this.state, standings: new Map(this.state.standings).set(roomId, standing) });
    });
  }

  /**
   * Everything in the room up to `seq` has been seen here. Shown at once; sent shortly after over
   * the live session, which tells every other session of the user.
   */
  markRead(roomId: string, seq: number): void {
    // The server keeps read positions of followed rooms (and of rooms with unread mentions).
    const standing = this.state.standings.get(roomId);
    if (!standing || seq <= standing.readSeq || (standing.unread === 0 && seq <= standing.lastSeq)) return;
    if (seq <= (this.reads.get(roomId) ?? 0)) return;
    this.reads.set(roomId, seq);
    this.set({ ...this.state, standings: new Map(this.state.standings).set(roomId, { ...standing, unread: 0, mentions: 0, readSeq: seq, lastSeq: Math.max(seq, standing.lastSeq) }) });
    this.readTimer ??= setTimeout(() => this.sendReads(), READ_DELAY_MS);
  }

  async addFilter(filter: FeedFilterRequest): Promise<boolean> {
    return this.attempt(async () => {
      const added = await this.api.addFeedFilter(filter);
      this.set({ ...this.state, filters: [...this.state.filters, added] });
    });
  }

  async removeFilter(filterId: string): Promise<boolean> {
    return this.attempt(async () => {
      await this.api.removeFeedFilter(filterId);
      this.set({ ...this.state, filters: this.state.filters.filter((f) => f.id !== filterId) });
    });
  }

  async loadOlderFeed(): Promise<void> {
    if (this.state.feedNext === null) return;
    await this.attempt(async () => {
      const page = await this.api.feed({ limit: 50, before: this.state.feedNext! });
      this.set(addOlderFeed(this.state, page));
    });
  }

  /** The feed has been looked at: its new alerts are no longer new. */
  feedSeen(): void {
    if (this.state.newAlerts > 0) this.set({ ...this.state, newAlerts: 0 });
  }

  dismissProblem(): void {
    if (this.state.problem) this.set({ ...this.state, problem: undefined });
  }

  stop(): void {
    this.stopListening?.();
    clearTimeout(this.readTimer);
  }

  private sendReads(): void {
    this.readTimer = undefined;
    const live = this.live;
    for (const [roomId, seq] of this.reads) {
      this.reads.delete(roomId);
      // Idempotent, and resent by the session after a reconnect; a refusal (e.g. no longer a member) is shown.
      live?.markRead(roomId, seq).catch((error: unknown) => this.fail(error));
    }
  }

  private async attempt(work: () => Promise<void>): Promise<boolean> {
    try {
      await work();
      if (this.state.problem) this.set({ ...this.state, problem: undefined });
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  private fail(error: unknown): void {
    this.set({ ...this.state, problem: error instanceof Error ? error.message : String(error) });
  }

  private set(state: EngagementState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
