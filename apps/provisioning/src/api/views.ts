import type { Role, UserView } from '@parley/contracts';
import type { ProvisioningRuntime } from '../provisioning.runtime.js';

const ROLES: readonly Role[] = ['administrator', 'compliance-officer'];

/** Roles as they apply now, through groups too (the projection holds direct grants only). */
export function effectiveRoles(runtime: ProvisioningRuntime, userId: string): Role[] {
  return ROLES.filter((role) => runtime.state.authz.hasRole(userId, role));
}

export function withEffectiveRoles(runtime: ProvisioningRuntime, user: UserView): UserView {
  return { ...user, roles: effectiveRoles(runtime, user.id) };
}

/** One user as lists show them. */
export async function userView(runtime: ProvisioningRuntime, userId: string): Promise<UserView> {
  const { groupIds: _groupIds, ...user } = await runtime.queries.user(userId);
  return withEffectiveRoles(runtime, user);
}

export async function userDetail(runtime: ProvisioningRuntime, userId: string) {
  const { groupIds, ...user } = await runtime.queries.user(userId);
  const groups = (await runtime.queries.labels(groupIds.map((id) => ({ kind: 'group', id })))).map((g) => ({ id: g.id, name: g.label }));
  return { ...withEffectiveRoles(runtime, user), groups, persistentChatEnabled: runtime.state.authz.chatEnabled(userId) };
}
