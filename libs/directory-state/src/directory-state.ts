import { ConflictError, type Actor, type AggregateKind, type AggregateRef, type EventsFor, type ParleyEvent } from '@parley/contracts';
import { Authorizer, DirectoryView, EMPTY_TREE, evolveTree, RoomAccess, type CategoryTree, type Decided } from '@parley/domain';
import { NO_VERSION, type EventDraft, type EventLog, type StoredEvent, type Subscription, type Version } from '@parley/eventlog';

/** The aggregate kinds provisioning keeps in memory. */
const FOLLOWED = ['user', 'group', 'category', 'server'] as const satisfies readonly AggregateKind[];
type Followed = (typeof FOLLOWED)[number];

const refKey = (ref: AggregateRef) => `${ref.kind}:${ref.id}`;

/**
 * Who is who, and what the rules are: every user, group, category, setting and policy, built from
 * the log at start-up and kept current by following it. Every service that authorises holds one.
 * Commands decide against it and append with the aggregate's expected version; their own events
 * are applied at once (and skipped when the follower delivers them again), so a writer reads its
 * own writes.
 */
export class DirectoryState {
  readonly view = new DirectoryView();
  readonly authz: Authorizer;
  readonly rooms: RoomAccess;
  private treeState: CategoryTree = EMPTY_TREE;
  private readonly versions = new Map<string, Version>();
  private subscriptions: Subscription[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(private readonly log: EventLog) {
    this.authz = new Authorizer(this.view, () => this.treeState);
    this.rooms = new RoomAccess(this.authz);
  }

  get tree(): CategoryTree {
    return this.treeState;
  }

  /** Loads everything from the log; resolves when the state has caught up with it. */
  async start(onError: (error: unknown) => void): Promise<void> {
    this.subscriptions = FOLLOWED.map((kind) =>
      this.log.consume({
        filter: this.log.subjects.allAggregates(kind),
        after: 0,
        maxBatch: 1_000,
        handle: async (batch) => {
          batch.forEach((s) => this.apply(s));
          this.changed();
        },
        onError,
      }),
    );
    await Promise.all(this.subscriptions.map((s) => s.caughtUp));
  }

  async stop(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.stop()));
  }

  version(ref: AggregateRef): Version {
    return this.versions.get(refKey(ref)) ?? NO_VERSION;
  }

  /**
   * Runs a decision against the current state and appends what it decides. If another instance
   * wrote to the aggregate in between, the aggregate is re-read and the decision made again.
   */
  async execute<K extends Followed>(ref: AggregateRef & { kind: K }, actor: Actor, decide: () => Decided<EventsFor<K>>[], commandId?: string): Promise<StoredEvent[]> {
    for (let attempt = 0; ; attempt++) {
      const decided = decide();
      if (!decided.length) return [];
      const drafts = decided.map((d) => ({ ...d, actor }) as unknown as EventDraft);
      try {
        const { events } = await this.log.append(ref, drafts, this.version(ref), commandId ? { commandId } : {});
        events.forEach((s) => this.apply(s));
        this.changed();
        return events;
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= 3) throw error;
        await this.refresh(ref);
      }
    }
  }

  /**
   * Calls `listener` after the state changed (a batch from the log, or a write of ours), so that
   * holders of sessions can re-check who may still be where. Returns a function that unsubscribes.
   */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Reads what the log has for one aggregate beyond what we applied. */
  async refresh(ref: AggregateRef): Promise<void> {
    const { events } = await this.log.read(ref, { fromSeq: this.version(ref).seq + 1 });
    events.forEach((s) => this.apply(s));
  }

  private apply(stored: StoredEvent): void {
    const event: ParleyEvent = stored.event;
    const ref = this.log.subjects.parseAggregate(stored.subject);
    if (!ref) return;
    const current = this.version(ref);
    if (event.seq <= current.seq) return; // our own write, already applied
    this.versions.set(refKey(ref), { seq: event.seq, streamSeq: stored.streamSeq });
    switch (ref.kind) {
      case 'category':
        this.treeState = evolveTree(this.treeState, event as EventsFor<'category'>);
        return;
      case 'user':
      case 'group':
      case 'server':
        this.view.apply(event as EventsFor<'user' | 'group' | 'server'>);
        return;
      default:
        return;
    }
  }
}
