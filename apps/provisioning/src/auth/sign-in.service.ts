import { randomUUID } from 'node:crypto';
import { checkPasswordPolicy, hashPassword, verifyPassword, type ExternalIssuer, type RefreshTokens, type SignInThrottle, type TokenIssuer } from '@parley/auth';
import { ForbiddenError, UnauthorizedError, UnavailableError, type Role, type TokenResponse } from '@parley/contracts';
import type { LdapAuthenticator } from '@parley/directory';
import type { DirectoryState } from '@parley/directory-state';
import { decideUser, type UserRecord } from '@parley/domain';
import type { EventDraft, EventLog } from '@parley/eventlog';
import { directoryEntityId } from '../directory/directory-ids.js';
import type { CredentialStore } from './credential-store.js';

export interface SignInDeps {
  state: DirectoryState;
  log: EventLog;
  credentials: CredentialStore;
  throttle: SignInThrottle;
  issuer: TokenIssuer;
  refresh: RefreshTokens;
  accessTokenTtlS: number;
  ldap?: LdapAuthenticator | undefined;
  external?: ExternalIssuer | undefined;
}

const BAD_CREDENTIALS = 'invalid user name or password';
const ROLES: readonly Role[] = ['administrator', 'compliance-officer'];

/**
 * Sign-in: checks a password with the local hash or an LDAP bind (or trusts an external OIDC ID
 * token), applies per-account and per-address back-off, refuses disabled accounts and users whose
 * persistent-chat policy is off, then issues a short-lived access token and a refresh token.
 * Failures never say whether the account exists.
 */
export class SignInService {
  constructor(private readonly deps: SignInDeps) {}

  async withPassword(username: string, password: string, address: string): Promise<TokenResponse> {
    const { throttle } = this.deps;
    await throttle.check(username, address);
    let user: UserRecord;
    let method: 'password' | 'directory';
    try {
      ({ user, method } = await this.checkPassword(username.trim(), password));
    } catch (error) {
      if (error instanceof UnauthorizedError) await throttle.recordFailure(username, address);
      throw error;
    }
    await throttle.recordSuccess(username);
    return this.open(user, method, address);
  }

  async withExternalToken(idToken: string, address: string): Promise<TokenResponse> {
    if (!this.deps.external) throw new ForbiddenError('sign-in with an external identity provider is not configured');
    const identity = await this.deps.external.verify(idToken);
    const userId = this.deps.state.view.userIdByName(identity.username);
    const user = userId ? this.deps.state.view.users.get(userId) : undefined;
    if (!user) throw new UnauthorizedError(`no Parley account for ${identity.username}`);
    return this.open(user, 'oidc', address);
  }

  /** Exchanges a refresh token for new tokens (the old refresh token is used up). */
  async refresh(refreshToken: string, address: string): Promise<TokenResponse> {
    const grant = await this.deps.refresh.rotate(refreshToken);
    const user = this.deps.state.view.users.get(grant.userId);
    if (!user || !this.deps.state.authz.isActive(user.id)) {
      await this.deps.refresh.revokeUser(grant.userId);
      throw new UnauthorizedError('the account is no longer active');
    }
    return this.tokens(user, grant.sid, grant.token, address, 'refresh');
  }

  async signOut(sessionId: string): Promise<void> {
    await this.deps.refresh.revokeSession(sessionId);
  }

  /** A local user changes their own password; every session of theirs must sign in again. */
  async changePassword(userId: string, current: string, next: string): Promise<void> {
    const user = this.deps.state.view.users.get(userId);
    if (!user || user.source !== 'local') throw new ForbiddenError('your password is managed by the directory: change it there');
    const hash = await this.deps.credentials.get(userId);
    if (!hash || !(await verifyPassword(hash, current))) throw new UnauthorizedError('currentPassword: wrong password');
    await this.setPassword(user, next, 'self');
  }

