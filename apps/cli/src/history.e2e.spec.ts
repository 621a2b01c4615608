import { join } from 'node:path';
import { LiveClient, ParleyClient, type HistoryPage, type SearchPage } from '@parley/sdk';
import { randomName, spawnService, startNats, tempDir, until, type SpawnedService, type TestNats } from '@parley/testing';
import { parley } from './built-cli.fixture';

const root = join(__dirname, '..', '..', '..');
const main = (service: string) => join(root, 'apps', service, 'dist', 'main.js');
const ADMIN_PASSWORD = 'e2e-admin-password-1';
const USER_PASSWORD = 'e2e-user-password-1';

/**
 * `parley history` and `parley search`, built, against real provisioning and channel services
 * (the channel found through GET /v1/endpoints): what was posted, edited, redacted and removed
 * reads back as such; search finds only what the caller may read, and takes any text as text.
 */
describe('parley history and search against real provisioning and channel services', () => {
  let nats: TestNats;
  const services: SpawnedService[] = [];
  const lives: LiveClient[] = [];
  const dirs = { admin: tempDir('parley-admin-'), alice: tempDir('parley-alice-'), bob: tempDir('parley-bob-') };
  let lobby: { id: string; uri: string };
  let vault: { id: string; uri: string };
  /** The seq of each message alice posted to the lobby, by its text. */
  const seqOf = new Map<string, number>();

  const as = (who: keyof typeof dirs) => ({
    run: (args: readonly string[], input?: string) => parley(dirs[who].path, args, input),
    /** Runs a command with --json; it must succeed and print nothing on stderr. */
    json: async <T = Record<string, unknown>>(args: readonly string[], input?: string): Promise<T> => {
      const result = await parley(dirs[who].path, [...args, '--json'], input);
      expect({ code: result.code, err: result.err }).toEqual({ code: 0, err: '' });
      return JSON.parse(result.out) as T;
    },
  });
  const [admin, alice, bob] = [as('admin'), as('alice'), as('bob')];
  /** A command that must fail: exit 1, nothing on stdout, one line on stderr matching `reason`. */
  const refused = async (who: typeof bob, args: readonly string[], reason: string | RegExp) => {
    const result = await who.run(args);
    expect({ code: result.code, out: result.out }).toEqual({ code: 1, out: '' });
    expect(result.err.trimEnd().split('\n')).toHaveLength(1);
    expect(result.err).toMatch(reason);
  };
  const texts = (page: HistoryPage) => page.messages.map((m) => m.text);
  const hits = (page: SearchPage) => page.items.map((h) => h.text);
  /** The texts of a room's latest history as `who` reads it, or none while the command fails. */
  const shown = async (who: typeof bob, room: string) => {
    const result = await who.run(['history', '--room', room, '--json']);
    return result.code === 0 ? texts(JSON.parse(result.out) as HistoryPage) : [];
  };

  beforeAll(async () => {
    nats = await startNats();
    const env = { PARLEY_NATS_URL: nats.url, PARLEY_NAMESPACE: randomName('ch') };
    const channel = await spawnService(main('channel'), env);
    services.push(channel);
    const provisioning = await spawnService(main('provisioning'), { ...env, PARLEY_INITIAL_ADMIN_PASSWORD: ADMIN_PASSWORD, PARLEY_PUBLIC_CHANNEL_URL: channel.url });
    services.push(provisioning);
    await admin.json(['login', '--server', provisioning.url, '--user', 'admin', '--password-stdin'], ADMIN_PASSWORD);
    for (const user of ['alice', 'bob'] as const) {
      await admin.json(['user', 'create', user, '--display-name', user === 'alice' ? 'Alice Martin' : 'Bob', '--password-stdin'], USER_PASSWORD);
      await as(user).json(['login', '--server', provisioning.url, '--user', user, '--password-stdin'], USER_PASSWORD);
    }
    await admin.json(['category', 'create', 'General', '--allowed', 'everyone']);
    lobby = await admin.json(['room', 'create', 'Lobby', '--category', 'General']);
    vault = await admin.json(['room', 'create', 'Vault', '--category', 'General', '--privacy', 'secret', '--members', 'user:alice']);

    // Alice chats over a live session of her own, through the SDK, as the web client would.
    const api = new ParleyClient({ server: provisioning.url });
    await api.session.login('alice', USER_PASSWORD);
    const live = await LiveClient.connect({ channel: channel.url, credentials: api.session });
    lives.push(live);
    await live.join(lobby.id);
    for (const text of ['hello, history', 'first draft', 'oops, wrong room', 'spam spam spam', "robert'); DROP TABLE students; --", 'a b x marker', 'another marker']) {
      seqOf.set(text, (await live.post(lobby.id, text)).seq);
    }
    await live.edit(lobby.id, seqOf.get('first draft')!, 'final text');
    await live.redact(lobby.id, seqOf.get('oops, wrong room')!, 'wrong room');
    await live.join(vault.id);
    await live.post(vault.id, 'the vault codeword is swordfish');
    const admins = new ParleyClient({ server: provisioning.url });
    await admins.session.login('admin', ADMIN_PASSWORD);
    await admins.session.http.post(`/v1/rooms/${lobby.id}/messages/remove`, { contains: 'spam' });
    // And with the command line: an alert and a story.
    for (const args of [['--alert', 'fire drill at noon'], ['--story-title', 'Release notes', 'Faster search.\nFewer bugs.']]) {
      const posted = await alice.run(['post', '--room', lobby.uri, ...args]);
      expect({ code: posted.code, err: posted.err }).toEqual({ code: 0, err: '' });
    }
    // History is a projection: wait until it has caught up with the last post and the removal.
    await until(async () => (await shown(bob, lobby.id)).length === 9, 30_000, 'the lobby’s history caught up');
    await until(async () => (await shown(bob, lobby.id)).includes('[removed by a moderator]'), 30_000, 'the removal reached the history');
  });

  afterAll(async () => {
    await Promise.all(lives.map((l) => l.close()));
    for (const service of services.reverse()) await service.stop();
    await nats?.stop();
    for (const dir of Object.values(dirs)) dir.remove();
  });

  it('prints a room’s history for people: time, author, text, and what became of edited, redacted and removed messages', async () => {
    const { code, out, err } = await bob.run(['history', '--room', lobby.uri]);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('-- Lobby');
    expect(lines[1]).toMatch(/^-- \d{4}-\d\d-\d\d$/);
    const line = (text: string) => new RegExp(`^\\d\\d:\\d\\d:\\d\\d #${seqOf.get(text)} Alice Martin: `);
    expect(lines.slice(2, 9)).toEqual([
      expect.stringMatching(line('hello, history')),
      expect.stringMatching(/: final text \(edited\)$/),
      expect.stringMatching(/: \(redacted\)$/),
      expect.stringMatching(/: \(removed by a moderator\) \[removed by a moderator\]$/),
      expect.stringMatching(/: robert'\); DROP TABLE students; --$/),
      expect.stringMatching(line('a b x marker')),
      expect.stringMatching(line('another marker')),
    ]);
    expect(lines.slice(9)).toEqual([expect.stringMatching(/ Alice Martin: \[alert\] fire drill at noon$/), expect.stringMatching(/ Alice Martin: \[story\] Release notes$/), '    Faster search.', '    Fewer bugs.']);
  });

  it('pages: --last N, then --before the first seq shown, and --after from the start', async () => {
    const last = await bob.json<HistoryPage>(['history', '--room', lobby.id, '--last', '3']);
    expect(texts(last)).toEqual(['another marker', 'fire drill at noon', 'Faster search.']);
    const older = await bob.run(['history', '--room', lobby.id, '--before', String(last.messages[0]!.seq), '--limit', '2']);
    expect(older.out).toMatch(/: robert'\); DROP TABLE students; --\n.*: a b x marker\nmore: --before \d+\n$/);
    const first = await bob.json<HistoryPage>(['history', '--room', lobby.id, '--after', '0', '--limit', '2']);
    expect(texts(first)).toEqual(['hello, history', 'final text']);
    expect(first.firstSeq).toBe(seqOf.get('hello, history'));
    expect((await bob.run(['history', '--room', lobby.id, '--after', '0', '--limit', '2'])).out).toMatch(/\nmore: --after \d+\n$/);
  });

  it('searches the rooms one may read, by words, author and date, a page at a time', async () => {
    const found = await bob.run(['search', 'fire drill']);
    expect(found.out).toMatch(new RegExp(`^! \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d \\[Lobby\\] Alice Martin: fire drill at noon  \\(parley://room/${lobby.id}\\?seq=\\d+\\)\\n$`));
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    expect(hits(await bob.json<SearchPage>(['search', 'history', '--from', 'alice', '--since', hourAgo]))).toEqual(['hello, history']);
    expect((await bob.run(['search', 'history', '--from', 'bob'])).out).toBe('no matches\n');
    expect((await bob.run(['search', 'history', '--since', '2999-01-01'])).out).toBe('no matches\n');
    // Edited text is found as it reads now; redacted and removed messages are not found at all.
    expect(hits(await bob.json<SearchPage>(['search', 'final']))).toEqual(['final text']);
    expect(hits(await bob.json<SearchPage>(['search', 'draft']))).toEqual([]);
    expect(hits(await bob.json<SearchPage>(['search', 'oops']))).toEqual([]);
    expect(hits(await bob.json<SearchPage>(['search', 'spam']))).toEqual([]);

    const first = await bob.run(['search', 'marker', '--room', lobby.uri, '--limit', '1']);
    expect(first.out).toMatch(/ Alice Martin: another marker {2}\(parley:\/\/room\/\S+\)\nmore: --after \S+\n$/);
    const cursor = /\nmore: --after (\S+)\n$/.exec(first.out)![1]!;
    const second = await bob.json<SearchPage>(['search', 'marker', '--room', lobby.uri, '--limit', '1', '--after', cursor]);
    expect(second).toMatchObject({ items: [{ text: 'a b x marker', room: { id: lobby.id, name: 'Lobby' }, author: { name: 'Alice Martin' } }], next: null });
  });

  it('never shows a secret room to someone who is not in it', async () => {
    await until(async () => hits(await alice.json<SearchPage>(['search', 'swordfish'])).length === 1, 20_000, 'the vault’s message is searchable');
    expect(await shown(alice, vault.id)).toEqual(['the vault codeword is swordfish']);
    expect(await bob.run(['search', 'swordfish'])).toEqual({ code: 0, out: 'no matches\n', err: '' });
    expect(hits(await bob.json<SearchPage>(['search', 'codeword', '--from', 'alice']))).toEqual([]);
    await refused(bob, ['history', '--room', vault.uri], `parley: --room: no room "${vault.uri}" that you may see`);
    await refused(bob, ['search', 'swordfish', '--room', vault.id], /^parley: --room: no room/);
  });

  it('takes SQL metacharacters and full-text operators as plain text', async () => {
    const dropped = await bob.json<SearchPage>(['search', "'; DROP TABLE --", '--room', lobby.id]);
    expect(hits(dropped)).toEqual(["robert'); DROP TABLE students; --"]);
    expect(hits(await bob.json<SearchPage>(['search', 'a & !b | "x"', '--room', lobby.id]))).toEqual(['a b x marker']);
    for (const text of ['"unclosed phrase', 'NEAR(hello history) OR NOT *', "' OR 1=1 --", '%_\\', ';']) {
      const result = await bob.run(['search', text]);
      expect({ text, code: result.code, err: result.err }).toEqual({ text, code: 0, err: '' });
    }
    // The tables are still there.
    expect(texts(await bob.json<HistoryPage>(['history', '--room', lobby.id, '--last', '1']))).toEqual(['Faster search.']);
  });

  it('refuses bad input with one line', async () => {
    await refused(bob, ['history', '--room', lobby.id, '--last', 'ten'], 'parley: --last must be a whole number above 0, got "ten"');
    await refused(bob, ['history', '--room', lobby.id, '--before', '5', '--after', '1'], 'parley: give at most one of --last, --before, --after and --around (got --before and --after)');
    await refused(bob, ['history', '--room', '0190c3a4-7c1e-7d2a-9f00-1a2b3c4d5e6f'], 'parley: --room: no room "0190c3a4-7c1e-7d2a-9f00-1a2b3c4d5e6f" that you may see');
    await refused(bob, ['history', '--room', 'General/Lobby'], /^parley: --room: only administrators may find rooms by path/);
    await refused(bob, ['search', ''], 'parley: TEXT is empty');
    await refused(bob, ['search', 'x', '--since', 'yesterday'], 'parley: --since must be a date like 2026-03-01');
    await refused(bob, ['search', 'x', '--after', 'not-a-cursor'], /^parley: invalid search: after: /);
  });
});
