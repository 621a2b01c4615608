import type { NatsConnection } from '@nats-io/transport-node';
import {
  errorFromBody,
  NotFoundError,
  ProjectionRpc,
  ProjectionStatusReplySchema,
  REBUILDABLE_PROJECTIONS,
  rebuildableProjection,
  RebuildJobSchema,
  UnavailableError,
  type ProjectionRebuildRequest,
  type ProjectionStatusReply,
  type ProjectionView,
  type RebuildJob,
  type Subjects,
} from '@parley/contracts';
import type { RpcReply } from '../rpc/rpc-server.js';

export interface ProjectionsAdminClientOptions {
  /** How long to wait for the first instance's status (default 2 s). */
  firstReplyMs?: number;
  /** Once instances have answered, how long a silence ends the wait for more (default 300 ms). */
  quietMs?: number;
  /** How long to wait for the instance that takes a rebuild request (default 10 s). */
  rebuildTimeoutMs?: number;
}

/**
 * The caller's side of the projection admin requests (provisioning, for the admin API): gathers
 * the status of every instance that keeps a projection, and asks the owner of one to rebuild it.
 */
export class ProjectionsAdminClient {
  constructor(
    private readonly nc: NatsConnection,
    private readonly subjects: Subjects,
    private readonly options: ProjectionsAdminClientOptions = {},
  ) {}

  /** Every rebuildable projection, with the instances of its service that answered and its latest rebuild. */
  async overview(): Promise<ProjectionView[]> {
    const replies = await this.statuses();
    return REBUILDABLE_PROJECTIONS.map(({ name, service }) => {
      const instances = replies
        .filter((reply) => reply.service === service)
        .flatMap((reply) => reply.projections.filter((p) => p.name === name).map(({ name: _name, ...instance }) => instance))
        .sort((a, b) => (a.instanceId < b.instanceId ? -1 : 1));
      const jobs = instances.flatMap((i) => (i.rebuild ? [i.rebuild] : [])).sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1));
      return { name, service, instances, rebuild: jobs.find((job) => job.state === 'running') ?? jobs[0] ?? null };
    });
  }

  /** The answers of the instances that replied to the status request in time (none when nothing keeps a projection). */
  async statuses(): Promise<ProjectionStatusReply[]> {
    const replies: ProjectionStatusReply[] = [];
    try {
      const messages = await this.nc.requestMany(this.subjects.rpc(ProjectionRpc.status), '{}', {
        strategy: 'stall',
        maxWait: this.options.firstReplyMs ?? 2_000,
        stall: this.options.quietMs ?? 300,
      });
      for await (const msg of messages) {
        const reply = msg.json<RpcReply>();
        const status = reply.ok ? ProjectionStatusReplySchema.safeParse(reply.value) : undefined;
        // An instance of another version, answering in another shape, is left out rather than failing the list.
        if (status?.success) replies.push(status.data);
      }
    } catch {
      // No responders: no instance keeps a projection now.
    }
    return replies;
  }

  /**
   * Asks one instance of the owning service to rebuild `name`; answers the job as it starts.
   * NotFoundError for an unknown name (naming the known ones), ConflictError while a rebuild of it
   * runs, UnavailableError when no instance of the service answers.
   */
  async rebuild(name: string, requestedBy: string): Promise<RebuildJob> {
    const owner = rebuildableProjection(name);
    if (!owner) throw new NotFoundError(`no projection "${name}"; the projections are ${REBUILDABLE_PROJECTIONS.map((p) => p.name).join(', ')}`);
    const request: ProjectionRebuildRequest = { requestedBy };
    let reply: RpcReply;
    try {
      const msg = await this.nc.request(this.subjects.rpc(ProjectionRpc.rebuild(owner.name)), JSON.stringify(request), { timeout: this.options.rebuildTimeoutMs ?? 10_000 });
      reply = msg.json<RpcReply>();
    } catch (error) {
      throw new UnavailableError(`no instance of the ${owner.service} service answered, to rebuild ${name} (is it running?): ${(error as Error).message}`, { cause: error });
    }
    if (!reply.ok) throw errorFromBody(reply.error);
    return RebuildJobSchema.parse(reply.value);
  }
}
