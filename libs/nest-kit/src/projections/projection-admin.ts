import { randomUUID } from 'node:crypto';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { Leases, type Lease } from '@parley/cluster';
import {
  ConflictError,
  ErrorCode,
  isParleyError,
  parseOrThrow,
  ProjectionRebuildRequestSchema,
  ProjectionRpc,
  ProjectionStatusRequestSchema,
  rebuildableProjection,
  UnavailableError,
  type ProjectionStatusReply,
  type RebuildJob,
} from '@parley/contracts';
import type { EventLog } from '@parley/eventlog';
import type { Logger } from '@parley/telemetry';
import type { z } from 'zod';
import type { RpcReply } from '../rpc/rpc-server.js';
import type { HostedProjection } from './hosted-projection.js';
import { RebuildRun } from './rebuild-run.js';

export interface ProjectionAdminOptions {
  nc: NatsConnection;
  log: EventLog;
  /** The service this process is: it must own every projection in `projections` (REBUILDABLE_PROJECTIONS). */
  service: string;
  instanceId: string;
  projections: readonly HostedProjection[];
  logger: Logger;
  /** JetStream replicas of the lease bucket (PARLEY_STREAM_REPLICAS); set only when it is created. */
  replicas?: number;
  /** How long the lease of a rebuild whose instance died holds the projection (default 20 s). */
  leaseTtlMs?: number;
}

/** The queue group rebuild requests are shared in: one instance of the owning service takes each. */
const REBUILD_QUEUE = 'parley-projections';

/** The KV bucket of rebuild leases, one key per projection. */
export function openRebuildLeases(nc: NatsConnection, options: { namespace: string; replicas?: number; ttlMs?: number }): Promise<Leases> {
  return Leases.open(nc, { namespace: options.namespace, bucket: 'projection_rebuilds', ttlMs: options.ttlMs, replicas: options.replicas });
}

/**
 * Takes the cluster-wide lease on rebuilding `projection`, or throws a ConflictError naming who
 * holds it: two rebuilds of one projection would share its `__next` tables.
 */
export async function takeRebuildLease(leases: Leases, projection: string, holder: { holder: string; job: string }, onLost: (by: string) => void): Promise<Lease> {
  const acquired = await leases.acquire(projection, holder, (by) => onLost(by.holder));
  if ('heldBy' in acquired) {
    throw new ConflictError(`projection ${projection} is being rebuilt already, by ${acquired.heldBy.holder} since ${acquired.heldBy.since}: wait for it to finish`);
  }
  return acquired.lease;
}

/**
 * Answers, over NATS, for the projections this instance keeps: every instance replies to the
 * status request (projector position, lag, rebuild progress), and one instance of the owning
 * service takes each rebuild request, running it in the background under a cluster-wide lease
 * while the service goes on serving from the old tables. See docs/adr/0013-projection-rebuilds-over-nats.md.
 */
export class ProjectionAdmin {
  private readonly subscriptions: Subscription[] = [];
  private readonly hosted: ReadonlyMap<string, HostedProjection>;
  /** The running or latest rebuild of each projection here. */
  private readonly runs = new Map<string, RebuildRun>();
  /** Rebuilds not yet ended with their leases released. */
  private readonly pending = new Set<Promise<void>>();
  private stopped = false;

  private constructor(
    private readonly options: ProjectionAdminOptions,
    private readonly leases: Leases,
  ) {
    this.hosted = new Map(options.projections.map((p) => [p.definition.name, p]));
  }

  static async start(options: ProjectionAdminOptions): Promise<ProjectionAdmin> {
    for (const { definition } of options.projections) {
      const owner = rebuildableProjection(definition.name);
      if (owner?.service !== options.service) throw new Error(`projection ${definition.name} is not one the ${options.service} service owns (REBUILDABLE_PROJECTIONS)`);
    }
    const leases = await openRebuildLeases(options.nc, { namespace: options.log.subjects.namespace, replicas: options.replicas, ttlMs: options.leaseTtlMs });
    const admin = new ProjectionAdmin(options, leases);
    admin.listen();
    return admin;
  }

