import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type Io } from './cli.js';
import { Latency } from './report/latency.js';
import type { LoadReport } from './report/report.js';

const percentiles = { count: 4, mean: 2, p50: 2, p90: 3, p99: 3, p999: 3, max: 3 };
const report: LoadReport = {
  scenario: 'smoke',
  runId: 'abc123',
  target: 'http://127.0.0.1:8083',
  startedAt: '2026-11-26T09:00:00.000Z',
  seconds: 2,
  users: 2,
  rooms: 1,
  posts: { sent: 2, acknowledged: 2, failed: 0, perSecond: 1 },
  deliveries: { expected: 4, received: 4, lost: 0, duplicated: 0, perSecond: 2 },
  latency: { ack: percentiles, delivery: percentiles },
  operations: {},
  errors: {},
  timeline: [{ second: 0, posts: 1, deliveries: 2 }, { second: 1, posts: 1, deliveries: 2 }],
  histograms: { ack: '', delivery: '' },
};

describe('parley-load', () => {
  let dir: string;
  let out: string;
  let err: string;
  const io = (extra: Partial<Io> = {}): Io => ({ out: (t) => void (out += t), err: (t) => void (err += t), env: {}, ...extra });
  const scenario = (text: string) => {
    const file = join(dir, 'scenario.yaml');
    writeFileSync(file, text);
    return file;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-load-'));
    out = '';
    err = '';
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a bad scenario file, naming the line and the field', async () => {
    const file = scenario('name: smoke\nusers: 2\nrooms:\n  - count: 1\n    members: 2\nposts:\n  perSecond: 0\ndurationSeconds: 5\nchurn:\n  joinsPerSecond: -1\nspin: 3\n');
    expect(await main(['run', file, '--url', 'http://127.0.0.1:1'], io({ env: { PARLEY_LOAD_ADMIN_PASSWORD: 'x' } }))).toBe(2);
    expect(err).toContain(`${file}:7: posts.perSecond: `);
    expect(err).toContain(`${file}:10: churn.joinsPerSecond: `);
    expect(err).toContain(`${file}:11: spin: unknown field`);
  });

  it('validates a good scenario without running it', async () => {
    const file = scenario('name: smoke\nusers: 2\nrooms:\n  - count: 1\n    members: 2\nposts:\n  perSecond: 1\ndurationSeconds: 2\n');
    expect(await main(['validate', file], io())).toBe(0);
    expect(out).toBe(`${file}: smoke: 2 users, 1 rooms, 1 posts/s for 2 s\n`);
  });

  it('runs, prints the text report and writes the JSON and HTML reports; exits 1 when messages were lost', async () => {
    const file = scenario('name: smoke\nusers: 2\nrooms:\n  - count: 1\n    members: 2\nposts:\n  perSecond: 1\ndurationSeconds: 2\n');
    const [json, html] = [join(dir, 'report.json'), join(dir, 'report.html')];
    const args = ['run', file, '--url', 'http://127.0.0.1:8083', '--json', json, '--html', html];
    const env = { PARLEY_LOAD_ADMIN_PASSWORD: 'secret' };
    const run = jest.fn(async () => report);
    expect(await main(args, io({ env, run }))).toBe(0);
    expect(run).toHaveBeenCalledWith(expect.objectContaining({ name: 'smoke' }), { url: 'http://127.0.0.1:8083', admin: { username: 'admin', password: 'secret' } }, expect.any(Function));
    expect(out).toContain('deliveries  4 of 4 expected, 0 lost, 0 duplicated');
    expect(JSON.parse(readFileSync(json, 'utf8'))).toEqual(report);
    expect(readFileSync(html, 'utf8')).toMatch(/<svg[^>]*aria-label="latency percentiles"/);

    const lossy = { ...report, deliveries: { ...report.deliveries, received: 3, lost: 1 } };
    expect(await main(args, io({ env, run: async () => lossy }))).toBe(1);
  });

  it('needs the administrator password from the environment, not the command line', async () => {
    const file = scenario('name: smoke\nusers: 1\nrooms:\n  - count: 1\n    members: 1\nposts:\n  perSecond: 1\ndurationSeconds: 1\n');
    expect(await main(['run', file, '--url', 'http://127.0.0.1:8083'], io())).toBe(2);
    expect(err).toContain('PARLEY_LOAD_ADMIN_PASSWORD');
  });

  describe('merge', () => {
    const histogram = (...ms: number[]) => {
      const latency = new Latency();
      for (const v of ms) latency.recordMs(v);
      return latency.encoded();
    };
    const run = (runId: string, startedAt: string, ack: number[], extra: Partial<LoadReport> = {}): LoadReport => ({
      ...report,
      runId,
      startedAt,
      histograms: { ack: histogram(...ack), delivery: histogram(...ack.map((v) => v * 2)), join: histogram(5) },
      operations: { join: { ok: 1, failed: 0 } },
      ...extra,
    });
    const write = (name: string, r: unknown) => {
      const file = join(dir, name);
      writeFileSync(file, typeof r === 'string' ? r : JSON.stringify(r));
      return file;
    };

    it('adds up runs made at the same time from several machines, with percentiles from the merged histograms', async () => {
      const a = write('a.json', run('aaa111', '2026-11-26T09:00:00.000Z', [1, 2, 3]));
      const b = write('b.json', run('bbb222', '2026-11-26T09:00:01.000Z', [100], { errors: { UNAVAILABLE: 2 }, operations: { join: { ok: 3, failed: 1 } } }));
      const json = join(dir, 'merged.json');
      expect(await main(['merge', a, b, '--json', json], io())).toBe(1); // a join failed
      const merged = JSON.parse(readFileSync(json, 'utf8')) as LoadReport;
      expect(merged).toMatchObject({
        runId: 'aaa111+bbb222',
        merged: ['aaa111', 'bbb222'],
        startedAt: '2026-11-26T09:00:00.000Z',
        seconds: 3,
        users: 4,
        posts: { sent: 4, acknowledged: 4, failed: 0, perSecond: 2 },
        deliveries: { expected: 8, received: 8, lost: 0 },
        operations: { join: { ok: 4, failed: 1 } },
        errors: { UNAVAILABLE: 2 },
      });
      // HDR histograms keep three significant digits.
      expect(merged.latency.ack).toMatchObject({ count: 4, p50: 2 });
      expect(Math.round(merged.latency.ack.max)).toBe(100);
      expect(Math.round(merged.latency.delivery.max)).toBe(200);
      expect(merged.latency.join?.count).toBe(2);
      // The second run began a second later: its seconds are laid one further on.
      expect(merged.timeline).toEqual([
        { second: 0, posts: 1, deliveries: 2 },
        { second: 1, posts: 2, deliveries: 4 },
        { second: 2, posts: 1, deliveries: 2 },
      ]);
      expect(out).toContain('merged from 2 runs: aaa111, bbb222');
      expect(out).toContain('join        4 done, 1 failed');
    });

    it('refuses reports of different scenarios, and files that are not reports, writing nothing', async () => {
      const a = write('a.json', run('aaa111', '2026-11-26T09:00:00.000Z', [1]));
      const other = write('other.json', run('ccc333', '2026-11-26T09:00:00.000Z', [1], { scenario: 'busy-rooms' }));
      const json = join(dir, 'merged.json');
      expect(await main(['merge', a, other, '--json', json], io())).toBe(2);
      expect(err).toContain('different scenarios (smoke, busy-rooms)');
      expect(await main(['merge', a, write('notes.json', '{"hello": 1}'), '--json', json], io())).toBe(2);
      expect(err).toContain('notes.json is not a report written by parley-load run --json');
      expect(await main(['merge', a, write('broken.json', '{'), '--json', json], io())).toBe(2);
      expect(err).toContain('cannot read');
      expect(await main(['merge', a], io())).toBe(2);
      expect(() => readFileSync(json)).toThrow();
    });
  });
});
