import {
  DiscardPolicy,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import { LogNames, type LogName, type Subjects } from '@parley/contracts';

export interface StreamOptions {
  /** JetStream replicas per stream: 1 on a single server, 3 on a cluster. */
  replicas: number;
  /** How long a `Nats-Msg-Id` is remembered, so a retried append is stored once. */
  duplicateWindowMs: number;
  /** The largest event the log accepts, in bytes. */
  maxEventBytes: number;
}

export const DEFAULT_STREAM_OPTIONS: StreamOptions = {
  replicas: 1,
  duplicateWindowMs: 2 * 60_000,
  maxEventBytes: 1024 * 1024,
};

const NANOS_PER_MS = 1_000_000;

/**
 * The stream configuration, in code. Chat events are kept for ever (the log is the source of
 * truth; compliance replays it) and can never be deleted one by one.
 */
export function streamConfig(subjects: Subjects, log: LogName, options: StreamOptions): StreamConfig {
  return {
    name: subjects.stream(log),
    description: log === 'chat' ? 'Parley chat events: rooms, categories, users' : 'Parley activity: sessions, history views, downloads',
    subjects: [subjects.streamSubjects(log)],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: 0,
    max_msgs: -1,
    max_bytes: -1,
    max_msgs_per_subject: -1,
    max_msg_size: options.maxEventBytes,
    num_replicas: options.replicas,
    duplicate_window: options.duplicateWindowMs * NANOS_PER_MS,
    deny_delete: true,
    deny_purge: false,
    allow_direct: true,
    allow_rollup_hdrs: false,
  } as StreamConfig;
}

/** The fields whose difference from the code means the live stream is not the one we expect. */
const CHECKED_FIELDS = [
  'subjects',
  'storage',
  'retention',
  'discard',
  'max_age',
  'max_msgs',
  'max_bytes',
  'max_msgs_per_subject',
  'max_msg_size',
  'num_replicas',
  'duplicate_window',
  'deny_delete',
  'deny_purge',
  'allow_direct',
] as const satisfies readonly (keyof StreamConfig)[];

/** The live stream differs from the configuration in code; names each field. */
export class StreamConfigMismatchError extends Error {
  constructor(
    readonly stream: string,
    readonly differences: readonly { field: string; live: unknown; expected: unknown }[],
  ) {
    super(
      `stream ${stream} differs from Parley's configuration: ` +
        differences.map((d) => `${d.field} is ${JSON.stringify(d.live)}, expected ${JSON.stringify(d.expected)}`).join('; ') +
        '. Fix the stream (nats stream edit) or the configuration (replicas, duplicate window, max event size) so they agree.',
    );
    this.name = 'StreamConfigMismatchError';
  }
}

export function configDifferences(live: StreamConfig, expected: StreamConfig) {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  return CHECKED_FIELDS.flatMap((field) => {
    const a = field === 'subjects' ? [...(live.subjects ?? [])].sort() : live[field];
    const b = field === 'subjects' ? [...(expected.subjects ?? [])].sort() : expected[field];
    return same(a ?? null, b ?? null) ? [] : [{ field, live: a, expected: b }];
  });
}

const STREAM_NOT_FOUND = 10059;

/**
 * Creates each log's stream if it is missing, and checks an existing one against the code.
 * Safe to run from every instance at every start.
 */
export async function ensureStreams(jsm: JetStreamManager, subjects: Subjects, options: StreamOptions): Promise<StreamInfo[]> {
  const infos: StreamInfo[] = [];
  for (const log of LogNames) {
    const expected = streamConfig(subjects, log, options);
    let info: StreamInfo;
    try {
      info = await jsm.streams.info(expected.name);
    } catch (error) {
      if (!(error instanceof JetStreamApiError) || error.code !== STREAM_NOT_FOUND) throw error;
      try {
        info = await jsm.streams.add(expected);
      } catch (addError) {
        // Another instance created it first: check what it created.
        info = await jsm.streams.info(expected.name).catch(() => {
          throw addError;
        });
      }
    }
    const differences = configDifferences(info.config, expected);
    if (differences.length) throw new StreamConfigMismatchError(expected.name, differences);
    infos.push(info);
  }
  return infos;
}
