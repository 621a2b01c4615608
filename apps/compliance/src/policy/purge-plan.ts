import { ComplianceLimits, ValidationError } from '@parley/contracts';
import type { CategoryTree } from '@parley/domain';
import type { PurgeSpec } from '../archive/purge.js';
import type { CompliancePolicy } from './compliance-policy.js';

const DAY_MS = 86_400_000;

export interface PurgeInputs {
  policy: CompliancePolicy;
  /** Every room the archive knows, with its category. */
  rooms: ReadonlyMap<string, { category_id: string }>;
  tree: CategoryTree;
  /** The archive's chain heads: the purge covers records up to them. */
  upTo: { chat: number; activity: number };
  now: Date;
}

/** A room's retention in days: its own policy, else its category's or the nearest ancestor's, else the global one. */
export function retentionDays(policy: CompliancePolicy, tree: CategoryTree, roomId: string, categoryId: string): number | undefined {
  const own = policy.retention.get(`room:${roomId}`);
  if (own !== undefined) return own;
  const seen = new Set<string>();
  for (let id: string | null = categoryId; id !== null && !seen.has(id); id = tree.categories.get(id)?.parentId ?? null) {
    seen.add(id);
    const days = policy.retention.get(`category:${id}`);
    if (days !== undefined) return days;
  }
  return policy.retention.get('global');
}

/**
 * What a retention run purges, as the self-contained RecordsPurged data: cutoffs resolved per room
 * now, from the policies and the category tree, and the holds active now as exemptions.
 * Undefined when no policy applies anywhere.
 */
export function planPurge(purgeId: string, inputs: PurgeInputs): PurgeSpec | undefined {
  const { policy, now } = inputs;
  const cutoff = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  const globalDays = policy.retention.get('global');
  const byCutoff = new Map<string, string[]>();
  for (const [roomId, room] of inputs.rooms) {
    const days = retentionDays(policy, inputs.tree, roomId, room.category_id);
    if (days === undefined || days === globalDays) continue;
    const at = cutoff(days);
    byCutoff.set(at, [...(byCutoff.get(at) ?? []), roomId]);
  }
  if (globalDays === undefined && byCutoff.size === 0) return undefined;
  const rooms: PurgeSpec['rooms'] = [];
  for (const [at, ids] of byCutoff) {
    for (let i = 0; i < ids.length; i += ComplianceLimits.idsPerPurge) rooms.push({ cutoff: at, roomIds: ids.slice(i, i + ComplianceLimits.idsPerPurge) });
  }
  const held = [...policy.holds.values()];
  const exempt = { users: held.filter((h) => h.target.kind === 'user').map((h) => h.target.id), rooms: held.filter((h) => h.target.kind === 'room').map((h) => h.target.id) };
  if (exempt.users.length > ComplianceLimits.idsPerPurge || exempt.rooms.length > ComplianceLimits.idsPerPurge) {
    throw new ValidationError('too many legal holds for one purge', [{ path: 'holds', message: `at most ${ComplianceLimits.idsPerPurge} users and rooms each` }]);
  }
  return {
    purgeId,
    upTo: inputs.upTo,
    defaultCutoff: globalDays === undefined ? null : cutoff(globalDays),
    rooms,
    exempt: { users: [...new Set(exempt.users)], rooms: [...new Set(exempt.rooms)] },
  };
}
