import { Readable } from 'node:stream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { uuidv7 } from '@parley/contracts';
import { EventLog, NO_VERSION, type EventDraft } from '@parley/eventlog';
import { randomName, startNats, tempDir, type TestNats } from '@parley/testing';
import { FileCatalog } from '../metadata/file-catalog.js';
import { objectKey } from '../store/blob-store.js';
import { LocalBlobStore } from '../store/local-store.js';
import { OrphanSweeper } from './orphan-sweeper.js';
import { PendingUploads } from './pending-uploads.js';

const HOUR = 3_600_000;

describe('sweeping objects no FilePosted event names', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  let log: EventLog;
  let catalog: FileCatalog;
  const dir = tempDir('parley-sweep-');
  const store = new LocalBlobStore(`${dir.path}/files`);

  beforeAll(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url });
    log = await EventLog.open(nc, { namespace: randomName('s') });
    catalog = await FileCatalog.open({ dialect: 'sqlite', file: `${dir.path}/files.sqlite` }, log, () => undefined);
    await store.open();
  });
  afterAll(async () => {
    await catalog?.stop();
    await log?.close();
    await nc?.close();
    await nats?.stop();
    dir.remove();
  });

  it('removes old orphans, keeps posted files and uploads still in progress, and clears their markers', async () => {
    const pending = await PendingUploads.open(nc, log.subjects.namespace);
    const now = new Date();
    const [orphan, posted, recent] = [uuidv7(), uuidv7(), uuidv7()];
    for (const [fileId, age] of [[orphan, 2 * HOUR], [posted, 2 * HOUR], [recent, 60_000]] as const) {
      await store.write(objectKey(fileId), Readable.from([Buffer.from(fileId)]), undefined);
      await pending.add({ fileId, roomId: 'r1', startedAt: new Date(now.getTime() - age) });
    }
    const draft = { type: 'FilePosted', actor: { kind: 'user', id: 'ann' }, data: { fileId: posted, name: 'a.txt', size: 36, contentType: 'text/plain', sha256: 'a'.repeat(64), caption: null } };
    await log.append({ kind: 'room', id: 'r1' }, [draft as EventDraft], NO_VERSION);

    const sweeper = new OrphanSweeper(pending, catalog, store, HOUR, (error) => {
      throw error;
    });
    expect(await sweeper.sweep(now)).toEqual({ removed: 1, posted: 1 });
    await expect(store.read(objectKey(orphan))).rejects.toThrow(/not in the file store/);
    for (const kept of [posted, recent]) (await store.read(objectKey(kept))).destroy();
    expect((await pending.startedBefore(new Date(now.getTime() + HOUR))).map((p) => p.fileId)).toEqual([recent]);
    expect(await sweeper.sweep(now)).toEqual({ removed: 0, posted: 0 });
  });
});
