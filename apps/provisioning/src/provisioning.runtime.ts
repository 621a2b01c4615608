import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  ExternalIssuer,
  KeyRing,
  KvKeyStore,
  KvRefreshTokenStore,
  KvThrottleStore,
  RefreshTokens,
  SignInThrottle,
  TokenIssuer,
  TokenVerifier,
} from '@parley/auth';
import type { ConfigOf } from '@parley/config';
import { ProjectionAdmin, type serviceSettings } from '@parley/nest-kit';
import { SERVER_CONFIG_ID } from '@parley/contracts';
import { DirectoryReader, LdapAuthenticator, parseDirectoryConfig } from '@parley/directory';
import { DirectoryState } from '@parley/directory-state';
import { decideServerConfig, decideUser } from '@parley/domain';
import type { EventLog } from '@parley/eventlog';
import { createDataSource, databaseConfig, runMigrations, startProjector, type Projector } from '@parley/projections';
import type { Logger } from '@parley/telemetry';
import type { DataSource } from 'typeorm';
import { CredentialStore } from './auth/credential-store.js';
import { SignInService } from './auth/sign-in.service.js';
import { localUserId } from './directory/directory-ids.js';
import { DirectorySyncService } from './directory/directory-sync.service.js';
import { provisioningProjection } from './projection/provisioning.projection.js';
import { ProvisioningQueries } from './projection/queries.js';
import { CreateProvisioningTables } from './projection/tables.js';
import type { provisioningSettings } from './provisioning.settings.js';

export type ProvisioningConfig = ConfigOf<ReturnType<typeof serviceSettings<typeof provisioningSettings>>>;

const MINUTE = 60_000;

/**
 * Everything the provisioning service runs, built once at start-up in dependency order and
 * stopped in reverse: directory state, the projection and its queries, credentials, signing keys
 * and tokens, sign-in throttling, the directory and an external OIDC issuer when configured.
 */
export class ProvisioningRuntime {
  private timers: NodeJS.Timeout[] = [];

  private constructor(
    readonly config: ProvisioningConfig,
    readonly state: DirectoryState,
    readonly db: DataSource,
    readonly projector: Projector,
    readonly queries: ProvisioningQueries,
    readonly ring: KeyRing,
    readonly verifier: TokenVerifier,
    readonly signIn: SignInService,
    readonly directory: DirectorySyncService | undefined,
    private readonly projectionAdmin: ProjectionAdmin,
    private readonly logger: Logger,
  ) {}

  static async start(config: ProvisioningConfig, nc: NatsConnection, log: EventLog, logger: Logger): Promise<ProvisioningRuntime> {
    const namespace = config.namespace;
    const state = new DirectoryState(log);
    await state.start((error) => logger.error({ err: error }, 'applying directory events failed; retrying'));

    const db = createDataSource({ ...databaseConfig(config.database ?? '', config.dataDir, 'provisioning.sqlite'), migrations: [CreateProvisioningTables] });
    if (db.options.type === 'better-sqlite3') mkdirSync(dirname(String(db.options.database)), { recursive: true });
    await db.initialize();
    await runMigrations(db);
    const projector = startProjector({
      definition: provisioningProjection,
      log,
      dataSource: db,
      maxBatch: 1_000,
      logger: (level, message, fields) => logger[level](fields, message),
    });
    await projector.ready;

    const kv = { namespace, replicas: config.streamReplicas };
    const ring = await KeyRing.open(await KvKeyStore.open(nc, kv), {
      rotateAfterMs: config.keyRotationHours * 60 * MINUTE,
      maxTokenLifetimeMs: config.accessTokenTtlS * 1_000,
    });
    await ring.ensureKeys();
    const verifier = TokenVerifier.local(ring, { issuer: config.tokenIssuer, isRevoked: (claims) => !state.authz.isActive(claims.sub) });
    const directoryConfig = config.directoryUrls
      ? parseDirectoryConfig({
          preset: config.directoryPreset,
          urls: config.directoryUrls.split(',').map((u) => u.trim()).filter(Boolean),
          bindDn: config.directoryBindDn,
          bindPassword: config.directoryBindPassword,
          baseDn: config.directoryBaseDn,
          ...(config.directoryUserFilter ? { userFilter: config.directoryUserFilter } : {}),
          ...(config.directoryGroupFilter ? { groupFilter: config.directoryGroupFilter } : {}),
        })
      : undefined;
    const signIn = new SignInService({
      state,
      log,
      credentials: await CredentialStore.open(nc, kv),
      throttle: new SignInThrottle(await KvThrottleStore.open(nc, kv), {
        freeFailures: config.signInFreeFailures,
        lockoutFailures: config.signInLockoutFailures,
        lockoutMs: config.signInLockoutMinutes * MINUTE,
        addressFreeFailures: config.signInAddressFreeFailures,
      }),
      issuer: new TokenIssuer(ring, { issuer: config.tokenIssuer }),
      refresh: new RefreshTokens(await KvRefreshTokenStore.open(nc, { ...kv, maxAgeMs: config.refreshTokenTtlS * 1_000 }), {
        lifetimeMs: config.refreshTokenTtlS * 1_000,
      }),
      accessTokenTtlS: config.accessTokenTtlS,
      ldap: directoryConfig && new LdapAuthenticator(directoryConfig),
      external: config.oidcIssuer ? new ExternalIssuer({ issuerUrl: config.oidcIssuer, clientId: config.oidcClientId ?? '', usernameClaim: config.oidcUsernameClaim }) : undefined,
    });
    const directory = directoryConfig && new DirectorySyncService(new DirectoryReader(directoryConfig), state);
    const projectionAdmin = await ProjectionAdmin.start({
      nc,
      log,
      service: 'provisioning',
      instanceId: config.instanceId,
      replicas: config.streamReplicas,
      logger,
      projections: [{ definition: provisioningProjection, dataSource: db, projector: () => projector }],
    });
    const runtime = new ProvisioningRuntime(config, state, db, projector, new ProvisioningQueries(db), ring, verifier, signIn, directory, projectionAdmin, logger);
    await runtime.bootstrapAdministrator();
    runtime.schedule();
    return runtime;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    // A rebuild running here is abandoned before the database closes.
    await this.projectionAdmin.stop();
    await this.projector.stop();
    await this.state.stop();
    await this.db.destroy();
  }