  /** Stores a new password for a local user and records that it changed. */
  async setPassword(user: UserRecord, password: string, by: 'self' | 'administrator'): Promise<void> {
    checkPasswordPolicy(password);
    await this.deps.credentials.set(user.id, await hashPassword(password));
    const actor = by === 'self' ? { kind: 'user' as const, id: user.id } : { kind: 'service' as const, id: 'provisioning' };
    await this.deps.state.execute({ kind: 'user', id: user.id }, actor, () =>
      decideUser({ type: 'RecordPasswordChange', by }, user, () => false),
    );
    await this.deps.refresh.revokeUser(user.id);
  }

  rolesOf(userId: string): Role[] {
    return ROLES.filter((role) => this.deps.state.authz.hasRole(userId, role));
  }

  private async checkPassword(username: string, password: string): Promise<{ user: UserRecord; method: 'password' | 'directory' }> {
    const { state, credentials, ldap } = this.deps;
    const userId = state.view.userIdByName(username);
    const known = userId ? state.view.users.get(userId) : undefined;
    if (known?.source === 'local') {
      const hash = await credentials.get(known.id);
      if (!hash || !(await verifyPassword(hash, password))) throw new UnauthorizedError(BAD_CREDENTIALS);
      return { user: known, method: 'password' };
    }
    if (!ldap) {
      if (known) throw new UnavailableError('directory sign-in is not configured on this server');
      throw new UnauthorizedError(BAD_CREDENTIALS);
    }
    let entry;
    try {
      entry = await ldap.authenticate(known?.username ?? username, password);
    } catch (error) {
      if (error instanceof UnauthorizedError) throw new UnauthorizedError(BAD_CREDENTIALS);
      throw error;
    }
    if (known) return { user: known, method: 'directory' };
    // First sign-in of someone the directory knows but no sync has brought in yet: provision them now.
    const id = directoryEntityId(entry.externalId);
    await state.execute({ kind: 'user', id }, { kind: 'service', id: 'provisioning' }, () =>
      decideUser(
        { type: 'ProvisionUser', source: 'directory', username: entry.username, displayName: entry.displayName, email: entry.email, externalId: entry.externalId, dn: entry.dn, ouDn: entry.ouDn, enabled: entry.enabled },
        state.view.users.get(id),
        (name) => state.view.userIdByName(name) !== undefined,
      ),
    );
    return { user: state.view.users.get(id)!, method: 'directory' };
  }

  private async open(user: UserRecord, method: 'password' | 'directory' | 'oidc', address: string): Promise<TokenResponse> {
    const { state } = this.deps;
    if (!state.authz.isActive(user.id)) throw new ForbiddenError(`account ${user.username} is disabled`);
    const roles = this.rolesOf(user.id);
    if (!state.authz.chatEnabled(user.id) && roles.length === 0) throw new ForbiddenError('persistent chat is not enabled for this account');
    const sid = randomUUID().replace(/-/g, '');
    const grant = await this.deps.refresh.issue(user.id, sid);
    return this.tokens(user, sid, grant.token, address, method);
  }

  private async tokens(user: UserRecord, sid: string, refreshToken: string, address: string, method: 'password' | 'directory' | 'oidc' | 'refresh'): Promise<TokenResponse> {
    const roles = this.rolesOf(user.id);
    const accessToken = await this.deps.issuer.issue({ sub: user.id, name: user.displayName || user.username, roles, sid }, { ttlSeconds: this.deps.accessTokenTtlS });
    const signedIn = { type: 'UserSignedIn', actor: { kind: 'user', id: user.id }, data: { method, address: address.slice(0, 256), sessionId: sid } } as EventDraft;
    await this.deps.log.record({ kind: 'user', id: user.id }, [signedIn]);
    return {
      accessToken,
      expiresIn: this.deps.accessTokenTtlS,
      refreshToken,
      user: { id: user.id, username: user.username, displayName: user.displayName, roles },
    };
  }
}
