import type { RoomEvent, WireEvent } from '@parley/contracts';
import { evolveRoom, type Room } from '@parley/domain';
import { NO_VERSION, type StoredEvent, type Version } from '@parley/eventlog';
import { toWire, type NameOf } from './wire.js';

/** Messages whose author and client id a room remembers, for edits, redactions and resends. */
const REMEMBERED = 50_000;
/** Recent events of every kind kept for sessions that resume after a short gap. */
const TAIL = 2_000;

interface MessageFact {
  authorId: string;
  redacted: boolean;
}

const scrubbed = (data: Record<string, unknown>) => ({ ...data, text: '', story: null, mentions: [], redacted: true });

/** Scrubs the text of messages redacted or removed later in the same list (events read from the log). */
export function scrubRedacted(events: WireEvent[]): WireEvent[] {
  const gone = new Set<number>();
  for (const e of events) {
    if (e.type === 'MessageRedacted') gone.add((e.data as { messageSeq: number }).messageSeq);
    if (e.type === 'MessagesRemoved') for (const seq of (e.data as { messageSeqs: number[] }).messageSeqs) gone.add(seq);
  }
  return events.map((e) => (e.type === 'MessagePosted' && gone.has(e.seq) ? { ...e, data: scrubbed(e.data as Record<string, unknown>) } : e));
}

/**
 * One room as this channel server holds it: its settings and roles, its version, the recent
 * messages ("backchat", folded: edits applied, redacted text gone), who wrote recent messages,
 * the client ids of recent posts, who is present, and a queue that runs this server's commands
 * for the room one at a time (so they never race each other for the room's next version).
 * An unlogged room (its category keeps no chat history) keeps no backchat: posts made while it
 * is unlogged are not remembered, and joins get none while it is.
 */
export class LiveRoom {
  room: Room | undefined;
  version: Version = NO_VERSION;
  /** The last `backchatSize` messages, oldest first, as sessions receive them. */
  private readonly backchat: WireEvent[] = [];
  /** The last events of every type, in order, with redacted text scrubbed: what a resuming session missed. */
  private readonly tail: WireEvent[] = [];
  private readonly facts = new Map<number, MessageFact>();
  private readonly clientIds = new Map<string, number>();
  /** userId → the sessions (any server) through which they are present. */
  readonly presence = new Map<string, Set<string>>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly id: string,
    private readonly backchatSize: () => number,
    private readonly categoryLogged: (categoryId: string) => boolean,
    private readonly nameOf: NameOf,
  ) {}

  /** Applies an event of this room; false if it was applied already (seq not after the version). */
  apply(stored: StoredEvent): boolean {
    const event = stored.event as RoomEvent;
    if (event.seq <= this.version.seq) return false;
    this.room = evolveRoom(this.room, event);
    this.version = { seq: event.seq, streamSeq: stored.streamSeq };
    this.remember(event);
    return true;
  }

  /** The author of a recent message (undefined when unknown or too old to be remembered). */
  author(messageSeq: number): MessageFact | undefined {
    return this.facts.get(messageSeq);
  }

  /** The seq of a recent post by this author with this client id, for an idempotent resend. */
  postedAs(authorId: string, clientMsgId: string): number | undefined {
    return this.clientIds.get(`${authorId}\u0000${clientMsgId}`);
  }

  /** The backchat a joining session receives: recent messages, edits applied, redacted text gone. */
  backchatSnapshot(): WireEvent[] {
    return this.logged() ? [...this.backchat] : [];
  }

  /** Every event after `after`, or undefined when they reach further back than this room remembers. */
  eventsAfter(after: number): WireEvent[] | undefined {
    if (after >= this.version.seq) return [];
    const first = this.tail[0];
    if (!first || first.seq > after + 1) return undefined;
    return this.tail.filter((e) => e.seq > after);
  }

  /** Runs `work` after every command queued before it, for this room. */
  serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The event last applied, as sessions receive it (made once, for the tail, the backchat and the broadcast). */
  get latest(): WireEvent | undefined {
    return this.tail.at(-1);
  }

  private remember(event: RoomEvent): void {
    const wire = toWire(event, this.nameOf);
    this.tail.push(wire);
    if (this.tail.length > TAIL) this.tail.splice(0, this.tail.length - TAIL);
    switch (event.type) {
      case 'MessagePosted': {
        this.facts.set(event.seq, { authorId: event.actor.id, redacted: false });
        this.clientIds.set(`${event.actor.id}\u0000${event.data.clientMsgId}`, event.seq);
        if (this.logged()) this.backchat.push(wire);
        this.trim();
        return;
      }
      case 'MessageEdited':
        this.fold(event.data.messageSeq, (data) => ({ ...data, text: event.data.text, edited: true }));
        return;
      case 'MessageRedacted':
        this.redact(event.data.messageSeq);
        return;
      case 'MessagesRemoved':
        for (const seq of event.data.messageSeqs) {
          this.redact(seq);
          this.fold(seq, (data) => ({ ...data, text: event.data.replacement, removed: true }));
        }
        return;
      case 'HistoryCleared':
        this.backchat.splice(0, this.backchat.length, ...this.backchat.filter((e) => e.seq > event.data.upToSeq));
        return;
      default:
        return;
    }
  }

  private logged(): boolean {
    return !this.room || this.categoryLogged(this.room.categoryId);
  }

  private redact(seq: number): void {
    const fact = this.facts.get(seq);
    if (fact) fact.redacted = true;
    this.fold(seq, scrubbed);
    const index = this.tail.findIndex((e) => e.seq === seq);
    if (index >= 0) this.tail[index] = { ...this.tail[index]!, data: scrubbed(this.tail[index]!.data as Record<string, unknown>) };
  }

  private fold(seq: number, change: (data: Record<string, unknown>) => Record<string, unknown>): void {
    const index = this.backchat.findIndex((e) => e.seq === seq);
    if (index >= 0) this.backchat[index] = { ...this.backchat[index]!, data: change(this.backchat[index]!.data as Record<string, unknown>) };
  }

  private trim(): void {
    const excess = this.backchat.length - this.backchatSize();
    if (excess > 0) this.backchat.splice(0, excess);
    // Map iteration order is insertion order: the first entries are the oldest.
    for (const map of [this.facts, this.clientIds] as Map<unknown, unknown>[]) {
      if (map.size <= REMEMBERED) continue;
      for (const key of map.keys()) {
        map.delete(key);
        if (map.size <= REMEMBERED) break;
      }
    }
  }
}
