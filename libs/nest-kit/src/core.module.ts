import { Global, Module, type DynamicModule, type Type } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { EventLog } from '@parley/eventlog';
import type { Logger, Telemetry } from '@parley/telemetry';
import { ErrorFilter } from './error.filter.js';
import { HealthController } from './health.controller.js';
import { EVENT_LOG, LOGGER, NATS_CONNECTION, SERVICE_CONFIG, TELEMETRY } from './tokens.js';

export interface CoreResources {
  config: object;
  nc: NatsConnection;
  eventLog: EventLog;
  logger: Logger;
  telemetry: Telemetry;
}

/**
 * What every service has, made injectable: its configuration, NATS connection, event log, logger
 * and telemetry, plus health endpoints. Resources are created before Nest starts (see runService)
 * and closed by it, so their lifetime is explicit.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(resources: CoreResources, feature: Type): DynamicModule {
    const providers = [
      { provide: SERVICE_CONFIG, useValue: resources.config },
      { provide: NATS_CONNECTION, useValue: resources.nc },
      { provide: EVENT_LOG, useValue: resources.eventLog },
      { provide: LOGGER, useValue: resources.logger },
      { provide: TELEMETRY, useValue: resources.telemetry },
      ErrorFilter,
    ];
    return {
      module: CoreModule,
      imports: [feature],
      controllers: [HealthController],
      providers,
      exports: providers,
    };
  }
}
