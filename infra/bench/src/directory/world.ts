import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { generateDirectoryLdif, ldifEntry, sshaPassword, type DirectoryConfigInput } from '@parley/directory';
import { EventLog } from '@parley/eventlog';
import { NatsServer, SlapdServer, SupervisedProcess } from '@parley/supervisor';
import { Api } from './http.js';

// From infra/bench/dist/directory/ to the built service. Apps are not importable by other
// projects (Nx module boundaries), and a separate process is what production runs anyway.
const SERVICE_ENTRY = join(__dirname, '..', '..', '..', '..', 'apps', 'provisioning', 'dist', 'main.js');

const SUFFIX = 'dc=parley,dc=test';
const SERVICE_ACCOUNT = { bindDn: `cn=parley-svc,${SUFFIX}`, bindPassword: 'service-secret' };
/** Every generated user's password. */
export const USER_PASSWORD = 'Bench-password-1';

export interface WorldOptions {
  users: number;
  groups: number;
  /** Where the service writes its CPU profiles (node --cpu-prof), if anywhere. */
  profileDir?: string | undefined;
}

/** Everything a directory bench runs against, started in order and stopped in reverse. */
export interface World {
  api: Api;
  nc: NatsConnection;
  /** The service's event log, read by the bench (same namespace). */
  log: EventLog;
  /** How the service reads the directory: the bench binds and reads with the same settings. */
  directory: DirectoryConfigInput;
  timings: { slapaddMs: number; serviceStartMs: number };
  stop(): Promise<void>;
}

/** The generated directory, plus the service account the service reads it with (not the rootdn: access rules and size limits apply). */
function* directoryLdif(users: number, groups: number): Generator<string> {
  yield* generateDirectoryLdif({ users, groups, seed: 1, suffix: SUFFIX, password: USER_PASSWORD, chunkEntries: 1_000 });
  yield ldifEntry(SERVICE_ACCOUNT.bindDn, {
    objectClass: ['applicationProcess', 'simpleSecurityObject'],
    cn: 'parley-svc',
    userPassword: sshaPassword(SERVICE_ACCOUNT.bindPassword, randomBytes(4)),
  });
}

/**
 * Starts nats-server and slapd (loaded by slapadd with a generated directory, streamed) in a
 * temporary directory, then the built provisioning service as its own process, signed in as its
 * first administrator. `stop()` ends them all and deletes the directory.
 */
export async function startWorld(options: WorldOptions): Promise<World> {
  if (!existsSync(SERVICE_ENTRY)) throw new Error(`${SERVICE_ENTRY} is missing: build it first (npx tsc -b apps/provisioning)`);
  const root = mkdtempSync(join(tmpdir(), 'parley-bench-directory-'));
  const stops: (() => Promise<unknown> | void)[] = [() => rmSync(root, { recursive: true, force: true })];
  const stop = async () => {
    for (const step of stops.reverse()) await step();
  };
  try {
    mkdirSync(join(root, 'slapd'));
    const nats = await NatsServer.start({ storeDir: join(root, 'nats') });
    stops.push(() => nats.stop());
    let started = performance.now();
    const slapd = await SlapdServer.start({ dir: join(root, 'slapd'), suffix: SUFFIX, ldif: directoryLdif(options.users, options.groups) });
    stops.push(() => slapd.stop());
    const slapaddMs = performance.now() - started;

    const namespace = `bench${randomBytes(4).toString('hex')}`;
    const adminPassword = randomBytes(18).toString('base64url');
    started = performance.now();
    const service = SupervisedProcess.spawn(process.execPath, [...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : []), SERVICE_ENTRY], {
      env: {
        ...process.env,
        PARLEY_NATS_URL: nats.url,
        PARLEY_NAMESPACE: namespace,
        PARLEY_HTTP_HOST: '127.0.0.1',
        PARLEY_HTTP_PORT: '0',
        PARLEY_DATA_DIR: join(root, 'data'),
        // Info, for the line that says it is ready; only warnings and errors are shown.
        PARLEY_LOG_LEVEL: 'info',
        PARLEY_INITIAL_ADMIN_PASSWORD: adminPassword,
        PARLEY_ACCESS_TOKEN_TTL_S: '3600',
        PARLEY_DIRECTORY_URL: slapd.url,
        PARLEY_DIRECTORY_BIND_DN: SERVICE_ACCOUNT.bindDn,
        PARLEY_DIRECTORY_BIND_PASSWORD: SERVICE_ACCOUNT.bindPassword,
        PARLEY_DIRECTORY_BASE_DN: SUFFIX,
        PARLEY_DIRECTORY_SYNC_INTERVAL_S: '0',
        // Every sign-in comes from 127.0.0.1: the address throttle must not count them together.
        PARLEY_SIGNIN_ADDRESS_FREE_FAILURES: '1000000',
      },
      onLine: (line) => {
        if (!/^\{"level":"(trace|debug|info)"/.test(line)) process.stderr.write(`  [provisioning] ${line}\n`);
      },
    });
    stops.push(() => service.stop());
    const ready = await service.waitForLine(/"msg":"parley-provisioning ready"/, 60_000, 'the provisioning service');
    const api = new Api((JSON.parse(ready.input!) as { url: string }).url);
    stops.push(() => api.close());
    const serviceStartMs = performance.now() - started;
    const { accessToken } = await api.expect<{ accessToken: string }>(200, 'POST', '/v1/auth/login', { username: 'admin', password: adminPassword });
    api.signedInAs(accessToken);

    const nc = await connect({ servers: nats.url, noAsyncTraces: true });
    stops.push(() => nc.close());
    const log = await EventLog.open(nc, { namespace });
    stops.push(() => log.close());
    const directory: DirectoryConfigInput = { preset: 'openldap', urls: [slapd.url], ...SERVICE_ACCOUNT, baseDn: SUFFIX };
    return { api, nc, log, directory, timings: { slapaddMs, serviceStartMs }, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
