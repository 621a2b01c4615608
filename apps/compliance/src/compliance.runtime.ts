import { join } from 'node:path';
import type { NatsConnection } from '@nats-io/transport-node';
import { KeyRing, KvKeyStore, TokenVerifier } from '@parley/auth';
import type { ConfigOf } from '@parley/config';
import type { AnyEnvelope } from '@parley/contracts';
import { DirectoryState } from '@parley/directory-state';
import { EventLog } from '@parley/eventlog';
import type { serviceSettings } from '@parley/nest-kit';
import { createDataSource, databaseConfig, startProjector, type DataSourceConfig, type Projector, type ProjectionLogger } from '@parley/projections';
import type { Logger } from '@parley/telemetry';
import type { DataSource } from 'typeorm';
import { ArchiveRegistry } from './archive/archive-registry.js';
import { activityArchive, chatArchive } from './archive/archive.projection.js';
import { ArchiveQueries } from './archive/archive.queries.js';
import { catchUp } from './archive/catch-up.js';
import { purgeable, type PurgeSpec } from './archive/purge.js';
import { dialectOfDb } from './archive/sql.js';
import type { complianceSettings } from './compliance.settings.js';
import { attachmentStore } from './export/attachments.js';
import { ExportContext } from './export/export-context.js';
import { RecordSource } from './export/record-source.js';
import { ScheduledExporter } from './export/scheduled-export.js';
import { openArchive } from './integrity/replay.js';
import { PolicyService } from './policy/policy.service.js';
import { Resolver } from './policy/resolve.js';
import { Schedule } from './schedule.js';

export type ComplianceConfig = ConfigOf<ReturnType<typeof serviceSettings<typeof complianceSettings>>>;

/** The archive database setting; SQLite by default, beside the service's other data. */
export function archiveDatabase(config: Pick<ComplianceConfig, 'database' | 'dataDir'>): DataSourceConfig {
  return databaseConfig(config.database ?? '', config.dataDir, 'compliance.sqlite');
}

/**
 * Everything the compliance service runs: who is who (followed from the log), the archive (one
 * projection per log into its own database), legal holds and retention, scheduled and ad hoc
 * exports, and replay and verify.
 */
export class ComplianceRuntime {
  private constructor(
    readonly config: ComplianceConfig,
    readonly state: DirectoryState,
    readonly verifier: TokenVerifier,
    /** Written by the projectors and export bookkeeping only. */
    readonly db: DataSource,
    /** Reads: a second connection on SQLite, so reads never wait behind the projectors' writes. */
    readonly readDb: DataSource,
    readonly archiveLog: EventLog<AnyEnvelope>,
    /** Started once the archive has caught up with the log in bulk. */
    readonly projectors: Promise<{ chat: Projector; activity: Projector }>,
    readonly queries: ArchiveQueries,
    readonly resolver: Resolver,
    readonly policy: PolicyService,
    readonly exporter: ScheduledExporter,
    private readonly schedule: Schedule,
    private readonly running: AbortController,
  ) {}

