import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '@parley/config';
import { ExportQuerySchema, parseOrThrow, type AnyEnvelope } from '@parley/contracts';
import { DirectoryState } from '@parley/directory-state';
import { EventLog } from '@parley/eventlog';
import { connectNats, serviceSettings } from '@parley/nest-kit';
import { createDataSource, databaseConfig } from '@parley/projections';
import { createLogger } from '@parley/telemetry';
import { ArchiveRegistry } from './archive/archive-registry.js';
import { ArchiveQueries } from './archive/archive.queries.js';
import { archiveDatabase } from './compliance.runtime.js';
import { complianceSettings } from './compliance.settings.js';
import { ExportContext } from './export/export-context.js';
import { writeExport } from './export/export-writer.js';
import { RecordSource } from './export/record-source.js';
import { rendererFor } from './export/renderers.js';
import { TextSink } from './export/sink.js';
import { replayArchive } from './integrity/replay.js';
import { verifyArchive } from './integrity/verify.js';

export const TOOL_USAGE = `usage: parley-compliance [replay [--into DB] | verify | export --format xml|jsonl|csv --out FILE [--from ISO] [--to ISO]]

  (nothing)   run the compliance service
  replay      rebuild the archive from the event log into a fresh database (default: a new SQLite
              file beside the archive) and say whether it ends in the live archive's hashes
  verify      check the archive's hash chains and every record against the log; exit 1 at the first divergence
  export      write an export of the archive to a file (records whose time is in [from, to))

Each reads the compliance service's settings (PARLEY_COMPLIANCE_DB, PARLEY_NATS_URL...) and prints
one JSON line with what it did. The API (parley compliance ...) does the same for compliance officers.`;

/** Operator commands on the archive, run with the service's own settings. */
export async function complianceTool(command: string, argv: string[]): Promise<boolean> {
  const config = loadConfig(serviceSettings('compliance', complianceSettings));
  const logger = createLogger({ service: 'parley-compliance', instanceId: config.instanceId, level: config.logLevel });
  const { values } = parseArgs({ args: argv, options: { into: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } } });
  const nc = await connectNats(config, `parley-compliance/${config.instanceId}/${command}`, logger);
  const log = await EventLog.open<AnyEnvelope>(nc, { namespace: config.namespace, replicas: config.streamReplicas, registry: new ArchiveRegistry() });
  const db = await createDataSource(archiveDatabase(config)).initialize();
  const started = performance.now();
  const seconds = () => Number(((performance.now() - started) / 1000).toFixed(2));
  try {
    if (command === 'replay') {
      const into = values.into ?? `sqlite:${join(config.dataDir, `compliance-replay-${new Date().toISOString().replace(/[:.]/g, '-')}.sqlite`)}`;
      const result = await replayArchive(databaseConfig(into, config.dataDir, ''), log, db, () => undefined);
      const events = result.events.chat + result.events.activity;
      console.log(JSON.stringify({ ...result, eventsPerS: Math.round(events / result.seconds) }));
      return true;
    }
    if (command === 'verify') {
      const result = await verifyArchive(db, log, () => undefined);
      console.log(JSON.stringify({ ...result, seconds: seconds() }));
      return result.ok;
    }
    if (command === 'export') {
      const query = parseOrThrow(ExportQuerySchema, { format: values.format, from: values.from, to: values.to }, 'invalid export');
      if (!values.out) throw new Error(`--out FILE is required\n${TOOL_USAGE}`);
      const defaultLog = await EventLog.open(nc, { namespace: config.namespace, replicas: config.streamReplicas });
      const state = new DirectoryState(defaultLog);
      await state.start((error) => logger.error({ err: error }, 'following the directory failed; retrying'));
      try {
        const context = new ExportContext(state, await new ArchiveQueries(db).rooms(), { roomDetails: config.roomDetails, userDetails: config.userDetails });
        const sink = new TextSink(createWriteStream(values.out, { flags: 'wx' }));
        const selection = { ...(query.from ? { fromMs: Date.parse(query.from) } : {}), ...(query.to ? { toMs: Date.parse(query.to) } : {}) };
        const exportStarted = performance.now();
        const { records } = await writeExport(new RecordSource(db), selection, context, [{ renderer: rendererFor(query.format, `Parley compliance export to ${values.out}`), open: async () => sink }]);
        const exportSeconds = (performance.now() - exportStarted) / 1000;
        console.log(JSON.stringify({ file: values.out, format: query.format, records, bytes: sink.bytes, sha256: sink.sha256, seconds: Number(exportSeconds.toFixed(2)), recordsPerS: Math.round(records / exportSeconds) }));
      } finally {
        await state.stop();
        await defaultLog.close();
      }
      return true;
    }
    throw new Error(TOOL_USAGE);
  } finally {
    await db.destroy();
    await log.close();
    await nc.drain();
    logger.flush();
  }
}
