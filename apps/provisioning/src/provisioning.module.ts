import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { NatsConnection } from '@nats-io/transport-node';
import type { EventLog } from '@parley/eventlog';
import { AccessGuard, CALLER_VERIFIER, EVENT_LOG, LOGGER, NATS_CONNECTION, ProjectionsAdminClient, ROLE_CHECK, RpcClient, SERVICE_CONFIG, type CallerVerifier } from '@parley/nest-kit';
import type { Logger } from '@parley/telemetry';
import { AuthController } from './api/auth.controller.js';
import { CategoriesController } from './api/categories.controller.js';
import { ConfigController } from './api/config.controller.js';
import { DirectoryController } from './api/directory.controller.js';
import { GroupsController } from './api/groups.controller.js';
import { ProjectionsController } from './api/projections.controller.js';
import { RoomsController } from './api/rooms.controller.js';
import { UsersController } from './api/users.controller.js';
import { ProvisioningRuntime, type ProvisioningConfig } from './provisioning.runtime.js';

/** The provisioning service: users, groups, categories, policies, sign-in and the admin API. */
@Module({
  controllers: [AuthController, UsersController, GroupsController, DirectoryController, CategoriesController, ConfigController, RoomsController, ProjectionsController],
  providers: [
    {
      provide: ProvisioningRuntime,
      inject: [SERVICE_CONFIG, NATS_CONNECTION, EVENT_LOG, LOGGER],
      useFactory: (config: ProvisioningConfig, nc: NatsConnection, log: EventLog, logger: Logger) => ProvisioningRuntime.start(config, nc, log, logger),
    },
    {
      provide: CALLER_VERIFIER,
      inject: [ProvisioningRuntime],
      useFactory: (runtime: ProvisioningRuntime): CallerVerifier => ({
        verify: async (token) => {
          const claims = await runtime.verifier.verify(token);
          return { userId: claims.sub, name: claims.name, roles: claims.roles, sessionId: claims.sid };
        },
      }),
    },
    // Roles are checked against live state here, so a revoked administrator loses access at once.
    { provide: ROLE_CHECK, inject: [ProvisioningRuntime], useFactory: (runtime: ProvisioningRuntime) => runtime.state.authz },
    { provide: APP_GUARD, useClass: AccessGuard },
    // Room commands go to the channel service, which owns room state.
    { provide: RpcClient, inject: [NATS_CONNECTION, EVENT_LOG], useFactory: (nc: NatsConnection, log: EventLog) => new RpcClient(nc, log.subjects, 'channel') },
    // The projections' status and rebuilds, answered by the services that own them.
    { provide: ProjectionsAdminClient, inject: [NATS_CONNECTION, EVENT_LOG], useFactory: (nc: NatsConnection, log: EventLog) => new ProjectionsAdminClient(nc, log.subjects) },
  ],
})
export class ProvisioningModule implements OnApplicationShutdown {
  constructor(@Inject(ProvisioningRuntime) private readonly runtime: ProvisioningRuntime) {}

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.stop();
  }
}
