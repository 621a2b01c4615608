import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DownloadedFile, UploadSource } from '@parley/sdk';
import { updateText } from '../chat/tail-output.js';
import { runCli } from '../cli.fixture.js';

const view = {
  id: 'f-1',
  roomId: 'r-1',
  seq: 57,
  name: 'report.pdf',
  size: 1_536,
  contentType: 'application/pdf',
  sha256: 'a'.repeat(64),
  uploader: { id: 'u-alice', name: 'alice' },
  postedAt: '2026-03-01T09:30:00.000Z',
  caption: null,
};

function fakeApi(content = Buffer.from('the report')) {
  const files = {
    upload: jest.fn((_room: string, source: UploadSource, _options: unknown) => Promise.resolve({ ...view, name: source.name, size: source.size })),
    list: jest.fn(() => Promise.resolve({ items: [view], next: null })),
    download: jest.fn(
      (): Promise<DownloadedFile> =>
        Promise.resolve({ name: 'report.pdf', size: content.length, contentType: 'application/pdf', sha256: createHash('sha256').update(content).digest('hex'), body: new Blob([content]).stream() }),
    ),
  };
  return { api: { endpoints: jest.fn(() => Promise.resolve({ channel: 'http://c.test', files: 'http://files.test' })), files: jest.fn(() => files) }, files };
}

describe('parley file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cli-files-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has examples in the help of each command', async () => {
    for (const command of ['upload', 'download', 'list']) {
      const { out, code } = await runCli(['file', command, '--help']);
      expect(code).toBe(0);
      expect(out).toMatch(new RegExp(`Examples:\\n[\\s\\S]*parley file ${command}`));
    }
  });

  it('uploads a file with its name and size to the files service the server names', async () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'some notes');
    const { api, files } = fakeApi();
    const { code, out } = await runCli(['file', 'upload', '--room', 'r-1', '--caption', 'for Monday', path], api);
    expect(code).toBe(0);
    expect(api.files).toHaveBeenCalledWith('http://files.test');
    expect(files.upload).toHaveBeenCalledWith('r-1', expect.objectContaining({ name: 'notes.txt', size: 10 }), { caption: 'for Monday' });
    expect(out).toMatch(/^file: +notes\.txt\nid: +f-1\n[\s\S]*size: +10 B \(10 bytes\)/);
  });

  it('refuses what is not a file, and a server without a files service, in one line', async () => {
    expect((await runCli(['file', 'upload', '--room', 'r-1', join(dir, 'missing.txt')], fakeApi().api)).err).toBe(`parley: ${join(dir, 'missing.txt')}: no such file\n`);
    const { api } = fakeApi();
    api.endpoints.mockResolvedValue({ channel: 'http://c.test', files: undefined as unknown as string });
    writeFileSync(join(dir, 'x.txt'), 'x');
    expect((await runCli(['file', 'upload', '--room', 'r-1', join(dir, 'x.txt')], api)).err).toBe('parley: the server names no files service: give its URL with --files\n');
  });

  it('saves a download after checking its SHA-256, and never replaces a file unasked', async () => {
    const target = join(dir, 'saved.pdf');
    const { api } = fakeApi();
    const saved = await runCli(['file', 'download', 'f-1', '-o', target, '--files', 'http://other.test'], api);
    expect(saved.code).toBe(0);
    expect(api.files).toHaveBeenCalledWith('http://other.test');
    expect(readFileSync(target, 'utf8')).toBe('the report');
    expect(saved.out).toMatch(/^saved .*saved\.pdf \(10 B, SHA-256 [0-9a-f]{64}\)\n$/);
    expect((await runCli(['file', 'download', 'f-1', '-o', target], fakeApi(Buffer.from('other')).api)).err).toMatch(/saved\.pdf exists: give another name with -o, or --force to replace it/);
    expect((await runCli(['file', 'download', 'f-1', '-o', target, '--force'], fakeApi(Buffer.from('other')).api)).code).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe('other');
  });

  it('keeps nothing of a download that does not match its SHA-256', async () => {
    const { api, files } = fakeApi();
    files.download.mockResolvedValue({ name: 'x', size: 3, contentType: 'text/plain', sha256: 'b'.repeat(64), body: new Blob(['abc']).stream() });
    const target = join(dir, 'corrupt.txt');
    expect((await runCli(['file', 'download', 'f-1', '-o', target], api)).err).toMatch(/does not match the file's SHA-256 \(3 of 3 bytes received\)/);
    expect(() => readFileSync(target)).toThrow();
    expect(() => readFileSync(`${target}.part`)).toThrow();
  });

  it('lists a room’s files as a table, or as the API answered with --json', async () => {
    const { out } = await runCli(['file', 'list', '--room', 'r-1'], fakeApi().api);
    expect(out).toBe('SEQ  NAME        SIZE    TYPE             BY     POSTED               ID\n57   report.pdf  1.5 KB  application/pdf  alice  2026-03-01 09:30:00  f-1\n');
    expect(JSON.parse((await runCli(['file', 'list', '--room', 'r-1', '--json'], fakeApi().api)).out)).toEqual({ items: [view], next: null });
  });

  it('shows a posted file in a room’s tail, with how to get it', async () => {
    const event = { id: 'e1', type: 'FilePosted', seq: 57, actor: { kind: 'user' as const, id: 'u-alice' }, occurredAt: '2026-03-01T09:30:00.000Z', data: { fileId: 'f-1', name: 'report.pdf', size: 2_097_152, contentType: 'application/pdf', sha256: 'a'.repeat(64), caption: 'Q3' } };
    const line = await updateText({ type: 'event', room: 'r-1', seq: 57, event, backchat: false }, { name: () => Promise.resolve('alice'), remember: () => undefined } as never);
    expect(line).toMatch(/#57 alice posted report\.pdf \(2\.0 MB; parley file download f-1\): Q3$/);
  });
});
