import type { ProjectionDefinition, Projector, RebuildOptions } from '@parley/projections';

/** A projection this process keeps up to date, as the projection admin responder needs it. */
export interface HostedProjection {
  readonly definition: ProjectionDefinition;
  /**
   * The data source its projector writes. A rebuild writes through it too: on SQLite, transactions
   * on one data source take turns, so the build and the live projector never wait on a lock.
   */
  readonly dataSource: RebuildOptions['dataSource'];
  /** Its live projector, once started (until then the database has not answered, and rebuilds are refused). */
  projector(): Projector | undefined;
  /** Events applied per transaction of a rebuild (rebuildProjection's default otherwise). */
  readonly rebuildBatch?: number;
  /** Runs after the switch, before the rebuild counts as done (history: SQL Server's full-text index). */
  afterSwitch?(): Promise<void>;
}
