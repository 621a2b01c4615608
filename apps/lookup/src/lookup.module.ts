import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { NatsConnection } from '@nats-io/transport-node';
import type { EventLog } from '@parley/eventlog';
import { AccessGuard, CALLER_VERIFIER, EVENT_LOG, LOGGER, NATS_CONNECTION, ROLE_CHECK, SERVICE_CONFIG, type CallerVerifier } from '@parley/nest-kit';
import type { Logger } from '@parley/telemetry';
import { LookupController } from './api/lookup.controller.js';
import { LookupRuntime, type LookupConfig } from './lookup.runtime.js';

/** The lookup service: room directory and routing; hands sessions to channel servers and balances them. */
@Module({
  controllers: [LookupController],
  providers: [
    {
      provide: LookupRuntime,
      inject: [SERVICE_CONFIG, NATS_CONNECTION, EVENT_LOG, LOGGER],
      useFactory: (config: LookupConfig, nc: NatsConnection, log: EventLog, logger: Logger) => LookupRuntime.start(config, nc, log, logger),
    },
    {
      provide: CALLER_VERIFIER,
      inject: [LookupRuntime],
      useFactory: (runtime: LookupRuntime): CallerVerifier => ({
        verify: async (token) => {
          const claims = await runtime.verifier.verify(token);
          return { userId: claims.sub, name: claims.name, roles: claims.roles, sessionId: claims.sid };
        },
      }),
    },
    { provide: ROLE_CHECK, inject: [LookupRuntime], useFactory: (runtime: LookupRuntime) => runtime.state.authz },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
})
export class LookupModule implements OnApplicationShutdown {
  constructor(@Inject(LookupRuntime) private readonly runtime: LookupRuntime) {}

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.stop();
  }
}