  static async start(config: ComplianceConfig, nc: NatsConnection, log: EventLog, logger: Logger): Promise<ComplianceRuntime> {
    const state = new DirectoryState(log);
    await state.start((error) => logger.error({ err: error }, 'following the directory failed; retrying'));
    const ring = await KeyRing.open(await KvKeyStore.open(nc, { namespace: config.namespace }));
    const verifier = TokenVerifier.local(ring, { issuer: config.tokenIssuer, isRevoked: (claims) => !state.authz.isActive(claims.sub) });

    const database = archiveDatabase(config);
    const db = await openArchive(database);
    // SQLite reads on a connection of their own; the archive's writer checkpoints the WAL for both.
    const readDb = database.dialect === 'sqlite' ? await createDataSource({ ...database, checkpointIntervalMs: 0 }).initialize() : db;
    const archiveLog = await EventLog.open<AnyEnvelope>(nc, { namespace: config.namespace, replicas: config.streamReplicas, registry: new ArchiveRegistry() });
    const projectionLogger: ProjectionLogger = (level, message, fields) => logger[level](fields, message);
    const project = (definition: typeof chatArchive) =>
      startProjector({ definition, log: archiveLog as unknown as EventLog, dataSource: db, maxBatch: 2_000, logger: projectionLogger, retry: { minMs: 50, maxMs: 5_000 } });
    const started = performance.now();
    const heads = { chat: await archiveLog.head('chat'), activity: await archiveLog.head('activity') };
    const running = new AbortController();
    const projectors = (async () => {
      // A long backlog (a first start, an upgrade) is applied in large transactions first; the
      // projectors then follow the log from there. The activity log first: see replay.
      for (const definition of [activityArchive, chatArchive]) {
        if (running.signal.aborted) break;
        await catchUp(definition, archiveLog, db, running.signal).catch((error: unknown) => {
          if (!running.signal.aborted) logger.warn({ err: error, projection: definition.name }, 'catching up in bulk failed; the projector goes on from its checkpoint');
        });
      }
      const following = { chat: project(chatArchive), activity: project(activityArchive) };
      await Promise.all([following.chat.ready, following.activity.ready]);
      return following;
    })();
    void projectors.then((p) => reportCaughtUp(p, heads, started, running.signal, logger));

    const queries = new ArchiveQueries(readDb);
    const resolver = new Resolver(state, async () => new Set((await queries.rooms()).keys()));
    const policy = new PolicyService({
      log,
      state,
      resolver,
      queries,
      settled: async (streamSeq) => {
        const { chat } = await projectors;
        await until(() => chat.position >= streamSeq);
      },
      countPurgeable: (spec) => countPurgeable(readDb, spec),
    });
    const exporter = new ScheduledExporter({
      db,
      source: new RecordSource(readDb),
      context: async () => new ExportContext(state, await queries.rooms(), { roomDetails: config.roomDetails, userDetails: config.userDetails }),
      positions: async () => {
        const heads = await queries.chainHeads();
        return { chat: heads.chat.position, activity: heads.activity.position };
      },
      dir: config.exportDir || join(config.dataDir, 'compliance-export'),
      formats: config.exportFormats,
      perRoom: config.oneRoomPerFile,
      attachments: attachmentStore(config.fileStore, config.dataDir),
    });
    const schedule = new Schedule(logger);
    const runtime = new ComplianceRuntime(config, state, verifier, db, readDb, archiveLog, projectors, queries, resolver, policy, exporter, schedule, running);
    if (config.exportIntervalMin > 0) {
      await exporter.recover();
      schedule.every(config.exportIntervalMin * 60_000, 'scheduled export', () => exporter.run());
    }
    if (config.retentionIntervalH > 0) schedule.every(config.retentionIntervalH * 3_600_000, 'retention run', () => policy.runRetention({ kind: 'service', id: 'compliance' }));
    return runtime;
  }

  /** A fresh record source and export context, for one ad hoc export. */
  async exportContext(): Promise<{ source: RecordSource; context: ExportContext }> {
    const context = new ExportContext(this.state, await this.queries.rooms(), { roomDetails: this.config.roomDetails, userDetails: this.config.userDetails });
    return { source: new RecordSource(this.readDb), context };
  }

  async stop(): Promise<void> {
    this.running.abort();
    await this.schedule.stop();
    const projectors = await this.projectors;
    await Promise.all([projectors.chat.stop(), projectors.activity.stop()]);
    await this.archiveLog.close();
    await this.state.stop();
    if (this.readDb !== this.db) await this.readDb.destroy();
    await this.db.destroy();
  }
}

async function countPurgeable(db: DataSource, spec: PurgeSpec): Promise<number> {
  let n = 0;
  for await (const { streamSeqs } of purgeable(db.manager, { dialect: dialectOfDb(db), table: (name) => name }, spec)) n += streamSeqs.length;
  return n;
}

/** Says once when the archive holds both logs up to where they stood at start-up, and how long catching up took. */
async function reportCaughtUp(projectors: { chat: Projector; activity: Projector }, heads: { chat: number; activity: number }, started: number, stopped: AbortSignal, logger: Logger): Promise<void> {
  const live = () => projectors.chat.position >= heads.chat && projectors.activity.position >= heads.activity;
  while (!live()) {
    if (stopped.aborted) return;
    await new Promise((resolve) => setTimeout(resolve, 100).unref());
  }
  const seconds = Number(((performance.now() - started) / 1000).toFixed(2));
  logger.info({ chat: projectors.chat.position, activity: projectors.activity.position, seconds }, 'compliance archive caught up with the log');
}

/** Waits (a few seconds at most) until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}
