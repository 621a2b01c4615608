import { join } from 'node:path';
import * as testing from '@parley/testing';
import { startNats, type TestNats } from '@parley/testing';
import { sha256 } from '../archive/record.js';
import { replayArchive } from './replay.js';
import { verifyArchive } from './verify.js';
import { ROOMS, scriptedDay } from '../test/scripted-day.fixture.js';
import { startCompliance, type RunningCompliance } from '../test/compliance.fixture.js';

const officer = { kind: 'user', id: 'carol' } as const;
const noProgress = () => undefined;

describe('replay, verify, legal holds and retention', () => {
  let nats: TestNats;
  let compliance: RunningCompliance;

  beforeAll(async () => (nats = await startNats()));
  afterAll(() => nats.stop());
  afterEach(() => compliance?.remove());

  const verify = () => verifyArchive(compliance.runtime.readDb, compliance.runtime.archiveLog, noProgress);
  const replay = (name: string) => replayArchive({ dialect: 'sqlite', file: join(compliance.dataDir, name) }, compliance.runtime.archiveLog, compliance.runtime.readDb, noProgress);

  it('verify names the one archive row that was tampered with, and replay ends in the live chains’ hashes', async () => {
    compliance = await startCompliance(testing, nats.url);
    const day = await scriptedDay(compliance.log);
    await compliance.caughtUp();
    const events = day.stored.length;
    expect(await verify()).toMatchObject({ ok: true, firstDivergence: null });
    expect(Object.values((await verify()).checked).reduce((a, b) => a + b)).toBe(events);
    const replayed = await replay('replay.sqlite');
    expect(replayed).toMatchObject({ matchesArchive: true });
    const heads = await compliance.runtime.queries.chainHeads();
    expect(replayed.heads).toEqual({ chat: heads.chat.hash, activity: heads.activity.hash });

    // Someone with database access rewrites what bob said.
    const db = compliance.runtime.db;
    const [target] = (await db.query("SELECT stream_seq, event, content_hash FROM compliance_records WHERE type = 'MessagePosted' AND user_id = 'bob' ORDER BY stream_seq")) as {
      stream_seq: number;
      event: string;
      content_hash: string;
    }[];
    const at = target!.stream_seq;
    await db.query("UPDATE compliance_records SET event = REPLACE(event, 'Line one', 'Nothing'), text = REPLACE(text, 'Line one', 'Nothing') WHERE log = 'chat' AND stream_seq = ?", [at]);
    expect((await verify()).firstDivergence).toEqual({ log: 'chat', position: at, problem: expect.stringContaining('content was changed') });

    // ... and covers their tracks by fixing the content hash: the chain, and the log, still tell.
    const [tampered] = (await db.query("SELECT event FROM compliance_records WHERE log = 'chat' AND stream_seq = ?", [at])) as { event: string }[];
    await db.query("UPDATE compliance_records SET content_hash = ? WHERE log = 'chat' AND stream_seq = ?", [sha256(tampered!.event), at]);
    expect((await verify()).firstDivergence).toEqual({ log: 'chat', position: at, problem: expect.stringContaining('hash chain breaks') });

    // A deleted record is named too.
    await db.query("UPDATE compliance_records SET event = ?, content_hash = ?, text = REPLACE(text, 'Nothing', 'Line one') WHERE log = 'chat' AND stream_seq = ?", [target!.event, target!.content_hash, at]);
    const [joined] = (await db.query("SELECT stream_seq FROM compliance_records WHERE log = 'activity' AND type = 'RoomJoined' ORDER BY stream_seq LIMIT 1")) as { stream_seq: number }[];
    await db.query("DELETE FROM compliance_records WHERE log = 'activity' AND stream_seq = ?", [joined!.stream_seq]);
    expect(await verify()).toMatchObject({ ok: false, firstDivergence: { log: 'activity', position: joined!.stream_seq, problem: expect.stringContaining('missing from the archive') } });
  });

  it('purge what retention says is too old, except what legal holds keep; the purge is on record, verified and replayed alike', async () => {
    compliance = await startCompliance(testing, nats.url);
    const day = await scriptedDay(compliance.log);
    await compliance.caughtUp();
    const { policy } = compliance.runtime;

    const hold = await policy.placeHold(officer, { caseName: 'SEC v. Bob', user: 'bob', note: 'subpoena 42' });
    expect(hold).toMatchObject({ caseName: 'SEC v. Bob', target: { kind: 'user', id: 'bob', label: 'bob' }, active: true, placedBy: 'carol' });
    await expect(policy.placeHold(officer, { caseName: 'SEC v. Bob', user: 'bob', note: '' })).rejects.toThrow(/already active/);
    await policy.placeHold(officer, { caseName: 'Desk review', room: 'Private/Off the record', note: '' });
    expect(await policy.setRetention(officer, { kind: 'global' }, 30)).toEqual([expect.objectContaining({ scope: { kind: 'global', id: null, label: 'everything' }, days: 30 })]);
    await policy.setRetention(officer, { kind: 'category', ref: 'markets' }, 3650);
    await policy.setRetention(officer, { kind: 'room', ref: ROOMS.research }, 1);

    // The scripted day is long past: Research (1 day) goes, except bob's; Trading (10 years) stays;
    // the held unlogged room stays; sign-ins (global, 30 days) go, except bob's.
    const result = await policy.runRetention(officer);
    const rows = (await compliance.runtime.readDb.query('SELECT type, room_id, user_id, purged_by FROM compliance_records WHERE purged_by IS NOT NULL')) as { type: string; room_id: string | null; user_id: string }[];
    expect(result.purged).toBe(rows.length);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.user_id !== 'bob' && (r.room_id === ROOMS.research || (r.room_id === null && r.type === 'UserSignedIn')))).toBe(true);
    const research = day.stored.filter((s) => s.event.aggregateId === ROOMS.research && ['MessagePosted', 'FilePosted', 'RoomJoined', 'RoomParted', 'HistoryViewed', 'FileDownloaded'].includes(s.event.type));
    const bobs = research.filter((s) => s.event.actor.id === 'bob' || (s.event.data as { userId?: string }).userId === 'bob');
    expect(rows.filter((r) => r.room_id === ROOMS.research)).toHaveLength(research.length - bobs.length);
    expect((await policy.runRetention(officer)).purgeId).toBeNull();

    const purges = (await compliance.runtime.readDb.query("SELECT COUNT(*) AS n FROM compliance_records WHERE type = 'RecordsPurged'")) as { n: number }[];
    expect(Number(purges[0]!.n)).toBe(1);
    await compliance.caughtUp();
    expect(await verify()).toMatchObject({ ok: true });
    expect(await replay('after-purge.sqlite')).toMatchObject({ matchesArchive: true });

    const released = await policy.releaseHold(officer, hold.id, 'case closed');
    expect(released).toMatchObject({ active: false, releasedBy: 'carol', releaseNote: 'case closed' });
    expect((await policy.runRetention(officer)).purged).toBe(bobs.length + 1);
  });
});
