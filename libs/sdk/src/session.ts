import { TokenResponseSchema, UnauthorizedError, type LoginRequestSchema, type TokenResponse } from '@parley/contracts';
import type { z } from 'zod';
import { answer } from './answers.js';
import { HttpClient } from './http-client.js';
import type { StoredSession, TokenStore } from './token-store.js';
import type { SignedInUser } from './types.js';

/** Renew this long before the access token expires, so no request carries one that lapses in flight. */
const RENEW_EARLY_MS = 30_000;

export interface SessionOptions {
  server: string;
  tokens: TokenStore;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** The clock, in milliseconds since the epoch (tests pass their own). */
  now?: () => number;
}

const tokenAnswer = answer(TokenResponseSchema, 'sign-in');

/**
 * A signed-in session with one server: signs in, hands out a valid access token (refreshing it
 * with the refresh token when it is about to expire or the server refuses it), and signs out.
 */
export class Session {
  /** For calls that need a signed-in user: carries the access token and renews it as needed. */
  readonly http: HttpClient;
  private readonly anonymous: HttpClient;
  private readonly now: () => number;
  private current: StoredSession | undefined;
  private renewing: Promise<StoredSession> | undefined;

  constructor(private readonly options: SessionOptions) {
    const common = { baseUrl: options.server, timeoutMs: options.timeoutMs, fetch: options.fetch };
    this.anonymous = new HttpClient(common);
    this.http = new HttpClient({ ...common, accessToken: () => this.accessToken(), renewAccess: (refused) => this.renewAfterRefusal(refused) });
    this.now = options.now ?? Date.now;
  }

  /** Signs in with a user name and password; the password is sent once and never kept. */
  async login(username: string, password: string): Promise<SignedInUser> {
    const body: z.input<typeof LoginRequestSchema> = { username, password };
    return this.keep(tokenAnswer(await this.anonymous.post('/v1/auth/login', body)));
  }

  /** Signs in with an ID token from the OpenID Connect issuer the server trusts. */
  async loginWithIdToken(idToken: string): Promise<SignedInUser> {
    return this.keep(tokenAnswer(await this.anonymous.post('/v1/auth/oidc', { idToken })));
  }

  /** Ends the session on the server (its refresh token stops working) and forgets it here. */
  async logout(): Promise<void> {
    try {
      await this.http.post('/v1/auth/logout');
    } catch (error) {
      // A session the server already ended is as good as signed out.
      if (!(error instanceof UnauthorizedError)) throw error;
    } finally {
      this.current = undefined;
      await this.options.tokens.clear();
    }
  }

  /** Who this session belongs to, or undefined when not signed in. */
  async user(): Promise<SignedInUser | undefined> {
    return (await this.stored())?.user;
  }

  /** A valid access token, refreshed first when it is about to expire. */
  async accessToken(): Promise<string> {
    const session = await this.stored();
    if (!session) throw new UnauthorizedError(`not signed in to ${this.http.baseUrl}`);
    if (session.accessTokenExpiresAt - RENEW_EARLY_MS > this.now()) return session.accessToken;
    return (await this.renew(session)).accessToken;
  }

  /**
   * A new access token after a server refused `refused` (a live session's hello, say): renewed
   * once however many callers ask, since the refresh token works only once.
   */
  async accessTokenAfterRefusal(refused: string): Promise<string> {
    if (!(await this.renewAfterRefusal(refused))) throw new UnauthorizedError(`not signed in to ${this.http.baseUrl}`);
    return this.accessToken();
  }

  private async renewAfterRefusal(refused: string): Promise<boolean> {
    const session = await this.stored();
    if (!session) return false;
    // Another request may have renewed the token while this one was refused.
    if (session.accessToken !== refused) return true;
    await this.renew(session);
    return true;
  }

  /** One refresh at a time: concurrent callers share it, since a refresh token works only once. */
  private renew(used: StoredSession): Promise<StoredSession> {
    this.renewing ??= this.refresh(used).finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  private async refresh(used: StoredSession): Promise<StoredSession> {
    // Another process sharing the store may have refreshed already: its token is the live one.
    const stored = await this.options.tokens.load();
    if (!stored) throw new UnauthorizedError(`not signed in to ${this.http.baseUrl}`);
    if (stored.refreshToken !== used.refreshToken && stored.accessTokenExpiresAt - RENEW_EARLY_MS > this.now()) {
      this.current = stored;
      return stored;
    }
    const tokens = tokenAnswer(await this.anonymous.post('/v1/auth/refresh', { refreshToken: stored.refreshToken }));
    await this.keep(tokens);
    return this.current!;
  }

  private async keep(tokens: TokenResponse): Promise<SignedInUser> {
    this.current = {
      user: tokens.user,
      accessToken: tokens.accessToken,
      accessTokenExpiresAt: this.now() + tokens.expiresIn * 1000,
      refreshToken: tokens.refreshToken,
    };
    await this.options.tokens.save(this.current);
    return tokens.user;
  }

  private async stored(): Promise<StoredSession | undefined> {
    this.current ??= await this.options.tokens.load();
    return this.current;
  }
}

/**
 * An HTTP client for another service of the same deployment (lookup, a channel server, files,
 * compliance) that signs its calls with a session's access token and renews it once when refused.
 */
export function sessionHttp(
  session: Pick<Session, 'accessToken' | 'accessTokenAfterRefusal'>,
  baseUrl: string,
  options: { timeoutMs?: number; fetch?: typeof fetch } = {},
): HttpClient {
  return new HttpClient({
    baseUrl,
    timeoutMs: options.timeoutMs,
    fetch: options.fetch,
    accessToken: () => session.accessToken(),
    renewAccess: async (refused) => (await session.accessTokenAfterRefusal(refused), true),
  });
}
