import type { SignedInUser } from './types.js';

/** What a client keeps of a session between calls: tokens, never the password. */
export interface StoredSession {
  user: SignedInUser;
  accessToken: string;
  /** When the access token expires, in milliseconds since the Unix epoch. */
  accessTokenExpiresAt: number;
  /** Single-use: every refresh replaces it, and presenting a used one ends the session. */
  refreshToken: string;
}

/**
 * Where a session's tokens live: memory by default; the CLI keeps them in a file, a browser might
 * use its storage. `save` is called after every sign-in and refresh, `clear` on sign-out.
 */
export interface TokenStore {
  load(): Promise<StoredSession | undefined>;
  save(session: StoredSession): Promise<void>;
  clear(): Promise<void>;
}

export class MemoryTokenStore implements TokenStore {
  private session: StoredSession | undefined;

  load(): Promise<StoredSession | undefined> {
    return Promise.resolve(this.session);
  }

  save(session: StoredSession): Promise<void> {
    this.session = session;
    return Promise.resolve();
  }

  clear(): Promise<void> {
    this.session = undefined;
    return Promise.resolve();
  }
}
