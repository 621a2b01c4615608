import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { runCli } from '../cli.fixture.js';

const hold = { id: 'h-1', caseName: 'SEC v. Doe', target: { kind: 'user', id: 'u-1', label: 'jdoe' }, note: '', placedAt: '2026-03-02T09:00:00.000Z', placedBy: 'carol', active: true, releasedAt: null, releasedBy: null, releaseNote: null };

function compliance() {
  return {
    placeHold: jest.fn(() => Promise.resolve(hold)),
    setRetention: jest.fn(() => Promise.resolve([])),
    export: jest.fn(async (_query: unknown, into: Writable) => {
      await new Promise<void>((resolve) => into.end('<Conversations />\n', resolve));
      return 'parley-compliance-start-now.xml';
    }),
    verify: jest.fn(() => Promise.resolve({ id: 'j-1', kind: 'verify', state: 'done', result: { ok: false, checked: { chat: 3, activity: 0 }, heads: { chat: 'x', activity: 'y' }, firstDivergence: { log: 'chat', position: 3, problem: 'its content differs from the log' } } })),
  };
}

describe('parley compliance', () => {
  it('finds the compliance service where the server advertises it, or at --compliance', async () => {
    const client = compliance();
    const endpoints = (compliance?: string) => jest.fn(() => Promise.resolve({ channel: 'http://chat.bank.test:8081', ...(compliance ? { compliance } : {}) }));
    const api = { server: 'http://chat.bank.test:8083', endpoints: endpoints('http://chat.bank.test:8084'), compliance: jest.fn(() => client) };
    expect((await runCli(['compliance', 'hold', 'add', '--case', 'SEC v. Doe', '--user', 'jdoe'], api)).code).toBe(0);
    expect(api.compliance).toHaveBeenLastCalledWith('http://chat.bank.test:8084');
    expect(client.placeHold).toHaveBeenCalledWith({ caseName: 'SEC v. Doe', user: 'jdoe', room: undefined, note: undefined });
    await runCli(['compliance', 'retention', 'set', '--category', 'Markets', '--days', '3650', '--compliance', 'https://compliance.bank.test/'], api);
    expect(api.compliance).toHaveBeenLastCalledWith('https://compliance.bank.test');
    expect(client.setRetention).toHaveBeenCalledWith({ kind: 'category', ref: 'Markets' }, 3650);
    const elsewhere = await runCli(['compliance', 'retention', 'list'], { ...api, server: 'https://chat.bank.test', endpoints: endpoints() });
    expect(elsewhere).toMatchObject({ code: 1, err: expect.stringContaining('give its address with --compliance URL') });
  });

  it('export writes the file under the server’s name, whole or not at all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-cli-export-'));
    try {
      const client = compliance();
      const { code, out } = await runCli(['compliance', 'export', '--format', 'xml', '--from', '2026-03-01T00:00:00Z', '--user', 'jdoe', '-o', dir], { server: 'http://127.0.0.1:8083', endpoints: () => Promise.resolve({ channel: '', compliance: 'http://127.0.0.1:8084' }), compliance: () => client });
      expect(code).toBe(0);
      expect(client.export).toHaveBeenCalledWith({ format: 'xml', from: '2026-03-01T00:00:00Z', to: undefined, room: undefined, user: 'jdoe', keyword: undefined }, expect.anything());
      expect(readdirSync(dir)).toEqual(['parley-compliance-start-now.xml']);
      expect(readFileSync(join(dir, 'parley-compliance-start-now.xml'), 'utf8')).toBe('<Conversations />\n');
      expect(out).toContain('parley-compliance-start-now.xml (18 bytes)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('verify names the first divergence and exits 1', async () => {
    const { out } = await runCli(['compliance', 'verify'], { server: 'http://127.0.0.1:8083', endpoints: () => Promise.resolve({ channel: '', compliance: 'http://127.0.0.1:8084' }), compliance: () => compliance() });
    expect(out).toBe('DIVERGENCE at chat log position 3: its content differs from the log\n');
    expect(process.exitCode).toBe(1);
    process.exitCode = 0;
  });
});
