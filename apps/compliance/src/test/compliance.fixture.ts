import { connect, type NatsConnection } from '@nats-io/transport-node';
import { loadConfig } from '@parley/config';
import { EventLog } from '@parley/eventlog';
import { serviceSettings } from '@parley/nest-kit';
import { createLogger } from '@parley/telemetry';
import { ComplianceRuntime } from '../compliance.runtime.js';
import { complianceSettings } from '../compliance.settings.js';

export interface RunningCompliance {
  runtime: ComplianceRuntime;
  log: EventLog;
  nc: NatsConnection;
  dataDir: string;
  exportDir: string;
  /** Waits until the archive holds both logs up to their heads. */
  caughtUp(): Promise<void>;
  /** Stops the runtime (keeping its data, to start again on it). */
  stop(): Promise<void>;
  /** Stops it and removes its data. */
  remove(): Promise<void>;
}

/** What the specs pass in from @parley/testing (which only spec files may import). */
export interface Harness {
  randomName(prefix?: string): string;
  tempDir(prefix?: string): { path: string; remove(): void };
  until(predicate: () => boolean | Promise<boolean>, timeoutMs?: number, what?: string): Promise<void>;
}

/**
 * The compliance runtime on a real NATS server, with a fresh namespace and data folder (or the
 * ones given, to restart on the same data), and scheduled runs left to the test.
 */
export async function startCompliance(harness: Harness, natsUrl: string, env: Record<string, string> = {}, reuse?: { namespace: string; dataDir: string }): Promise<RunningCompliance & { namespace: string }> {
  const namespace = reuse?.namespace ?? harness.randomName('c');
  const data = reuse ? { path: reuse.dataDir, remove: () => undefined } : harness.tempDir('parley-compliance-');
  const config = loadConfig(serviceSettings('compliance', complianceSettings), {
    PARLEY_NATS_URL: natsUrl,
    PARLEY_NAMESPACE: namespace,
    PARLEY_DATA_DIR: data.path,
    PARLEY_COMPLIANCE_EXPORT_INTERVAL_MIN: '0',
    PARLEY_COMPLIANCE_RETENTION_INTERVAL_H: '0',
    PARLEY_COMPLIANCE_EXPORT_FORMATS: 'xml,jsonl,csv',
    ...env,
  });
  const nc = await connect({ servers: natsUrl });
  const log = await EventLog.open(nc, { namespace });
  const runtime = await ComplianceRuntime.start(config, nc, log, createLogger({ service: 'parley-compliance', instanceId: 'test', level: 'silent' }));
  const stop = async () => {
    await runtime.stop();
    await log.close();
    await nc.close();
  };
  return {
    runtime,
    log,
    nc,
    namespace,
    dataDir: data.path,
    exportDir: runtime.exporter.dir,
    caughtUp: async () => {
      const [chat, activity] = await Promise.all([log.head('chat'), log.head('activity')]);
      await harness.until(async () => {
        const heads = await runtime.queries.chainHeads();
        return heads.chat.position >= chat && heads.activity.position >= activity;
      }, 30_000, 'the archive to catch up');
    },
    stop,
    remove: async () => {
      await stop();
      data.remove();
    },
  };
}
