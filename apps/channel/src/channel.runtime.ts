import type { NatsConnection } from '@nats-io/transport-node';
import { KeyRing, KvKeyStore, TokenVerifier } from '@parley/auth';
import type { ConfigOf } from '@parley/config';
import type { WireEvent } from '@parley/contracts';
import { DirectoryState } from '@parley/directory-state';
import type { EventLog } from '@parley/eventlog';
import type { serviceSettings } from '@parley/nest-kit';
import type { Logger } from '@parley/telemetry';
import type { Server } from 'node:http';
import type { channelSettings } from './channel.settings.js';
import { scrubRedacted } from './live/live-room.js';
import { MessagingService } from './live/messaging.service.js';
import { RoomHub } from './live/room-hub.js';
import { RoomRegistry } from './live/room-registry.js';
import { toWire } from './live/wire.js';
import { RoomAdminService } from './rooms/room-admin.service.js';
import { RoomContentService } from './rooms/room-content.service.js';
import { WsGateway } from './session/ws-gateway.js';

export type ChannelConfig = ConfigOf<ReturnType<typeof serviceSettings<typeof channelSettings>>>;

/**
 * What the channel service runs: who is who (followed from the log), the rooms in memory, the
 * fan-out hub, messaging and room administration, and the WebSocket gateway for live sessions.
 * Until the lookup service assigns rooms to instances, every instance may write every room: the
 * log's expected-sequence check keeps them from forking one.
 */
export class ChannelRuntime {
  private gateway: WsGateway | undefined;

  private constructor(
    readonly config: ChannelConfig,
    readonly state: DirectoryState,
    readonly registry: RoomRegistry,
    readonly hub: RoomHub,
    readonly messaging: MessagingService,
    readonly roomAdmin: RoomAdminService,
    readonly roomContent: RoomContentService,
    private readonly verifier: TokenVerifier,
    private readonly log: EventLog,
    private readonly logger: Logger,
  ) {}

  static async start(config: ChannelConfig, nc: NatsConnection, log: EventLog, logger: Logger): Promise<ChannelRuntime> {
    const onError = (error: unknown) => logger.error({ err: error }, 'following the log failed; retrying');
    const state = new DirectoryState(log);
    await state.start(onError);
    const registry = new RoomRegistry(log, () => state.view.settings.backchatSize);
    const hub = new RoomHub(log, nc, registry, state, () => state.view.settings.participantUpdateLimit, onError);
    await hub.start();
    const ring = await KeyRing.open(await KvKeyStore.open(nc, { namespace: config.namespace }));
    const verifier = TokenVerifier.local(ring, { issuer: config.tokenIssuer, isRevoked: (claims) => !state.authz.isActive(claims.sub) });
    const messaging = new MessagingService(log, registry, hub, state);
    const roomAdmin = new RoomAdminService(state, registry, hub, log);
    const roomContent = new RoomContentService(state, registry, hub, log);
    return new ChannelRuntime(config, state, registry, hub, messaging, roomAdmin, roomContent, verifier, log, logger);
  }

  /** Starts accepting live sessions on the service's HTTP server. */
  listen(server: Server): void {
    const gateway = new WsGateway(server, {
      state: this.state,
      registry: this.registry,
      hub: this.hub,
      messaging: this.messaging,
      log: this.log,
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
      history: (roomId, after, upTo) => this.history(roomId, after, upTo),
      participantLimit: () => this.state.view.settings.participantUpdateLimit,
      logError: (error) => this.logger.error({ err: error }, 'session request failed'),
    });
    gateway.start();
    // Accounts disabled or removed lose their live sessions at once.
    this.state.onChange(() => {
      for (const userId of [...gateway.userIds]) if (!this.state.authz.isActive(userId)) gateway.endUser(userId, 'account disabled');
    });
    this.gateway = gateway;
  }

  async stop(): Promise<void> {
    await this.gateway?.stop();
    await this.hub.stop();
    await this.state.stop();
  }

  private async history(roomId: string, after: number, upTo: number): Promise<WireEvent[]> {
    const { events } = await this.log.read({ kind: 'room', id: roomId }, { fromSeq: after + 1 });
    return scrubRedacted(events.filter((s) => s.event.seq <= upTo).map((s) => toWire(s.event)));
  }
}
