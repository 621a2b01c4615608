import { createHash } from 'node:crypto';
import { isAggregateId } from '@parley/contracts';

/**
 * Parley ids of directory entries are derived from the directory's stable id (objectGUID,
 * entryUUID), so the same entry always maps to the same aggregate, on every instance and sync.
 */
export function directoryEntityId(externalId: string): string {
  const id = `dir-${externalId.toLowerCase()}`;
  return isAggregateId(id) ? id : `dirh-${createHash('sha256').update(externalId).digest('hex').slice(0, 40)}`;
}

/**
 * Local users get an id derived from their user name, so two instances creating the same name at
 * once write to the same aggregate and one of them is refused by the log.
 */
export function localUserId(username: string): string {
  return `loc-${createHash('sha256').update(username.trim().toLowerCase()).digest('hex').slice(0, 40)}`;
}
