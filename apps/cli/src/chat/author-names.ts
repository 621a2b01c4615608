import { ForbiddenError } from '@parley/contracts';
import type { ParleyClient, PresenceEntry } from '@parley/sdk';

/**
 * User names for the ids room events carry. Names come from presence (and the session's own
 * user); others are looked up in the user directory, which only administrators may read: for
 * anyone else, the id is shown.
 */
export class AuthorNames {
  private readonly known = new Map<string, string>();
  private lookups = true;

  constructor(private readonly api: Pick<ParleyClient, 'users'>) {}

  remember(entries: readonly PresenceEntry[]): void {
    for (const { userId, name } of entries) this.known.set(userId, name);
  }

  async name(userId: string): Promise<string> {
    const known = this.known.get(userId);
    if (known !== undefined || !this.lookups) return known ?? userId;
    try {
      const user = await this.api.users.get(userId);
      this.known.set(userId, user.username);
      return user.username;
    } catch (error) {
      if (error instanceof ForbiddenError) this.lookups = false;
      // A name is a nicety: a tail must go on printing when it cannot have one.
      this.known.set(userId, userId);
      return userId;
    }
  }
}