  /** Each projection's projector and rebuild here, as the status request is answered. */
  async status(): Promise<ProjectionStatusReply> {
    const { service, instanceId } = this.options;
    const projections = await Promise.all(
      [...this.hosted.values()].map(async (hosted) => {
        const { name } = hosted.definition;
        const projector = hosted.projector();
        const lag = projector ? await projector.lag().catch(() => null) : null;
        return { name, instanceId, state: projector?.state ?? 'starting', position: projector?.position ?? 0, lag, rebuild: this.runs.get(name)?.view() ?? null } as const;
      }),
    );
    return { service, instanceId, projections };
  }

  /** Starts rebuilding `name` here, in the background; answers the job as it starts. */
  async rebuild(name: string, requestedBy: string): Promise<RebuildJob> {
    const { instanceId, log, logger } = this.options;
    const hosted = this.hosted.get(name);
    if (!hosted) throw new UnavailableError(`projection ${name} is not kept by ${instanceId}`);
    if (this.stopped) throw new UnavailableError(`${instanceId} is stopping`);
    if (!hosted.projector()) throw new UnavailableError(`projection ${name} has not started on ${instanceId} yet: its database has not answered`);
    const job = randomUUID();
    let run: RebuildRun | undefined;
    const lease = await takeRebuildLease(this.leases, name, { holder: instanceId, job }, (by) => void run?.cancel(`lost its lease to ${by}`));
    try {
      run = new RebuildRun(job, hosted, log, instanceId, await log.head(hosted.definition.source ?? 'chat'), logger);
    } catch (error) {
      await lease.release();
      throw error;
    }
    this.runs.set(name, run);
    logger.info({ projection: name, job, requestedBy }, `rebuilding projection ${name}`);
    const ended = run.ended.then(() => lease.release());
    this.pending.add(ended);
    void ended.finally(() => this.pending.delete(ended));
    return run.view();
  }

  /** Stops answering, abandons the rebuilds running here (the live tables stay) and frees their leases. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const subscription of this.subscriptions.splice(0)) subscription.unsubscribe();
    for (const run of this.runs.values()) if (run.running) void run.cancel(`${this.options.instanceId} is stopping`);
    await Promise.all(this.pending);
  }

  private listen(): void {
    const { nc, log } = this.options;
    const subjects = log.subjects;
    if (this.hosted.size === 0) return;
    this.subscriptions.push(
      nc.subscribe(subjects.rpc(ProjectionRpc.status), { callback: (error, msg) => void (error ? undefined : this.answer(msg, ProjectionStatusRequestSchema, () => this.status())) }),
    );
    for (const name of this.hosted.keys()) {
      const owned = rebuildableProjection(name)!;
      this.subscriptions.push(
        nc.subscribe(subjects.rpc(ProjectionRpc.rebuild(owned.name)), {
          queue: REBUILD_QUEUE,
          callback: (error, msg) => void (error ? undefined : this.answer(msg, ProjectionRebuildRequestSchema, (request) => this.rebuild(name, request.requestedBy))),
        }),
      );
    }
  }

  private async answer<S extends z.ZodType>(msg: Msg, schema: S, work: (request: z.output<S>) => Promise<unknown>): Promise<void> {
    let reply: RpcReply;
    try {
      const request = parseOrThrow(schema, jsonOf(msg), 'invalid projection admin request');
      reply = { ok: true, value: await work(request) };
    } catch (error) {
      if (isParleyError(error)) reply = { ok: false, error: error.toBody() };
      else {
        this.options.logger.error({ err: error, subject: msg.subject }, 'projection admin request failed');
        reply = { ok: false, error: { code: ErrorCode.Internal, message: 'internal error' } };
      }
    }
    msg.respond(JSON.stringify(reply));
  }
}

function jsonOf(msg: Msg): unknown {
  try {
    return msg.json();
  } catch {
    return undefined;
  }
}
