import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { NatsConnection } from '@nats-io/transport-node';
import type { EventLog } from '@parley/eventlog';
import { AccessGuard, CALLER_VERIFIER, EVENT_LOG, LOGGER, NATS_CONNECTION, ROLE_CHECK, SERVICE_CONFIG, type CallerVerifier } from '@parley/nest-kit';
import type { Logger } from '@parley/telemetry';
import { ArchiveController } from './api/archive.controller.js';
import { HoldsController } from './api/holds.controller.js';
import { IntegrityController } from './api/integrity.controller.js';
import { RetentionController } from './api/retention.controller.js';
import { ComplianceRuntime, type ComplianceConfig } from './compliance.runtime.js';

/**
 * The compliance service: a complete, tamper-evident archive of both logs in its own database,
 * exports, legal holds, retention, replay and verify, for compliance officers only.
 */
@Module({
  controllers: [ArchiveController, HoldsController, RetentionController, IntegrityController],
  providers: [
    {
      provide: ComplianceRuntime,
      inject: [SERVICE_CONFIG, NATS_CONNECTION, EVENT_LOG, LOGGER],
      useFactory: (config: ComplianceConfig, nc: NatsConnection, log: EventLog, logger: Logger) => ComplianceRuntime.start(config, nc, log, logger),
    },
    {
      provide: CALLER_VERIFIER,
      inject: [ComplianceRuntime],
      useFactory: (runtime: ComplianceRuntime): CallerVerifier => ({
        verify: async (token) => {
          const claims = await runtime.verifier.verify(token);
          return { userId: claims.sub, name: claims.name, roles: claims.roles, sessionId: claims.sid };
        },
      }),
    },
    // Roles are checked against live state, so a revoked compliance officer loses access at once.
    { provide: ROLE_CHECK, inject: [ComplianceRuntime], useFactory: (runtime: ComplianceRuntime) => runtime.state.authz },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
})
export class ComplianceModule implements OnApplicationShutdown {
  constructor(@Inject(ComplianceRuntime) private readonly runtime: ComplianceRuntime) {}

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.stop();
  }
}
