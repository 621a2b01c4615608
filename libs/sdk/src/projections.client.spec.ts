import { NotFoundError, type RebuildJob } from '@parley/contracts';
import { fakeServer, tokens } from './fake-server.fixture.js';
import { ParleyClient } from './parley-client.js';

const job = (id: string, state: RebuildJob['state']): RebuildJob => ({
  id,
  projection: 'history',
  instanceId: 'channel-2',
  state,
  startedAt: '2026-11-26T10:00:00.000Z',
  finishedAt: null,
  applied: 10,
  target: 20,
  seconds: 0.5,
  eventsPerS: 20,
  error: null,
});
const instance = (instanceId: string, rebuild: RebuildJob | null) => ({ instanceId, state: 'live', position: 20, lag: { events: 0, seconds: 0 }, rebuild });

describe('the projections client', () => {
  it('lists projections, starts a rebuild, and finds its job on whichever instance runs it', async () => {
    const list = [{ name: 'history', service: 'channel', instances: [instance('channel-1', job('old', 'done')), instance('channel-2', job('j-2', 'running'))], rebuild: job('j-2', 'running') }];
    const server = fakeServer((r) =>
      r.path === '/v1/auth/login'
        ? { status: 200, body: tokens(1) }
        : r.method === 'POST'
          ? r.path.includes('nope')
            ? { status: 404, body: { error: { code: 'NOT_FOUND', message: 'no projection "nope/x"' } } }
            : { status: 202, body: job('j-2', 'running') }
          : { status: 200, body: list },
    );
    const client = new ParleyClient({ server: 'http://parley.test', fetch: server.fetch });
    await client.session.login('admin', 'pw');
    expect(await client.projections.rebuild('history')).toMatchObject({ id: 'j-2', state: 'running' });
    await expect(client.projections.rebuild('nope/x')).rejects.toBeInstanceOf(NotFoundError);
    expect(await client.projections.job('history', 'j-2')).toMatchObject({ instanceId: 'channel-2', applied: 10 });
    expect(await client.projections.job('history', 'gone')).toBeUndefined();
    expect(await client.projections.job('files', 'j-2')).toBeUndefined();
    expect(server.seen.slice(1, 3).map(({ method, path }) => `${method} ${path}`)).toEqual(['POST /v1/admin/projections/history/rebuild', 'POST /v1/admin/projections/nope%2Fx/rebuild']);
  });
});
