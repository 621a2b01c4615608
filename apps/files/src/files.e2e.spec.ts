import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import * as harness from '@parley/testing';
import { generated } from './store/blob-store.fixture.js';
import { FilesStack, type StoreKind } from './test/files-stack.fixture.js';
import { postFile } from './test/http.fixture.js';

const MB = 1024 * 1024;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300, 9)]);

/** Posting and reading files through the built services, against each store. */
describe.each<StoreKind>(['s3', 'local'])('files in rooms, stored in %s', (kind) => {
  let stack: FilesStack;
  const uploadUrl = (room: string, name: string, extra = '') => `${stack.world.files}/v1/rooms/${room}/files?name=${encodeURIComponent(name)}${extra}`;
  const post = (as: string, room: string, name: string, body: Buffer | Readable, options = {}) => postFile(uploadUrl(room, name), stack.world.tokens.get(as), body, options);
  const download = async (id: string, as = 'alice', headers: Record<string, string> = {}) => {
    const response = await stack.world.get(`/v1/files/${id}`, as, headers);
    return { response, body: Buffer.from(await response.arrayBuffer()) };
  };

  beforeAll(async () => (stack = await FilesStack.start(kind, harness)), 60_000);
  afterAll(() => stack?.stop());

  it.each([
    ['empty', Buffer.alloc(0)],
    ['small', Buffer.from('minutes of the meeting\n')],
    ['binary', Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919 + (i >> 8)) % 256))],
  ])('gives back a %s file byte for byte, with what was posted', async (_kind, content) => {
    const uploaded = await post('alice', stack.rooms.lobby, 'notes.bin', content);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({ roomId: stack.rooms.lobby, name: 'notes.bin', size: content.length, sha256: sha256(content), uploader: { name: 'alice' } });
    const { response, body } = await download(uploaded.body['id'] as string, 'bob');
    expect(response.status).toBe(200);
    expect(body.equals(content)).toBe(true);
    expect(response.headers.get('etag')).toBe(`"${sha256(content)}"`);
  });

  it('streams a 100 MB file up (chunked, its size declared) and down, byte for byte', async () => {
    await stack.limitFiles(200_000);
    const expected = createHash('sha256');
    for await (const chunk of generated(100 * MB, 7)) expected.update(chunk as Buffer);
    const uploaded = await postFile(uploadUrl(stack.rooms.lobby, 'big.bin', `&size=${100 * MB}`), stack.world.tokens.get('alice'), generated(100 * MB, 7));
    expect(uploaded).toMatchObject({ status: 201, body: { size: 100 * MB, sha256: expected.digest('hex') } });
    const response = await stack.world.get(`/v1/files/${uploaded.body['id'] as string}`, 'alice');
    const received = createHash('sha256');
    let size = 0;
    for await (const chunk of Readable.fromWeb(response.body as never)) {
      received.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    expect({ size, sha256: received.digest('hex') }).toEqual({ size: 100 * MB, sha256: uploaded.body['sha256'] });
  }, 120_000);

  it('shows a posted file to everyone in the room at once, and in the room’s list of files', async () => {
    const live = await stack.world.nextEvent('bob', stack.rooms.lobby, 'FilePosted');
    await live.ready;
    const uploaded = await post('alice', stack.rooms.lobby, 'C:\\Users\\alice\\photo\u202Egnp.txt', PNG, { contentType: 'text/plain' });
    expect(uploaded.body).toMatchObject({ name: 'photognp.txt', contentType: 'image/png' });
    expect(await live.event).toMatchObject({ seq: uploaded.body['seq'], actor: { id: expect.any(String) }, data: { fileId: uploaded.body['id'], name: 'photognp.txt', size: PNG.length, contentType: 'image/png', caption: null } });
    const list = await stack.world.json('GET', `/v1/rooms/${stack.rooms.lobby}/files?limit=2`, 'bob');
    expect(list.body['items']).toEqual([expect.objectContaining({ id: uploaded.body['id'] }), expect.anything()]);
    const next = await stack.world.json('GET', `/v1/rooms/${stack.rooms.lobby}/files?limit=50&after=${list.body['next'] as string}`, 'bob');
    expect((next.body['items'] as unknown[]).length).toBeGreaterThan(0);
    // The last page says so, even when it is full.
    expect(next.body['next']).toBeNull();
    const all = (list.body['items'] as unknown[]).length + (next.body['items'] as unknown[]).length;
    const exact = await stack.world.json('GET', `/v1/rooms/${stack.rooms.lobby}/files?limit=${all}`, 'bob');
    expect(exact.body).toMatchObject({ items: expect.any(Array), next: null });
    expect((exact.body['items'] as unknown[]).length).toBe(all);
  });

  it('answers ranges, names the file safely, and records every download for compliance', async () => {
    const content = Buffer.from('0123456789');
    const id = (await post('alice', stack.rooms.team, 'Résumé; 100%.txt', content)).body['id'] as string;
    const head = await fetch(`${stack.world.files}/v1/files/${id}`, { method: 'HEAD', headers: { authorization: `Bearer ${stack.world.tokens.get('alice')}` } });
    expect([head.status, head.headers.get('content-length'), head.headers.get('content-type')]).toEqual([200, '10', 'text/plain; charset=utf-8']);
    const { response, body } = await download(id, 'alice', { range: 'bytes=2-5' });
    expect(response.status).toBe(206);
    expect(body.toString()).toBe('2345');
    expect(response.headers.get('content-range')).toBe('bytes 2-5/10');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="Resume; 100_.txt"; filename*=UTF-8''R%C3%A9sum%C3%A9%3B%20100%25.txt`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await download(id, 'alice', { range: 'bytes=10-' })).response.status).toBe(416);
    await harness.until(async () => (await stack.activity(stack.rooms.team, 'FileDownloaded')).length === 1);
    const [recorded] = await stack.activity(stack.rooms.team, 'FileDownloaded');
    expect(recorded!.event.data).toEqual({ userId: expect.any(String), fileId: id, name: 'Résumé; 100%.txt', range: { start: 2, end: 5 }, via: 'token' });
  });

  it('lets only those who may post upload, and only those who may read download', async () => {
    const teamFile = (await post('alice', stack.rooms.team, 'plan.txt', Buffer.from('plan'))).body['id'] as string;
    const before = await stack.objects();
    expect(await post('bob', stack.rooms.team, 'x.txt', Buffer.from('x'))).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN', message: 'you may not post in room "Team"' } } });
    expect(await post('alice', stack.rooms.quiet, 'x.txt', Buffer.from('x'))).toMatchObject({ status: 403, body: { error: { message: 'file upload is off in the category of room "Quiet"' } } });
    expect((await post('alice', 'no-such-room', 'x.txt', Buffer.from('x'))).status).toBe(404);
    expect((await post('', stack.rooms.lobby, 'x.txt', Buffer.from('x'))).status).toBe(401);
    expect((await download(teamFile, 'bob')).response.status).toBe(403);
    expect((await stack.world.json('GET', `/v1/files/${teamFile}/info`, 'bob')).status).toBe(403);
    expect((await stack.world.json('GET', `/v1/rooms/${stack.rooms.team}/files`, 'bob')).status).toBe(403);
    expect((await stack.world.get(`/v1/files/${teamFile}`, undefined)).status).toBe(401);
    expect(await stack.objects()).toEqual(before);
  });

  it('hands out short-lived links that download without a header, for the one who asked', async () => {
    const id = (await post('alice', stack.rooms.team, 'link.txt', Buffer.from('by link'))).body['id'] as string;
    const link = await stack.world.json('POST', `/v1/files/${id}/link`, 'alice');
    expect(link.body).toMatchObject({ url: expect.stringContaining(`/v1/files/${id}?user=`), expiresAt: expect.any(String) });
    const byLink = await fetch(link.body['url'] as string);
    expect(await byLink.text()).toBe('by link');
    expect((await fetch((link.body['url'] as string).replace(/signature=[^&]+/, 'signature=forged'))).status).toBe(401);
    expect((await stack.world.json('POST', `/v1/files/${id}/link`, 'bob')).status).toBe(403);
    await harness.until(async () => (await stack.activity(stack.rooms.team, 'FileDownloaded')).some((s) => (s.event.data as { via: string }).via === 'link'));
  });
});
