import { Body, Controller, Inject, Param } from '@nestjs/common';
import { JobSchema, parseOrThrow, ReplayRequestSchema, UuidSchema } from '@parley/contracts';
import { Endpoint, LOGGER } from '@parley/nest-kit';
import { databaseConfig } from '@parley/projections';
import type { Logger } from '@parley/telemetry';
import { join } from 'node:path';
import { z } from 'zod';
import { ComplianceRuntime } from '../compliance.runtime.js';
import { Jobs } from '../integrity/jobs.js';
import { replayArchive } from '../integrity/replay.js';
import { verifyArchive } from '../integrity/verify.js';

const tag = 'integrity';

/** Replay (rebuild the archive from the log into a fresh database) and verify (chains whole, archive matching the log), as background jobs. */
@Controller()
export class IntegrityController {
  private readonly jobs = new Jobs();

  constructor(
    @Inject(ComplianceRuntime) private readonly runtime: ComplianceRuntime,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Endpoint({
    method: 'POST',
    path: '/v1/compliance/verify',
    summary: 'Verify the archive: every hash chain whole, every record matching the log',
    description: 'Runs in the background; poll the job. Its result names the first divergence: the log, the position and what is wrong.',
    tag,
    access: 'compliance-officer',
    status: 202,
    response: JobSchema,
  })
  verify() {
    return this.jobs.start('verify', (progress) => verifyArchive(this.runtime.readDb, this.runtime.archiveLog, progress), (error) => this.logger.error({ err: error }, 'verify failed'));
  }

  @Endpoint({
    method: 'POST',
    path: '/v1/compliance/replay',
    summary: 'Replay the event log into a fresh archive database',
    description: 'Runs in the background; poll the job. Its result says whether the replayed chains end in the live archive’s hashes.',
    tag,
    access: 'compliance-officer',
    status: 202,
    body: ReplayRequestSchema,
    response: JobSchema,
  })
  replay(@Body() body: unknown) {
    const { into } = parseOrThrow(ReplayRequestSchema, body ?? {}, 'invalid replay');
    const { config, archiveLog, readDb } = this.runtime;
    const target = databaseConfig(into ?? `sqlite:${join(config.dataDir, `compliance-replay-${new Date().toISOString().replace(/[:.]/g, '-')}.sqlite`)}`, config.dataDir, '');
    return this.jobs.start('replay', (progress) => replayArchive(target, archiveLog, readDb, progress), (error) => this.logger.error({ err: error }, 'replay failed'));
  }

  @Endpoint({ method: 'GET', path: '/v1/compliance/jobs/:id', summary: 'A replay or verify job', tag, access: 'compliance-officer', params: z.strictObject({ id: UuidSchema }), response: JobSchema })
  job(@Param() params: unknown) {
    return this.jobs.get(parseOrThrow(z.strictObject({ id: UuidSchema }), params, 'invalid job id').id);
  }
}
