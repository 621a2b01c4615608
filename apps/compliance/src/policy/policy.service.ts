import {
  COMPLIANCE_POLICY_ID,
  ConflictError,
  NotFoundError,
  uuidv7,
  type Actor,
  type ComplianceEvent,
  type HoldView,
  type PurgeResult,
  type RetentionPolicyView,
  type RetentionScope,
  type RetentionScopeRef,
} from '@parley/contracts';
import type { DirectoryState } from '@parley/directory-state';
import type { Decided } from '@parley/domain';
import type { EventDraft, EventLog } from '@parley/eventlog';
import type { ArchiveQueries, HoldRow, RetentionRow } from '../archive/archive.queries.js';
import { decidePolicy, EMPTY_POLICY, evolvePolicy, type CompliancePolicy, type PolicyCommand } from './compliance-policy.js';
import { planPurge } from './purge-plan.js';
import type { Resolver } from './resolve.js';

const REF = { kind: 'compliance', id: COMPLIANCE_POLICY_ID } as const;
const iso = (ms: unknown) => new Date(Number(ms)).toISOString();

export interface PolicyDeps {
  log: EventLog;
  state: DirectoryState;
  resolver: Resolver;
  queries: ArchiveQueries;
  /** Waits until the archive has applied the chat log up to a stream sequence (read your writes). */
  settled(streamSeq: number): Promise<void>;
  /** Counts what a purge would remove, before it is put on the log. */
  countPurgeable(spec: NonNullable<ReturnType<typeof planPurge>>): Promise<number>;
  now?: () => Date;
}

/**
 * Legal holds and retention, decided against the compliance aggregate's own events (read from the
 * log, so never behind) and appended with its expected version; views are read from the archive
 * once it has applied the write.
 */
export class PolicyService {
  constructor(private readonly deps: PolicyDeps) {}

  async placeHold(actor: Actor, request: { caseName: string; user?: string | undefined; room?: string | undefined; note: string }): Promise<HoldView> {
    const target = request.user !== undefined ? { kind: 'user' as const, id: this.deps.resolver.user(request.user, 'user') } : { kind: 'room' as const, id: await this.deps.resolver.room(request.room!, 'room') };
    const holdId = uuidv7();
    await this.execute(actor, { type: 'PlaceHold', holdId, caseName: request.caseName, target, note: request.note });
    return this.holdView((await this.deps.queries.hold(holdId))!);
  }

  async releaseHold(actor: Actor, holdId: string, note: string): Promise<HoldView> {
    await this.execute(actor, { type: 'ReleaseHold', holdId, note });
    return this.holdView((await this.deps.queries.hold(holdId))!);
  }

  async holds(active?: boolean): Promise<HoldView[]> {
    return (await this.deps.queries.holds(active)).map((h) => this.holdView(h));
  }

  async hold(holdId: string): Promise<HoldView> {
    const row = await this.deps.queries.hold(holdId);
    if (!row) throw new NotFoundError(`no legal hold ${holdId}`);
    return this.holdView(row);
  }

  async setRetention(actor: Actor, ref: RetentionScopeRef, days: number): Promise<RetentionPolicyView[]> {
    await this.execute(actor, { type: 'SetRetention', scope: await this.scope(ref), days });
    return this.retention();
  }

  async clearRetention(actor: Actor, ref: RetentionScopeRef): Promise<RetentionPolicyView[]> {
    await this.execute(actor, { type: 'ClearRetention', scope: await this.scope(ref) });
    return this.retention();
  }

  async retention(): Promise<RetentionPolicyView[]> {
    return (await this.deps.queries.retention()).map((r) => this.retentionView(r));
  }

