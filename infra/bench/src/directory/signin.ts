import { LdapAuthenticator, type DirectoryConfigInput } from '@parley/directory';
import type { Api } from './http.js';
import { USER_PASSWORD } from './world.js';

export interface SignInMeasure {
  count: number;
  /** Per sign-in: the request's time minus the same user's LDAP authentication, timed next to it. */
  net: number[];
  login: number[];
  bind: number[];
}

/** The q-quantile (0..1) of a sample, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/**
 * Signs in each user once, one at a time, through `POST /v1/auth/login`, and right next to it
 * (alternately before and after, so neither gets the other's warm caches) authenticates the same
 * user with an LdapAuthenticator of the same settings: connection, service-account bind, lookup
 * and the user's bind, which is what the service does with the directory per sign-in. The
 * difference is the sign-in's own time: throttle checks, tokens, refresh token, the activity event.
 */
export async function measureSignIns(api: Api, directory: DirectoryConfigInput, usernames: readonly string[], warmUp: number): Promise<SignInMeasure> {
  const ldap = new LdapAuthenticator(directory);
  const login = (username: string) => api.expect(200, 'POST', '/v1/auth/login', { username, password: USER_PASSWORD });
  const bind = (username: string) => ldap.authenticate(username, USER_PASSWORD);
  const result: SignInMeasure = { count: 0, net: [], login: [], bind: [] };
  for (const [i, username] of usernames.entries()) {
    let loginMs: number;
    let bindMs: number;
    if (i % 2 === 0) {
      bindMs = await timed(() => bind(username));
      loginMs = await timed(() => login(username));
    } else {
      loginMs = await timed(() => login(username));
      bindMs = await timed(() => bind(username));
    }
    if (i < warmUp) continue;
    result.count++;
    result.login.push(loginMs);
    result.bind.push(bindMs);
    result.net.push(loginMs - bindMs);
  }
  return result;
}
