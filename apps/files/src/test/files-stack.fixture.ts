import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { EventLog, type StoredEvent } from '@parley/eventlog';
import { Client } from 'minio';
import { FakeClamd } from '../scan/fake-clamd.fixture.js';
import { postFile } from './http.fixture.js';
import { ParleyWorld } from './parley-world.fixture.js';

/** What the stack needs from libs/testing (passed in by the spec: fixtures may not import it). */
export interface Harness {
  startNats(): Promise<{ url: string; stop(): Promise<void> }>;
  startS3(): Promise<{ url: string; accessKey: string; secretKey: string; server: { port: number; stop(): Promise<void>; restart(): Promise<void> }; stop(): Promise<void> }>;
  spawnService(entry: string, env: Record<string, string>): Promise<{ url: string; stop(): Promise<number | null> }>;
  randomName(prefix?: string): string;
  tempDir(prefix?: string): { path: string; remove(): void };
}

export type StoreKind = 's3' | 'local';

const root = join(__dirname, '..', '..', '..', '..');
const entry = (service: string) => join(root, 'apps', service, 'dist', 'main.js');
export const PASSWORD = 'correct-horse-battery';
const BUCKET = 'parley-files';

/**
 * Provisioning, channel and files as built processes over a real nats-server, the files service
 * storing in s3rver or a local folder and scanning with a fake clamd; an administrator, alice and
 * bob; rooms `lobby` (open), `team` (closed: alice), and `quiet` (in a category without file upload).
 */
export class FilesStack {
  private constructor(
    readonly world: ParleyWorld,
    readonly rooms: { lobby: string; team: string; quiet: string },
    readonly log: EventLog,
    readonly clamd: FakeClamd,
    readonly s3: Awaited<ReturnType<Harness['startS3']>> | undefined,
    private readonly listObjects: () => Promise<string[]>,
    private readonly stopAll: () => Promise<void>,
  ) {}

  static async start(kind: StoreKind, harness: Harness): Promise<FilesStack> {
    const stops: (() => Promise<unknown> | void)[] = [];
    const stopAll = async () => {
      for (const stop of stops.reverse()) await stop();
    };
    try {
      const nats = await harness.startNats();
      stops.push(() => nats.stop());
      const env = { PARLEY_NATS_URL: nats.url, PARLEY_NAMESPACE: harness.randomName('f') };
      const clamd = await FakeClamd.start();
      stops.push(() => clamd.stop());
      const s3 = kind === 's3' ? await harness.startS3() : undefined;
      if (s3) stops.push(() => s3.stop());
      const dir = harness.tempDir('parley-files-');
      stops.push(() => dir.remove());
      const store: Record<string, string> = s3
        ? { PARLEY_FILE_STORE: `s3://${BUCKET}`, PARLEY_S3_ENDPOINT: s3.url, PARLEY_S3_ACCESS_KEY: s3.accessKey, PARLEY_S3_SECRET_KEY: s3.secretKey }
        : { PARLEY_FILE_STORE: `local:${dir.path}` };
      const [provisioning, channel, files] = await Promise.all([
        harness.spawnService(entry('provisioning'), { ...env, PARLEY_INITIAL_ADMIN_PASSWORD: PASSWORD }),
        harness.spawnService(entry('channel'), env),
        harness.spawnService(entry('files'), { ...env, ...store, PARLEY_CLAMD_URL: clamd.url }),
      ]);
      stops.push(() => provisioning.stop(), () => channel.stop(), () => files.stop());
      const nc: NatsConnection = await connect({ servers: nats.url });
      stops.push(() => nc.close());
      const log = await EventLog.open(nc, { namespace: env.PARLEY_NAMESPACE });
      stops.push(() => log.close());
      const world = new ParleyWorld(provisioning.url, channel.url, files.url);
      await world.login('admin', PASSWORD);
      await world.users(PASSWORD, 'alice', 'bob');
      const general = (await world.api('POST', '/v1/categories', { name: 'General', allowed: [{ kind: 'everyone' }] }))['id'] as string;
      const noFiles = (await world.api('POST', '/v1/categories', { name: 'No files', allowed: [{ kind: 'everyone' }], settings: { fileUpload: false } }))['id'] as string;
      const rooms = {
        lobby: await world.room(general, 'Lobby'),
        team: await world.room(general, 'Team', { privacy: 'closed', members: [{ kind: 'user', name: 'alice' }] }),
        quiet: await world.room(noFiles, 'Quiet'),
      };
      const raw = s3 && new Client({ endPoint: '127.0.0.1', port: s3.server.port, useSSL: false, accessKey: s3.accessKey, secretKey: s3.secretKey, pathStyle: true });
      const listObjects = raw
        ? async () => {
            const names: string[] = [];
            if (!(await raw.bucketExists(BUCKET))) return names;
            for await (const item of raw.listObjectsV2(BUCKET, '', true)) names.push((item as { name: string }).name);
            return names.sort();
          }
        : async () =>
            readdirSync(dir.path, { recursive: true, withFileTypes: true })
              .filter((e) => e.isFile())
              .map((e) => relative(dir.path, join(e.parentPath, e.name)))
              .sort();
      return new FilesStack(world, rooms, log, clamd, s3, listObjects, stopAll);
    } catch (error) {
      await stopAll();
      throw error;
    }
  }

  /**
   * Changes the server's largest file and waits until the files service applies it: a probe that
   * declares exactly the old or the new limit is refused (413) under one and not the other.
   */
  async limitFiles(kb: number): Promise<void> {
    const raising = kb > ((await this.world.api('GET', '/v1/config'))['maxFileSizeKb'] as number);
    await this.world.api('PATCH', '/v1/config', { maxFileSizeKb: kb });
    const declared = raising ? kb * 1024 : kb * 1024 + 1;
    const url = `${this.world.files}/v1/rooms/${this.rooms.lobby}/files?name=probe&size=${declared}`;
    const applied = async () => (await postFile(url, this.world.tokens.get('admin'), Buffer.from('x'), { chunked: true })).status === (raising ? 400 : 413);
    for (let attempt = 0; !(await applied()); attempt++) {
      if (attempt > 200) throw new Error(`the files service did not apply maxFileSizeKb=${kb}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** The objects in the store, by name (S3 keys, or paths under the folder, writes in progress included). */
  objects(): Promise<string[]> {
    return this.listObjects();
  }

  /** The ids of uploads the files service has marked as in progress (its sweeper's to-do list). */
  async pendingUploads(): Promise<string[]> {
    const kv = await new Kvm(this.log.nc).open(this.log.subjects.bucket('file_uploads'));
    const keys: string[] = [];
    for await (const key of await kv.keys()) keys.push(key);
    return keys;
  }

  /** The room's FilePosted events in the log. */
  async filesPosted(room: string): Promise<StoredEvent[]> {
    return (await this.log.read({ kind: 'room', id: room })).events.filter((s) => s.event.type === 'FilePosted');
  }

  /** The room's activity facts of one type, as recorded so far. */
  async activity(room: string, type: string): Promise<StoredEvent[]> {
    const seen: StoredEvent[] = [];
    const subscription = this.log.subscribe({ filter: this.log.subjects.activity('room', room), from: 'all', onEvent: (s) => void (s.event.type === type && seen.push(s)) });
    await subscription.caughtUp;
    await subscription.stop();
    return seen;
  }

  stop(): Promise<void> {
    return this.stopAll();
  }
}