  /**
   * Purges what retention says is too old, except what legal holds keep: plans the purge from the
   * policies and holds as the log has them, and puts it on the log (so it is archived, replayed
   * and applied by history too) only when it removes something.
   */
  async runRetention(actor: Actor): Promise<PurgeResult> {
    const { state: policy } = await this.current();
    const heads = await this.deps.queries.chainHeads();
    const upTo = { chat: heads.chat.position, activity: heads.activity.position };
    const purgeId = uuidv7();
    const spec = planPurge(purgeId, { policy, rooms: await this.deps.queries.rooms(), tree: this.deps.state.tree, upTo, now: (this.deps.now ?? (() => new Date()))() });
    const none = { purgeId: null, purged: 0, upTo, exempt: { users: spec?.exempt.users.length ?? 0, rooms: spec?.exempt.rooms.length ?? 0 } };
    if (!spec || (await this.deps.countPurgeable(spec)) === 0) return none;
    const stored = await this.append(actor, [{ type: 'RecordsPurged', data: spec }]);
    await this.deps.settled(stored);
    return { purgeId, purged: (await this.deps.queries.purged(purgeId)) ?? 0, upTo, exempt: { users: spec.exempt.users.length, rooms: spec.exempt.rooms.length } };
  }

  private async scope(ref: RetentionScopeRef): Promise<RetentionScope> {
    if (ref.kind === 'global') return ref;
    if (ref.kind === 'category') return { kind: 'category', id: this.deps.resolver.category(ref.ref, 'scope.ref') };
    return { kind: 'room', id: await this.deps.resolver.room(ref.ref, 'scope.ref') };
  }

  private async current() {
    const { events, version } = await this.deps.log.read(REF);
    const state = events.reduce<CompliancePolicy>((s, e) => evolvePolicy(s, e.event as ComplianceEvent), EMPTY_POLICY);
    return { state, version };
  }

  /** Decides and appends; when another officer wrote in between, decides again on the new state. */
  private async execute(actor: Actor, command: PolicyCommand): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const { state, version } = await this.current();
      const decided = decidePolicy(command, state);
      if (decided.length === 0) return;
      try {
        const { events } = await this.deps.log.append(REF, this.drafts(actor, decided), version);
        await this.deps.settled(events.at(-1)!.streamSeq);
        return;
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= 3) throw error;
      }
    }
  }

  private async append(actor: Actor, decided: Decided<ComplianceEvent>[]): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      const { version } = await this.current();
      try {
        const { events } = await this.deps.log.append(REF, this.drafts(actor, decided), version);
        return events.at(-1)!.streamSeq;
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= 3) throw error;
      }
    }
  }

  private drafts(actor: Actor, decided: Decided<ComplianceEvent>[]): EventDraft[] {
    return decided.map((d) => ({ ...d, actor }) as unknown as EventDraft);
  }

  private holdView(h: HoldRow): HoldView {
    const label = h.target_kind === 'user' ? this.deps.resolver.userLabel(h.target_id) : this.deps.resolver.roomLabel(h.target_id);
    return {
      id: h.hold_id,
      caseName: h.case_name,
      target: { kind: h.target_kind, id: h.target_id, label },
      note: h.note,
      placedAt: iso(h.placed_ms),
      placedBy: this.deps.resolver.userLabel(h.placed_by),
      active: h.released_ms === null,
      releasedAt: h.released_ms === null ? null : iso(h.released_ms),
      releasedBy: h.released_by === null ? null : this.deps.resolver.userLabel(h.released_by),
      releaseNote: h.release_note,
    };
  }

  private retentionView(r: RetentionRow): RetentionPolicyView {
    const label = r.scope_kind === 'global' ? 'everything' : r.scope_kind === 'category' ? this.deps.resolver.categoryLabel(r.scope_id) : this.deps.resolver.roomLabel(r.scope_id);
    return { scope: { kind: r.scope_kind, id: r.scope_kind === 'global' ? null : r.scope_id, label }, days: Number(r.days), setAt: iso(r.set_ms), setBy: this.deps.resolver.userLabel(r.set_by) };
  }
}
