import { ConflictError, type ProjectionView, type RebuildJob } from '@parley/contracts';
import { runCli } from '../cli.fixture.js';

const job = (changes: Partial<RebuildJob> = {}): RebuildJob => ({
  id: 'j-1',
  projection: 'history',
  instanceId: 'channel-1',
  state: 'running',
  startedAt: '2026-11-26T10:00:00.000Z',
  finishedAt: null,
  applied: 0,
  target: 12_000,
  seconds: 0,
  eventsPerS: 0,
  error: null,
  ...changes,
});
const done = job({ state: 'done', applied: 12_500, target: 12_500, seconds: 1.25, eventsPerS: 10_000, finishedAt: '2026-11-26T10:00:01.250Z' });

/** A server whose rebuilds report each of `reports` in turn when polled. */
function server(...reports: (RebuildJob | undefined)[]) {
  const projections = {
    list: jest.fn((): Promise<ProjectionView[]> => Promise.resolve([])),
    rebuild: jest.fn((name: string) => Promise.resolve(job({ projection: name, id: `j-${name}` }))),
    job: jest.fn((name: string, id: string) => {
      const next = reports.length > 1 ? reports.shift() : reports[0];
      return Promise.resolve(next && { ...next, projection: name, id });
    }),
  };
  return { api: { projections }, projections };
}

describe('parley projections', () => {
  it('lists every instance of every projection, and projections no instance answered for', async () => {
    const { api, projections } = server();
    projections.list.mockResolvedValue([
      {
        name: 'history',
        service: 'channel',
        instances: [
          { instanceId: 'channel-1', state: 'live', position: 12_500, lag: { events: 0, seconds: 0 }, rebuild: done },
          { instanceId: 'channel-2', state: 'catching-up', position: 12_000, lag: { events: 500, seconds: 2.5 }, rebuild: null },
        ],
        rebuild: done,
      },
      { name: 'files', service: 'files', instances: [], rebuild: null },
    ]);
    const { code, out } = await runCli(['projections', 'list'], api);
    expect(code).toBe(0);
    expect(out.split('\n')).toEqual([
      'PROJECTION  SERVICE  INSTANCE         STATE        POSITION  LAG                REBUILD',
      'history     channel  channel-1        live         12500     0 events, 0.0 s    done 2026-11-26T10:00:01.250Z: 12,500 events in 1.25 s',
      'history     channel  channel-2        catching-up  12000     500 events, 2.5 s  -',
      'files       files    (none answered)  -            -         -                  -',
      '',
    ]);
  });

  it('rebuilds a projection, showing progress until it ends with its events, seconds and events/s', async () => {
    const { api, projections } = server(job({ applied: 6_000, eventsPerS: 9_000 }), done);
    const { code, out, err } = await runCli(['projections', 'rebuild', 'history'], api);
    expect({ code, out }).toEqual({ code: 0, out: 'history rebuilt on channel-1: 12,500 events in 1.25 s (10,000 events/s)\n' });
    expect(err).toBe(
      'rebuilding history on channel-1: 0 of 12,000 events (0%), 0 events/s\n' + 'rebuilding history on channel-1: 6,000 of 12,000 events (50%), 9,000 events/s\n',
    );
    expect(projections.rebuild).toHaveBeenCalledWith('history');
    expect(projections.job).toHaveBeenCalledWith('history', 'j-history');
  });

  it('prints one JSON line per progress report with --json, the result last', async () => {
    const { api } = server(job({ applied: 6_000 }), done);
    const { code, out, err } = await runCli(['projections', 'rebuild', 'history', '--json'], api);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const lines = out.trimEnd().split('\n').map((line) => JSON.parse(line) as RebuildJob);
    expect(lines.map((l) => [l.state, l.applied])).toEqual([
      ['running', 0],
      ['running', 6_000],
      ['done', 12_500],
    ]);
  });

  it('returns at once with --no-wait, and rebuilds every projection in turn with --all', async () => {
    const { api, projections } = server(done);
    expect((await runCli(['projections', 'rebuild', 'files', '--no-wait'], api)).out).toBe('rebuilding files on channel-1 (job j-files); "parley projections list" shows how far it got\n');
    expect(projections.job).not.toHaveBeenCalled();
    const all = await runCli(['projections', 'rebuild', '--all'], api);
    expect(all.code).toBe(0);
    expect(all.out.split('\n').map((line) => line.split(' ')[0])).toEqual(['history', 'files', 'provisioning', '']);
    expect(projections.rebuild.mock.calls.slice(1)).toEqual([['history'], ['files'], ['provisioning']]);
  });

  it('fails with one line and exit 1: no name, a failed rebuild, or one already running', async () => {
    expect(await runCli(['projections', 'rebuild'], server().api)).toMatchObject({
      code: 1,
      err: 'parley: name the projection to rebuild (history, files, provisioning), or give --all to rebuild each in turn\n',
    });
    const failed = await runCli(['projections', 'rebuild', 'history'], server(job({ state: 'failed', error: 'QueryFailedError: disk full', finishedAt: 'now' })).api);
    expect(failed).toMatchObject({ code: 1, out: '' });
    expect(failed.err).toMatch(/\nparley: rebuilding history on channel-1 failed: QueryFailedError: disk full\n$/);
    const { api, projections } = server();
    projections.rebuild.mockRejectedValue(new ConflictError('projection history is being rebuilt already, by channel-2 since 2026-11-26T10:00:00.000Z: wait for it to finish'));
    expect(await runCli(['projections', 'rebuild', 'history'], api)).toMatchObject({ code: 1, err: 'parley: projection history is being rebuilt already, by channel-2 since 2026-11-26T10:00:00.000Z: wait for it to finish\n' });
  });
});
