import type { NatsConnection } from '@nats-io/transport-node';
import { KeyRing, KvKeyStore, TokenVerifier } from '@parley/auth';
import { InstanceRegistry } from '@parley/cluster';
import type { ConfigOf } from '@parley/config';
import type { WireEvent } from '@parley/contracts';
import { DirectoryState } from '@parley/directory-state';
import { followErrorLevel, type EventLog } from '@parley/eventlog';
import { ProjectionAdmin, startupStage, type serviceSettings } from '@parley/nest-kit';
import { databaseConfig, type DataSourceConfig } from '@parley/projections';
import type { Logger } from '@parley/telemetry';
import type { Server } from 'node:http';
import type { channelSettings } from './channel.settings.js';
import { Membership } from './cluster/membership.js';
import { RoomRouter } from './cluster/room-router.js';
import { EngagementService } from './engagement/engagement.service.js';
import { HistoryStore } from './history/history-store.js';
import { HistoryService } from './history/history.service.js';
import { scrubRedacted } from './live/live-room.js';
import { MessagingService, type RoomMessaging } from './live/messaging.service.js';
import { RoomHub } from './live/room-hub.js';
import { RoomRegistry } from './live/room-registry.js';
import { toWire } from './live/wire.js';
import { RoomAdminService, type RoomCommandRequest } from './rooms/room-admin.service.js';
import { RoomContentService, type RoomContentRequest } from './rooms/room-content.service.js';
import { RoomFilesService, type PostFileRequest } from './rooms/room-files.service.js';
import { WsGateway } from './session/ws-gateway.js';
import { observeChannel } from './telemetry/channel-telemetry.js';

export type ChannelConfig = ConfigOf<ReturnType<typeof serviceSettings<typeof channelSettings>>>;

/**
 * The history database setting; SQLite waits at most 100 ms for a lock, since better-sqlite3 waits
 * synchronously, holding up live chat on this server (the projector retries with back-off).
 */
export function historyDatabase(config: ChannelConfig): DataSourceConfig {
  const database = databaseConfig(config.database ?? '', config.dataDir, 'history.sqlite');
  return database.dialect === 'sqlite' ? { ...database, busyTimeoutMs: 100 } : database;
}

/**
 * What the channel service runs: who is who (followed from the log), the rooms in memory, the
 * fan-out hub, messaging and room administration, the WebSocket gateway for live sessions, and
 * history and search (a projection in its own database, which live chat never waits for).
 * Channel servers find each other in the instance registry; each room write goes to the room's
 * owner (RoomRouter), and the log's expected-sequence check keeps a room linear whatever happens.
 */
export class ChannelRuntime {
  private gateway: WsGateway | undefined;
  private membership: Membership | undefined;
  private drained: Promise<void> | undefined;
  private unobserve: (() => void) | undefined;
  /** Files in rooms, for the files service (initialised after the constructor's parameters). */
  readonly roomFiles = new RoomFilesService(this.state, this.registry, this.hub, this.log);
  /** Room writes as sessions and other services make them: run by the room's owner, wherever that is. */
  readonly writes = {
    message: ((actorId, roomId, command) => this.router.run('message', roomId, { actorId, command })) satisfies RoomMessaging['execute'],
    admin: (request: RoomCommandRequest) => this.router.run<Awaited<ReturnType<RoomAdminService['execute']>>>('rooms.command', request.roomId, request),
    content: (request: RoomContentRequest) => this.router.run<Awaited<ReturnType<RoomContentService['execute']>>>('rooms.content', request.roomId, request),
    file: (request: PostFileRequest) => this.router.run<Awaited<ReturnType<RoomFilesService['post']>>>('rooms.file', request.roomId, request),
  };

  private constructor(
    readonly config: ChannelConfig,
    readonly state: DirectoryState,
    readonly registry: RoomRegistry,
    readonly hub: RoomHub,
    readonly messaging: MessagingService,
    readonly roomAdmin: RoomAdminService,
    readonly roomContent: RoomContentService,
    readonly historyStore: HistoryStore,
    readonly history: HistoryService,
    readonly verifier: TokenVerifier,
    readonly instances: InstanceRegistry,
    readonly router: RoomRouter,
    readonly engagement: EngagementService,
    private readonly projectionAdmin: ProjectionAdmin,
    private readonly nc: NatsConnection,
    private readonly log: EventLog,
    private readonly logger: Logger,
  ) {
    router.handle('message', (roomId, payload) => {
      const { actorId, command } = payload as { actorId: string; command: Parameters<MessagingService['execute']>[2] };
      return messaging.execute(actorId, roomId, command);
    });
    router.handle('rooms.command', (_roomId, payload) => roomAdmin.execute(payload as RoomCommandRequest));
    router.handle('rooms.content', (_roomId, payload) => roomContent.execute(payload as RoomContentRequest));
    router.handle('rooms.file', (_roomId, payload) => this.roomFiles.post(payload as PostFileRequest));
    router.start();
  }

