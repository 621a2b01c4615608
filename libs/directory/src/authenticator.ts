import { DirectoryLimits, ForbiddenError, UnauthorizedError } from '@parley/contracts';
import { Filter, InvalidCredentialsError } from 'ldapts';
import { randomUUID } from 'node:crypto';
import { parseDirectoryConfig, type DirectoryConfigInput } from './config.js';
import { DirectorySession, directoryError } from './connection.js';
import { mapUser } from './mapping.js';
import { resolveProfile, userAttributes, type DirectoryProfile } from './profile.js';
import type { DirectoryUser } from './records.js';

/** One message for every credential failure, so that nobody learns which user names exist. */
const INVALID_CREDENTIALS = 'invalid user name or password';

// AD explains a refused bind with "data <code>" in the message, and gives these codes only once
// the password was right: the account exists and the password is correct, but it may not sign in.
const AD_ACCOUNT_STATES: Readonly<Record<string, string>> = {
  '530': 'may not sign in at this time',
  '531': 'may not sign in from this workstation',
  '532': 'password expired',
  '533': 'account disabled',
  '701': 'account expired',
  '773': 'must reset password',
  '775': 'account locked',
};

/** Why AD refused a bind with the right password, from the "data <code>" in its message; undefined otherwise. */
export function adAccountState(bindErrorMessage: string): string | undefined {
  return AD_ACCOUNT_STATES[/\bdata ([0-9a-f]+)/i.exec(bindErrorMessage)?.[1] ?? ''];
}

/** `(&<user filter>(|(uid=<name>)...))` with the name escaped as an RFC 4515 value: no injection. */
export function loginFilter(p: DirectoryProfile, username: string): string {
  const value = Filter.escape(username);
  const any = p.attributes.login.map((attribute) => `(${attribute}=${value})`).join('');
  return `(&${p.userFilter}${p.attributes.login.length > 1 ? `(|${any})` : any})`;
}

/** Signs users in by LDAP bind, after finding their entry with the service account. */
export class LdapAuthenticator {
  private readonly profile: DirectoryProfile;

  constructor(config: DirectoryConfigInput) {
    this.profile = resolveProfile(parseDirectoryConfig(config));
  }

  /**
   * The user's directory record if `password` is theirs. Unknown user, wrong password, a name that
   * matches several entries: UnauthorizedError, always the same. Right password but the account
   * is disabled: ForbiddenError. Directory unreachable: UnavailableError.
   */
  async authenticate(username: string, password: string): Promise<DirectoryUser> {
    const name = username.trim();
    // An empty password makes an unauthenticated bind, which servers answer with "success".
    if (password.length === 0 || name.length === 0 || name.length > DirectoryLimits.usernameMax) {
      throw new UnauthorizedError(INVALID_CREDENTIALS);
    }
    const p = this.profile;
    return DirectorySession.with(p.config, async (session) => {
      const entries = await session.search({
        base: p.userBase,
        filter: loginFilter(p, name),
        attributes: userAttributes(p),
        binary: p.attributes.idEncoding === 'guid' ? [p.attributes.id] : [],
        sizeLimit: 2,
      });
      const user = entries.length === 1 ? mapUser(entries[0]!, p).record : null;
      if (!user) {
        // Bind anyway, to a DN that cannot exist, so an unknown name takes as long as a wrong password.
        await session.bindAs(`cn=${randomUUID()},${p.userBase}`, password).catch(() => undefined);
        throw new UnauthorizedError(INVALID_CREDENTIALS);
      }
      try {
        await session.bindAs(entries[0]!.dn, password);
      } catch (error) {
        if (!(error instanceof InvalidCredentialsError)) throw directoryError(error, session.url, 'bind');
        const state = adAccountState(error.message);
        if (state) throw new ForbiddenError(`${name}: ${state}`);
        throw new UnauthorizedError(INVALID_CREDENTIALS);
      }
      if (!user.enabled) throw new ForbiddenError(`${name}: account disabled`);
      return user;
    });
  }
}
