import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as testing from '@parley/testing';
import { createTestDatabase, startNats, type TestNats } from '@parley/testing';
import { ROOMS, scriptedDay } from '../test/scripted-day.fixture.js';
import { startCompliance, type RunningCompliance } from '../test/compliance.fixture.js';

const run = promisify(execFile);
const XSD = join(__dirname, '..', '..', 'schemas', 'groupchat-export.xsd');

/** Every file of every published run, by extension. */
function published(dir: string, extension: string): string[] {
  return readdirSync(dir)
    .filter((d) => d.startsWith('run-'))
    .sort()
    .flatMap((d) => readdirSync(join(dir, d)).filter((f) => f.endsWith(extension)).map((f) => readFileSync(join(dir, d, f), 'utf8')));
}

const jsonlIds = (dir: string) => published(dir, '.jsonl').flatMap((text) => text.trim().split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { id: string }).id));
const xmlIds = (dir: string) => published(dir, '.xml').flatMap((text) => [...text.matchAll(/<Message type="[A-Z]+" content="[^"]*" id="([^"]+)"/g)].map((m) => m[1]!));
const csvIds = (dir: string) => published(dir, '.csv').flatMap((text) => text.trim().split('\r\n').slice(1).map((line) => line.split(',')[2]!));

describe('scheduled exports', () => {
  let nats: TestNats;
  let compliance: RunningCompliance;

  beforeAll(async () => (nats = await startNats()));
  afterAll(() => nats.stop());
  let dropDatabase: () => Promise<void> = async () => undefined;
  afterEach(async () => {
    await compliance?.remove();
    await dropDatabase();
    dropDatabase = async () => undefined;
  });

  it.each([
    ['SQLite', async () => ({ env: {}, drop: async () => undefined })],
    ['PostgreSQL', async () => {
      const db = await createTestDatabase();
      return { env: { PARLEY_COMPLIANCE_DB: db.url }, drop: () => db.drop() };
    }],
  ])('export a scripted day on %s, every fact exactly once in every format, as XML that validates against the XSD', async (_, database) => {
    const { env, drop } = await database();
    dropDatabase = drop;
    compliance = await startCompliance(testing, nats.url, env);
    const day = await scriptedDay(compliance.log);
    await compliance.caughtUp();
    const first = await compliance.runtime.exporter.run();
    expect(first).toMatchObject({ run: 1, records: day.stored.length, attachments: 1 });

    const ids = day.stored.map((s) => s.event.id).sort();
    for (const found of [jsonlIds(compliance.exportDir), xmlIds(compliance.exportDir), csvIds(compliance.exportDir)]) expect([...found].sort()).toEqual(ids);
    const [xml] = readdirSync(join(compliance.exportDir, 'run-00000001')).filter((f) => f.endsWith('.xml'));
    await expect(run('xmllint', ['--noout', '--schema', XSD, join(compliance.exportDir, 'run-00000001', xml!)])).resolves.toMatchObject({ stderr: expect.stringContaining('validates') });

    // The unlogged room is archived like the others; a redaction keeps the original text.
    const lines = published(compliance.exportDir, '.jsonl').flatMap((t) => t.trim().split('\n')).map((l) => JSON.parse(l) as { type: string; content: string; room: { id: string; logged: boolean } | null });
    const offRecord = lines.filter((l) => l.room?.id === ROOMS.unlogged);
    expect(offRecord.map((l) => [l.type, l.content])).toEqual(
      expect.arrayContaining([
        ['MessagePosted', 'this room keeps no history, compliance still sees it'],
        ['MessageRedacted', 'said too much'],
      ]),
    );
    expect(offRecord[0]!.room!.logged).toBe(false);
    const manifest = JSON.parse(readFileSync(join(compliance.exportDir, 'run-00000001', 'manifest.json'), 'utf8')) as { attachments: { fileId: string; copiedAs: string | null; problem: string | null }[] };
    expect(manifest.attachments).toEqual([expect.objectContaining({ fileId: 'f-report', copiedAs: null, problem: expect.stringContaining('not copied') })]);

    // A second run takes exactly what came after the first.
    const later = day.resumeAt('2026-03-02T18:00:00.000Z');
    await later.post(ROOMS.trading, 'bob', 'evening', 0);
    await later.record('room', ROOMS.trading, 'RoomJoined', { userId: 'bob', sessionId: 's-late' }, 'bob', 1);
    await compliance.caughtUp();
    expect(await compliance.runtime.exporter.run()).toMatchObject({ run: 2, records: 2 });
    expect(await compliance.runtime.exporter.run()).toBeUndefined();
    expect(jsonlIds(compliance.exportDir).sort()).toEqual([...ids, ...later.stored.map((s) => s.event.id)].sort());
  });

  it('neither skip nor duplicate when a run dies before or after committing, and the service starts again', async () => {
    compliance = await startCompliance(testing, nats.url, { PARLEY_COMPLIANCE_EXPORT_FORMATS: 'jsonl' });
    const day = await scriptedDay(compliance.log);
    await compliance.caughtUp();
    const { namespace, dataDir } = compliance as RunningCompliance & { namespace: string };

    // Dies while rendering (after writing, before the commit): the staging folder is left behind.
    expect(await compliance.runtime.exporter.prepare()).toBeDefined();
    await compliance.stop();
    compliance = await startCompliance(testing, nats.url, { PARLEY_COMPLIANCE_EXPORT_FORMATS: 'jsonl' }, { namespace, dataDir });
    await compliance.runtime.exporter.recover();
    expect(readdirSync(compliance.exportDir)).toEqual([]);

    // Dies after the commit, before the folder is published.
    const later = day.resumeAt('2026-03-03T09:00:00.000Z', compliance.log);
    await later.post(ROOMS.research, 'carol', 'next morning', 0);
    await compliance.caughtUp();
    const prepared = await compliance.runtime.exporter.prepare();
    expect(await compliance.runtime.exporter.commit(prepared!)).toBe(true);
    await compliance.stop();
    compliance = await startCompliance(testing, nats.url, { PARLEY_COMPLIANCE_EXPORT_FORMATS: 'jsonl' }, { namespace, dataDir });
    await compliance.runtime.exporter.recover();
    expect(readdirSync(compliance.exportDir)).toEqual(['run-00000001']);

    const afternoon = later.resumeAt('2026-03-03T14:00:00.000Z', compliance.log);
    await afternoon.post(ROOMS.research, 'carol', 'and the afternoon', 0);
    await compliance.caughtUp();
    expect(await compliance.runtime.exporter.run()).toMatchObject({ run: 2, records: 1 });
    expect(jsonlIds(compliance.exportDir).sort()).toEqual([...day.stored, ...later.stored, ...afternoon.stored].map((s) => s.event.id).sort());
  });
});
