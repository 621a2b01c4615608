import { z } from 'zod';

// Projection administration: the status of each SQL projection and its rebuilds. Provisioning
// answers the HTTP side; the services that own the projections answer it over NATS
// (docs/adr/0013-projection-rebuilds-over-nats.md).

/**
 * The projections an administrator can rebuild from the log while the service runs, and the
 * service that owns each. (The lookup service's room directory and the compliance archive are not
 * here: the first updates memory as it applies events, the second has its own `replay`.)
 */
export const REBUILDABLE_PROJECTIONS = [
  { name: 'history', service: 'channel' },
  { name: 'files', service: 'files' },
  { name: 'provisioning', service: 'provisioning' },
] as const;
export type RebuildableProjection = (typeof REBUILDABLE_PROJECTIONS)[number];

/** The owner of a projection by name, or undefined if no rebuildable projection has that name. */
export function rebuildableProjection(name: string): RebuildableProjection | undefined {
  return REBUILDABLE_PROJECTIONS.find((p) => p.name === name);
}

/**
 * The request-reply endpoints (under `Subjects.rpc`) that every instance of an owning service answers:
 * `status` is a scatter request every instance replies to; `rebuild(name)` is taken by one
 * instance of the owner (a queue group).
 */
export const ProjectionRpc = {
  status: 'projections.status',
  rebuild: (name: RebuildableProjection['name']) => `projections.rebuild.${name}`,
} as const;

export const ProjectionNameParamSchema = z.strictObject({ name: z.string().min(1).max(80) });

/** A rebuild: new tables filled from sequence 0 while the old ones serve, then switched in. */
export const RebuildJobSchema = z.object({
  id: z.string(),
  projection: z.string(),
  /** The instance that runs it (its PARLEY_INSTANCE_ID). */
  instanceId: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** The stream sequence up to which the new tables hold the log (the log's length once done). */
  applied: z.number().int().min(0),
  /** The log head the build is catching up with; it moves on while events keep coming. */
  target: z.number().int().min(0),
  /** Seconds since it started (until it ended, once it has). */
  seconds: z.number().min(0),
  /** `applied` over `seconds`: the events per second of the build. */
  eventsPerS: z.number().int().min(0),
  /** Why it failed (null unless failed). */
  error: z.string().nullable(),
});
export type RebuildJob = z.infer<typeof RebuildJobSchema>;

export const ProjectionLagSchema = z.object({
  /** Events in the log past the projector's position. */
  events: z.number().int().min(0),
  /** Age in seconds of the oldest of them. */
  seconds: z.number().min(0),
});

/** One instance's projector of one projection, and its latest rebuild. */
export const ProjectionInstanceSchema = z.object({
  instanceId: z.string(),
  /** `starting` until the projector has reached its database; then the projector's own state. */
  state: z.enum(['starting', 'catching-up', 'live', 'waiting-for-database']),
  /** The stream sequence up to which this instance's projector has applied the log. */
  position: z.number().int().min(0),
  /** Null when the log could not be asked for its head. */
  lag: ProjectionLagSchema.nullable(),
  /** The rebuild running on this instance, or the last one it ran since it started (null: none). */
  rebuild: RebuildJobSchema.nullable(),
});
export type ProjectionInstance = z.infer<typeof ProjectionInstanceSchema>;

/** A projection as GET /v1/admin/projections shows it. */
export const ProjectionViewSchema = z.object({
  name: z.string(),
  /** The service that owns it. */
  service: z.string(),
  /** Every instance of that service that answered (none: the service is not running, or not reachable). */
  instances: z.array(ProjectionInstanceSchema),
  /** The rebuild running on one of them, else the latest one they remember (null: none). */
  rebuild: RebuildJobSchema.nullable(),
});
export type ProjectionView = z.infer<typeof ProjectionViewSchema>;

// ── over NATS ───────────────────────────────────────────────────────────────────────────────

export const ProjectionStatusRequestSchema = z.strictObject({});

/** One instance's answer to the status scatter request. */
export const ProjectionStatusReplySchema = z.strictObject({
  service: z.string(),
  instanceId: z.string(),
  projections: z.array(ProjectionInstanceSchema.extend({ name: z.string() })),
});
export type ProjectionStatusReply = z.infer<typeof ProjectionStatusReplySchema>;

export const ProjectionRebuildRequestSchema = z.strictObject({
  /** Who asked (a user id), for the owning service's log. */
  requestedBy: z.string().max(128),
});
export type ProjectionRebuildRequest = z.infer<typeof ProjectionRebuildRequestSchema>;
