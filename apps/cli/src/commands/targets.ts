import type { ParleyClient, PolicyTargetRef } from '@parley/sdk';
import type { Holder, Target } from '../args/values.js';
import { groupId, userId } from '../resolve.js';

/** A user or group as the API takes it, found by name or id. */
export async function resolveHolder(api: ParleyClient, holder: Holder): Promise<{ kind: 'user' | 'group'; id: string }> {
  const id = holder.kind === 'user' ? await userId(api, holder.text, '--user') : await groupId(api, holder.text, '--group');
  return { kind: holder.kind, id };
}

/** A policy target as the API takes it. */
export async function resolveTarget(api: ParleyClient, target: Target): Promise<PolicyTargetRef> {
  return target.kind === 'global' ? target : resolveHolder(api, target);
}
