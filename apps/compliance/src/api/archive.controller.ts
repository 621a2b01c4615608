import { PassThrough } from 'node:stream';
import { Controller, Inject, Query, Res } from '@nestjs/common';
import { ComplianceStatusSchema, ExportQuerySchema, ExportRunSchema, parseOrThrow } from '@parley/contracts';
import { CurrentCaller, Endpoint, LOGGER, type Caller } from '@parley/nest-kit';
import type { Logger } from '@parley/telemetry';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ComplianceRuntime } from '../compliance.runtime.js';
import { AdHocExport } from './ad-hoc-export.js';

const tag = 'compliance';

/** The archive's state, and exports: ad hoc (streamed to the caller) and scheduled runs on demand. */
@Controller()
export class ArchiveController {
  private readonly adHoc: AdHocExport;

  constructor(
    @Inject(ComplianceRuntime) private readonly runtime: ComplianceRuntime,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.adHoc = new AdHocExport(runtime);
  }

  @Endpoint({
    method: 'GET',
    path: '/v1/compliance/status',
    summary: 'How far the archive holds each log, its chain heads, holds and scheduled exports',
    tag,
    access: 'compliance-officer',
    response: ComplianceStatusSchema,
  })
  async status() {
    const { queries, config, exporter, archiveLog } = this.runtime;
    const [heads, counts, holds, lastRun, chatHead, activityHead] = await Promise.all([
      queries.chainHeads(),
      queries.counts(),
      queries.holds(true),
      exporter.lastRun(),
      archiveLog.head('chat'),
      archiveLog.head('activity'),
    ]);
    return {
      archive: {
        chat: { position: heads.chat.position, head: chatHead, chainHash: heads.chat.hash },
        activity: { position: heads.activity.position, head: activityHead, chainHash: heads.activity.hash },
        ...counts,
      },
      activeHolds: holds.length,
      exports: { dir: config.exportIntervalMin > 0 ? exporter.dir : null, intervalMin: config.exportIntervalMin, formats: config.exportFormats, lastRun: lastRun ?? null },
    };
  }

  @Endpoint({
    method: 'GET',
    path: '/v1/compliance/export',
    summary: 'Export archive records: Group Chat XML, JSON Lines or CSV, streamed',
    description:
      'Records whose time is in [from, to), of one room, by or about one user, containing a keyword (all optional), room by room in time order. ' +
      'The export itself is recorded (ArchiveExported).',
    tag,
    access: 'compliance-officer',
    query: ExportQuerySchema,
  })
  async export(@Query() query: unknown, @CurrentCaller() caller: Caller, @Res() reply: FastifyReply) {
    const request = parseOrThrow(ExportQuerySchema, query, 'invalid export');
    const prepared = await this.adHoc.prepare(caller, request);
    const body = new PassThrough();
    void reply.header('content-type', prepared.contentType).header('content-disposition', `attachment; filename="${prepared.fileName}"`).send(body);
    prepared.write(body).catch((error: unknown) => {
      this.logger.error({ err: error }, 'ad hoc export failed while streaming');
      body.destroy(error as Error);
    });
  }

  @Endpoint({
    method: 'POST',
    path: '/v1/compliance/exports/run',
    summary: 'Run a scheduled export now',
    description: 'Exports what the archive holds beyond the last run into the export folder; `run` is null when there was nothing new.',
    tag,
    access: 'compliance-officer',
    response: z.object({ run: ExportRunSchema.nullable() }),
  })
  async runExport() {
    return { run: (await this.runtime.exporter.run()) ?? null };
  }
}
