import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NatsServer, S3rverServer, SupervisedProcess } from '@parley/supervisor';
import { Api } from '../directory/http.js';

// From infra/bench/dist/files/ to the built services: a separate process is what production runs.
const entry = (service: string) => join(__dirname, '..', '..', '..', '..', 'apps', service, 'dist', 'main.js');
export const BUCKET = 'bench-files';

/** The services of a files bench, started in order and stopped in reverse. */
export interface FilesWorld {
  s3: S3rverServer;
  /** The files service's base URL, and the administrator's token for it. */
  filesUrl: string;
  token: string;
  roomId: string;
  /** The files service's resident memory now and at its peak since the last `resetPeak`, in bytes (Linux /proc). */
  memory(): { rss: number; peak: number };
  resetPeak(): void;
  stop(): Promise<void>;
}

/** The pid of the process running `main` with PARLEY_NAMESPACE=`namespace` (the watchdog between us hides it). */
function findPid(main: string, namespace: string): number {
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      // argv[1] is the script: the watchdog runs `node -e <watchdog> -- node <main>` with the same environment.
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (argv[1] === main && readFileSync(`/proc/${name}/environ`, 'utf8').split('\0').includes(`PARLEY_NAMESPACE=${namespace}`)) return Number(name);
    } catch {
      // gone, or not ours
    }
  }
  throw new Error(`no process runs ${main} in namespace ${namespace}`);
}

const statusKb = (pid: number, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

/**
 * nats-server, s3rver and the built provisioning, channel and files services (files storing in
 * s3rver), each its own process, in a temporary directory; an administrator signed in, a room,
 * and a file size limit that lets every file of the bench through.
 */
export async function startFilesWorld(maxFileSizeKb: number): Promise<FilesWorld> {
  for (const service of ['provisioning', 'channel', 'files']) if (!existsSync(entry(service))) throw new Error(`${entry(service)} is missing: build it first (npx tsc -b apps/${service})`);
  const root = mkdtempSync(join(tmpdir(), 'parley-bench-files-'));
  const stops: (() => Promise<unknown> | void)[] = [() => rmSync(root, { recursive: true, force: true })];
  const stop = async () => {
    for (const step of stops.reverse()) await step();
  };
  try {
    const nats = await NatsServer.start({ storeDir: join(root, 'nats') });
    stops.push(() => nats.stop());
    const s3 = await S3rverServer.start({ entry: require.resolve('s3rver/bin/s3rver.js'), dir: join(root, 's3') });
    stops.push(() => s3.stop());
    const namespace = `bench${randomBytes(4).toString('hex')}`;
    const password = randomBytes(18).toString('base64url');
    const start = async (service: string, env: Record<string, string>) => {
      const child = SupervisedProcess.spawn(process.execPath, [entry(service)], {
        env: { ...process.env, PARLEY_NATS_URL: nats.url, PARLEY_NAMESPACE: namespace, PARLEY_HTTP_HOST: '127.0.0.1', PARLEY_HTTP_PORT: '0', PARLEY_DATA_DIR: join(root, service), PARLEY_LOG_LEVEL: 'info', ...env },
        onLine: (line) => void (/^\{"level":"(trace|debug|info)"/.test(line) ? undefined : process.stderr.write(`  [${service}] ${line}\n`)),
      });
      stops.push(() => child.stop());
      const ready = await child.waitForLine(new RegExp(`"msg":"parley-${service} ready"`), 60_000, `the ${service} service`);
      return (JSON.parse(ready.input!) as { url: string }).url;
    };
    const [provisioning, , filesUrl] = await Promise.all([
      start('provisioning', { PARLEY_INITIAL_ADMIN_PASSWORD: password, PARLEY_ACCESS_TOKEN_TTL_S: '3600' }),
      start('channel', {}),
      start('files', { PARLEY_FILE_STORE: `s3://${BUCKET}`, PARLEY_S3_ENDPOINT: s3.url, PARLEY_S3_ACCESS_KEY: S3rverServer.accessKey, PARLEY_S3_SECRET_KEY: S3rverServer.secretKey }),
    ]);
    const api = new Api(provisioning);
    stops.push(() => api.close());
    const { accessToken } = await api.expect<{ accessToken: string }>(200, 'POST', '/v1/auth/login', { username: 'admin', password });
    api.signedInAs(accessToken);
    await api.expect(200, 'PATCH', '/v1/config', { maxFileSizeKb });
    const category = await api.expect<{ id: string }>(201, 'POST', '/v1/categories', { name: 'Bench', allowed: [{ kind: 'everyone' }] });
    const room = await api.expect<{ id: string }>(201, 'POST', '/v1/rooms', { categoryId: category.id, name: 'Files' });
    const pid = findPid(entry('files'), namespace);
    return {
      s3,
      filesUrl,
      token: accessToken,
      roomId: room.id,
      memory: () => ({ rss: statusKb(pid, 'VmRSS'), peak: statusKb(pid, 'VmHWM') }),
      // Writing 5 to clear_refs resets the peak resident set size (Linux 4.0+).
      resetPeak: () => writeFileSync(`/proc/${pid}/clear_refs`, '5'),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