  /**
   * Waits (at most a few seconds) until the projection has applied the log up to `streamSeq`, so
   * the caller of a write reads its own write back from the queries.
   */
  async settled(streamSeq: number | undefined): Promise<void> {
    if (streamSeq === undefined) return;
    const deadline = Date.now() + 5_000;
    while (this.projector.position < streamSeq && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private schedule(): void {
    const every = (ms: number, what: string, work: () => Promise<unknown>) => {
      const timer = setInterval(() => void work().catch((error: unknown) => this.logger.error({ err: error }, `${what} failed`)), ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(MINUTE, 'signing-key rotation', () => this.ring.ensureKeys());
    if (this.directory && this.config.directorySyncIntervalS > 0) {
      every(this.config.directorySyncIntervalS * 1_000, 'directory sync', async () => {
        const result = await this.directory!.sync(false);
        this.logger.info({ ...result, warnings: result.warnings.length }, 'directory synced');
      });
    }
  }

  /**
   * A server with no administrator gets one: local user `admin`, with the configured password or
   * a generated one written once to a 0600 file for the launcher to show (docs/running.md).
   */
  private async bootstrapAdministrator(): Promise<void> {
    const holders = this.state.view.roles.get('administrator');
    if (holders && holders.users.size + holders.groups.size > 0) return;
    const system = { kind: 'system', id: 'bootstrap' } as const;
    const username = 'admin';
    const id = this.state.view.userIdByName(username) ?? localUserId(username);
    const password = this.config.initialAdminPassword || randomBytes(18).toString('base64url');
    if (!this.state.view.users.get(id) || this.state.view.users.get(id)!.removed) {
      await this.state.execute({ kind: 'user', id }, system, () =>
        decideUser({ type: 'ProvisionUser', source: 'local', username, displayName: 'Administrator', email: '', externalId: null, dn: null, ouDn: null, enabled: true }, this.state.view.users.get(id), () => false),
      );
    }
    const user = this.state.view.users.get(id)!;
    if (user.source === 'local') await this.signIn.setPassword(user, password, 'administrator');
    await this.state.execute({ kind: 'server', id: SERVER_CONFIG_ID }, system, () =>
      decideServerConfig({ type: 'GrantRole', role: 'administrator', principal: { kind: 'user', id } }, this.state.view),
    );
    if (!this.config.initialAdminPassword) {
      const file = this.config.initialAdminPasswordFile || join(this.config.dataDir, 'initial-admin-password');
      mkdirSync(dirname(file), { recursive: true });
      if (existsSync(file)) chmodSync(file, 0o600);
      writeFileSync(file, `${username}\n${password}\n`, { mode: 0o600 });
      this.logger.warn({ file }, 'created the first administrator, "admin"; its password is in the file (shown once by the launcher)');
    } else {
      this.logger.info('created the first administrator, "admin", with the configured password');
    }
  }
}
