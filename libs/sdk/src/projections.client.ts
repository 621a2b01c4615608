import { ProjectionViewSchema, RebuildJobSchema, type ProjectionView, type RebuildJob } from '@parley/contracts';
import { z } from 'zod';
import { answer, segment } from './answers.js';
import type { HttpClient } from './http-client.js';

export type { ProjectionInstance, ProjectionView, RebuildJob } from '@parley/contracts';

const views = answer(z.array(ProjectionViewSchema), 'GET /v1/admin/projections');
const job = answer(RebuildJobSchema, 'a rebuild');

/**
 * The SQL projections of the services (`/v1/admin/projections`, administrators): how far each
 * instance has applied the log, and rebuilds from the start of the log while the service serves.
 */
export class ProjectionsClient {
  constructor(private readonly http: HttpClient) {}

  /** Every projection with the instances of its service that answered, and its running or latest rebuild. */
  async list(): Promise<ProjectionView[]> {
    return views(await this.http.get('/v1/admin/projections'));
  }

  /**
   * Starts rebuilding a projection on one instance of its service; answers the job as it starts
   * (poll `job` for its progress). NotFoundError for an unknown name, ConflictError while a rebuild
   * of it runs, UnavailableError when no instance of its service answers.
   */
  async rebuild(name: string): Promise<RebuildJob> {
    return job(await this.http.post(`/v1/admin/projections/${segment(name)}/rebuild`));
  }

  /** A rebuild as the instance running it reports it now; undefined if no instance that answered knows it (it stopped, or restarted). */
  async job(name: string, id: string): Promise<RebuildJob | undefined> {
    const projection = (await this.list()).find((p) => p.name === name);
    return projection?.instances.flatMap((i) => (i.rebuild?.id === id ? [i.rebuild] : []))[0];
  }
}
