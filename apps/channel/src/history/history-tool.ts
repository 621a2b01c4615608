import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { loadConfig } from '@parley/config';
import { EventLog } from '@parley/eventlog';
import { connectNats, openRebuildLeases, serviceSettings, takeRebuildLease } from '@parley/nest-kit';
import { createDataSource, rebuildProjection, runMigrations } from '@parley/projections';
import { createLogger } from '@parley/telemetry';
import { historyDatabase } from '../channel.runtime.js';
import { channelSettings } from '../channel.settings.js';
import { HISTORY_MIGRATIONS, REBUILD_BATCH } from './history-store.js';
import { historyProjection } from './projection/history.projection.js';
import { ensureSqlServerFullText } from './sql/mssql-fulltext.js';

export const HISTORY_TOOL_USAGE = `usage: parley-channel [history migrate | history rebuild]

  (nothing)          run the channel service
  history migrate    apply the history database's pending migrations, then exit
  history rebuild    rebuild history and search from the whole log, blue/green (the service may
                     keep running: it reads the old tables until the new ones take their place);
                     refused while another rebuild of history runs ("parley projections rebuild")

Both read the channel service's settings (PARLEY_CHANNEL_DB, PARLEY_NATS_URL...) and print one
JSON line with what they did.`;

/**
 * Operator commands on the history database, run with the service's own settings. The service
 * migrates at start-up too; `migrate` is for deployments that do it as a separate step.
 */
export async function historyTool(action: string | undefined): Promise<void> {
  if (action !== 'migrate' && action !== 'rebuild') throw new Error(HISTORY_TOOL_USAGE);
  const config = loadConfig(serviceSettings('channel', channelSettings));
  const logger = createLogger({ service: 'parley-channel', instanceId: config.instanceId, level: config.logLevel });
  const database = historyDatabase(config);
  if (database.dialect === 'sqlite') mkdirSync(dirname(database.file), { recursive: true });
  const dataSource = createDataSource({ ...database, migrations: HISTORY_MIGRATIONS });
  try {
    const migrated = await runMigrations(dataSource);
    if (database.dialect === 'mssql') await ensureSqlServerFullText(dataSource);
    if (action === 'migrate') {
      console.log(JSON.stringify({ migrated }));
      return;
    }
    const nc = await connectNats(config, `parley-channel/${config.instanceId}/history-rebuild`, logger);
    const log = await EventLog.open(nc, { namespace: config.namespace, replicas: config.streamReplicas });
    try {
      // The same cluster-wide lease as rebuilds the admin API starts: two would share the __next tables.
      const leases = await openRebuildLeases(nc, { namespace: config.namespace, replicas: config.streamReplicas });
      const abandon = new AbortController();
      const holder = { holder: `parley-channel history rebuild on ${hostname()}`, job: randomUUID() };
      const lease = await takeRebuildLease(leases, historyProjection.name, holder, (by) => abandon.abort(new Error(`lost the rebuild lease to ${by}`)));
      const started = performance.now();
      let streamSeq: number;
      try {
        ({ streamSeq } = await rebuildProjection({
          definition: historyProjection,
          log,
          dataSource,
          maxBatch: REBUILD_BATCH,
          logger: (level, message, fields) => logger[level](fields, message),
          signal: abandon.signal,
        }));
        // The rebuild replaced history_search, and with it SQL Server's full-text index.
        if (database.dialect === 'mssql') await ensureSqlServerFullText(dataSource);
      } finally {
        await lease.release();
      }
      const seconds = (performance.now() - started) / 1000;
      console.log(JSON.stringify({ rebuilt: historyProjection.name, streamSeq, seconds: Number(seconds.toFixed(2)), eventsPerS: Math.round(streamSeq / seconds) }));
    } finally {
      await log.close();
      await nc.drain();
    }
  } finally {
    await dataSource.destroy();
    logger.flush();
  }
}
