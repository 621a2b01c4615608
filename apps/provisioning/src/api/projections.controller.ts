import { Controller, Inject, Param } from '@nestjs/common';
import { parseOrThrow, ProjectionNameParamSchema, ProjectionViewSchema, RebuildJobSchema } from '@parley/contracts';
import { CurrentCaller, Endpoint, ProjectionsAdminClient, type Caller } from '@parley/nest-kit';
import { z } from 'zod';

const tag = 'projections';
const access = 'administrator';

/**
 * The SQL projections of the services (history, files, provisioning): how far each instance has
 * applied the log, and rebuilds from the start of the log while the old tables keep serving. The
 * owning services answer over NATS; this gathers and forwards.
 */
@Controller()
export class ProjectionsController {
  constructor(@Inject(ProjectionsAdminClient) private readonly projections: ProjectionsAdminClient) {}

  @Endpoint({
    method: 'GET',
    path: '/v1/admin/projections',
    summary: 'Every projection: each instance’s position and lag, and the running or latest rebuild',
    description: 'Instances of the owning services that answer within about two seconds; a projection whose service does not answer shows no instances.',
    tag,
    access,
    response: z.array(ProjectionViewSchema),
  })
  list() {
    return this.projections.overview();
  }

  @Endpoint({
    method: 'POST',
    path: '/v1/admin/projections/:name/rebuild',
    summary: 'Rebuild a projection from the start of the log, blue/green, while the service keeps serving',
    description:
      'One instance of the owning service takes it and runs it in the background; poll GET /v1/admin/projections for its progress. ' +
      '404 for an unknown projection (naming the known ones), 409 while a rebuild of it runs, 503 when no instance of its service answers.',
    tag,
    access,
    status: 202,
    params: ProjectionNameParamSchema,
    response: RebuildJobSchema,
  })
  rebuild(@Param() params: unknown, @CurrentCaller() caller: Caller) {
    const { name } = parseOrThrow(ProjectionNameParamSchema, params, 'invalid projection name');
    return this.projections.rebuild(name, caller.userId);
  }
}
