import type { NatsConnection } from '@nats-io/transport-node';
import { KeyRing, KvKeyStore, TokenVerifier } from '@parley/auth';
import { instanceSubject, InstanceRegistry } from '@parley/cluster';
import type { ConfigOf } from '@parley/config';
import { NotFoundError, UnavailableError } from '@parley/contracts';
import { DirectoryState } from '@parley/directory-state';
import { followErrorLevel, type EventLog } from '@parley/eventlog';
import type { serviceSettings } from '@parley/nest-kit';
import { createDataSource, databaseConfig, runMigrations, startProjector, type Projector } from '@parley/projections';
import type { Logger } from '@parley/telemetry';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSource } from 'typeorm';
import { RoomDirectory } from './directory/room-directory.js';
import { CreateLookupTables } from './directory/rooms.table.js';
import type { lookupSettings } from './lookup.settings.js';

/** Sessions handed out this recently may not be in the server's reported count yet (heartbeats are 1 s apart). */
const RECENT_MS = 2_000;

export type LookupConfig = ConfigOf<ReturnType<typeof serviceSettings<typeof lookupSettings>>>;

/**
 * What the lookup service runs: who is who, the live channel servers (their heartbeats in NATS KV),
 * and the room directory (a projection, held in memory). It hands new sessions to the least-loaded
 * server, resolves rooms to their owners, and asks servers to drain.
 */
export class LookupRuntime {
  /** When sessions were last handed to each channel server, for the ones its heartbeat does not count yet. */
  private readonly handedOut = new Map<string, number[]>();

  private constructor(
    readonly state: DirectoryState,
    readonly registry: InstanceRegistry,
    readonly directory: RoomDirectory,
    readonly verifier: TokenVerifier,
    private readonly db: DataSource,
    private readonly projector: Projector,
    private readonly nc: NatsConnection,
    private readonly log: EventLog,
  ) {}

  static async start(config: LookupConfig, nc: NatsConnection, log: EventLog, logger: Logger): Promise<LookupRuntime> {
    const state = new DirectoryState(log);
    await state.start((error) => logger[followErrorLevel(error)]({ err: error }, 'following the log failed; retrying'));
    const registry = await InstanceRegistry.open(nc, { namespace: config.namespace, deadAfterMs: config.deadAfterMs, replicas: config.streamReplicas });
    await registry.watch();
    const db = createDataSource({ ...databaseConfig(config.database ?? '', config.dataDir, 'lookup.sqlite'), migrations: [CreateLookupTables] });
    if (db.options.type === 'better-sqlite3') mkdirSync(dirname(String(db.options.database)), { recursive: true });
    await db.initialize();
    await runMigrations(db);
    const directory = new RoomDirectory();
    await directory.load(db);
    const projector = startProjector({ definition: directory.projection(), log, dataSource: db, maxBatch: 1_000, logger: (level, message, fields) => logger[level](fields, message) });
    await projector.ready;
    const ring = await KeyRing.open(await KvKeyStore.open(nc, { namespace: config.namespace, replicas: config.streamReplicas }));
    const verifier = TokenVerifier.local(ring, { issuer: config.tokenIssuer, isRevoked: (claims) => !state.authz.isActive(claims.sub) });
    return new LookupRuntime(state, registry, directory, verifier, db, projector, nc, log);
  }

  async stop(): Promise<void> {
    this.registry.stop();
    await this.projector.stop();
    await this.state.stop();
    await this.db.destroy();
  }

  /**
   * The live, non-draining channel server with the fewest sessions (ties broken at random),
   * other than `exclude` (the one a client just lost) unless it is the only one.
   */
  sessionTarget(exclude?: string): { instanceId: string; url: string } {
    const live = this.registry.live().filter((i) => !i.draining);
    const others = live.filter((i) => i.id !== exclude);
    const candidates = others.length ? others : live;
    if (!candidates.length) throw new UnavailableError('no channel server is available; try again shortly');
    // Heartbeats report sessions once a second: count the ones handed out since, or a burst of
    // reconnecting clients would all go to the server that was least loaded a moment ago.
    const now = Date.now();
    const load = (id: string, sessions: number) => sessions + (this.handedOut.get(id)?.filter((t) => now - t < RECENT_MS).length ?? 0);
    const fewest = Math.min(...candidates.map((i) => load(i.id, i.sessions)));
    const least = candidates.filter((i) => load(i.id, i.sessions) === fewest);
    const pick = least[Math.floor(Math.random() * least.length)]!;
    const recent = (this.handedOut.get(pick.id) ?? []).filter((t) => now - t < RECENT_MS);
    this.handedOut.set(pick.id, [...recent, now]);
    return { instanceId: pick.id, url: pick.url };
  }

  owner(roomId: string): { instanceId: string; url: string } | null {
    const id = this.registry.ownerOf(roomId);
    const info = id ? this.registry.get(id) : undefined;
    return info ? { instanceId: info.id, url: info.url } : null;
  }

  /** Asks one channel server to drain: stop taking sessions, hand its rooms over, send its clients elsewhere. */
  async drain(instanceId: string): Promise<void> {
    if (!this.registry.get(instanceId)) throw new NotFoundError(`id: no live channel server ${instanceId}`);
    try {
      await this.nc.request(instanceSubject(this.log.subjects, instanceId, 'drain'), '{}', { timeout: 5_000 });
    } catch (error) {
      throw new UnavailableError(`channel server ${instanceId} did not answer the drain request (${(error as Error).message})`, { cause: error });
    }
  }
}
