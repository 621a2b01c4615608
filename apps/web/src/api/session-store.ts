import type { StoredSession, TokenStore } from '@parley/sdk';

/**
 * Keeps the session in this tab's storage: it survives a reload but not the tab, and other tabs
 * sign in on their own (each refresh token works once, so tabs must not share one).
 */
export class TabTokenStore implements TokenStore {
  constructor(private readonly key = 'parley.session') {}

  async load(): Promise<StoredSession | undefined> {
    const text = sessionStorage.getItem(this.key);
    if (!text) return undefined;
    try {
      return JSON.parse(text) as StoredSession;
    } catch {
      return undefined;
    }
  }

  async save(session: StoredSession): Promise<void> {
    sessionStorage.setItem(this.key, JSON.stringify(session));
  }

  async clear(): Promise<void> {
    sessionStorage.removeItem(this.key);
  }
}