  static async start(config: ChannelConfig, nc: NatsConnection, log: EventLog, logger: Logger): Promise<ChannelRuntime> {
    const onError = (error: unknown) => logger[followErrorLevel(error)]({ err: error }, 'following the log failed; retrying');
    startupStage('following the directory (users, groups, categories)');
    const state = new DirectoryState(log);
    await state.start(onError);
    const registry = new RoomRegistry(log, () => state.view.settings.backchatSize, (categoryId) => state.tree.categories.get(categoryId)?.settings.chatHistory ?? true, (id) => state.view.nameOf(id));
    const hub = new RoomHub(log, nc, registry, state, () => state.view.settings.participantUpdateLimit, onError);
    startupStage('starting the room hub');
    await hub.start();
    startupStage('opening the signing key ring');
    const ring = await KeyRing.open(await KvKeyStore.open(nc, { namespace: config.namespace, replicas: config.streamReplicas }));
    const verifier = TokenVerifier.local(ring, { issuer: config.tokenIssuer, isRevoked: (claims) => !state.authz.isActive(claims.sub) });
    const messaging = new MessagingService(log, registry, hub, state);
    const roomAdmin = new RoomAdminService(state, registry, hub, log);
    const roomContent = new RoomContentService(state, registry, hub, log);
    const historyStore = new HistoryStore({ database: historyDatabase(config), log, state, logger: (level, message, fields) => logger[level](fields, message) });
    const history = new HistoryService(historyStore, state, log, logger);
    startupStage('reading the instance registry');
    const instances = await InstanceRegistry.open(nc, { namespace: config.namespace, deadAfterMs: config.deadAfterMs, replicas: config.streamReplicas });
    await instances.watch();
    const router = new RoomRouter(nc, log.subjects, instances, config.instanceId, logger);
    const engagement = new EngagementService(state, registry, log);
    startupStage('folding engagement (invitations, read positions, feeds)');
    await engagement.start(onError);
    startupStage('answering projection status and rebuild requests');
    const projectionAdmin = await ProjectionAdmin.start({ nc, log, service: 'channel', instanceId: config.instanceId, replicas: config.streamReplicas, logger, projections: [historyStore.hosted] });
    return new ChannelRuntime(config, state, registry, hub, messaging, roomAdmin, roomContent, historyStore, history, verifier, instances, router, engagement, projectionAdmin, nc, log, logger);
  }

  /** Starts accepting live sessions on the service's HTTP server. */
  listen(server: Server): void {
    const gateway = new WsGateway(server, {
      state: this.state,
      registry: this.registry,
      hub: this.hub,
      messaging: { execute: this.writes.message },
      log: this.log,
      engagement: { markRead: (userId, roomId, seq) => this.engagement.execute(userId, { type: 'MarkRead', roomId, seq }) },
      limits: {
        postsPerSecond: this.config.postsPerSecond,
        postBurst: this.config.postBurst,
        heartbeatMs: this.config.heartbeatMs,
        sendBufferBytes: this.config.sendBufferKb * 1024,
      },
      authenticate: async (token) => {
        const claims = await this.verifier.verify(token);
        return { id: claims.sub, name: claims.name };
      },
      history: (roomId, after, upTo) => this.missedEvents(roomId, after, upTo),
      participantLimit: () => this.state.view.settings.participantUpdateLimit,
      logError: (error) => this.logger.error({ err: error }, 'session request failed'),
    });
    gateway.start();
    this.engagement.notifyWith((userId, frame) => gateway.push(userId, frame));
    this.unobserve = observeChannel({ sessions: () => gateway.sessionCount, consumers: () => this.hub.consumers });
    // Accounts disabled or removed lose their live sessions at once.
    this.state.onChange(() => {
      for (const userId of [...gateway.userIds]) if (!this.state.authz.isActive(userId)) gateway.endUser(userId, 'account disabled');
    });
    this.gateway = gateway;
    const announce = () => {
      this.membership = new Membership(
        this.instances,
        this.nc,
        this.log.subjects,
        {
          id: this.config.instanceId,
          url: this.config.advertiseUrl ?? localUrl(server, this.config.httpHost),
          heartbeatMs: this.config.instanceHeartbeatMs,
          load: () => ({ sessions: gateway.sessionCount, rooms: this.registry.size }),
          // Stop as on SIGTERM: the shutdown hooks drain first (ChannelModule).
          onDrainRequest: () => process.kill(process.pid, 'SIGTERM'),
        },
        this.logger,
      );
      this.membership.start();
    };
    if (server.listening) announce();
    else server.once('listening', announce);
  }

  /**
   * Leaves gracefully: marked draining in the registry (no new sessions; its rooms move to the
   * other servers), every session told to reconnect elsewhere and closed, then withdrawn.
   */
  drain(reason = 'this server is stopping'): Promise<void> {
    return (this.drained ??= (async () => {
      const others = this.instances.live().filter((i) => i.id !== this.config.instanceId && !i.draining).length;
      this.logger.info({ sessions: this.gateway?.sessionCount ?? 0, others }, 'draining');
      await this.membership?.drain();
      // Give the others a moment to see the change, so clients that reconnect at once are sent there.
      if (others > 0) await new Promise((resolve) => setTimeout(resolve, 200));
      await this.gateway?.drain(reason, 5_000);
      await this.membership?.stop();
      this.membership = undefined;
    })());
  }

  async stop(): Promise<void> {
    await this.drain();
    this.unobserve?.();
    this.router.stop();
    this.instances.stop();
    await this.gateway?.stop();
    await this.hub.stop();
    await this.engagement.stop();
    // A rebuild running here is abandoned before its database closes.
    await this.projectionAdmin.stop();
    await this.historyStore.stop();
    await this.state.stop();
  }

  private async missedEvents(roomId: string, after: number, upTo: number): Promise<WireEvent[]> {
    const { events } = await this.log.read({ kind: 'room', id: roomId }, { fromSeq: after + 1 });
    return scrubRedacted(events.filter((s) => s.event.seq <= upTo).map((s) => toWire(s.event, (id) => this.state.view.nameOf(id))));
  }
}

/** The address of the HTTP server as a client on this machine reaches it. */
function localUrl(server: Server, host: string): string {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`;
}
