import { z } from 'zod';
import { AggregateIdSchema } from './ids.js';

/**
 * Who a scope, a role or a membership names: one user, a security group (and, through nesting,
 * its groups' members), an organisational unit (everyone whose directory entry lies under that
 * DN), or everyone.
 */
export const PrincipalSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('user'), id: AggregateIdSchema }),
  z.strictObject({ kind: z.literal('group'), id: AggregateIdSchema }),
  /** `id` is the OU's distinguished name, as the directory spells it. */
  z.strictObject({ kind: z.literal('ou'), id: z.string().min(3).max(1024) }),
  z.strictObject({ kind: z.literal('everyone'), id: z.literal('*') }),
]);
export type Principal = z.infer<typeof PrincipalSchema>;

/** Principals that can be members of a group. */
export const GroupMemberSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('user'), id: AggregateIdSchema }),
  z.strictObject({ kind: z.literal('group'), id: AggregateIdSchema }),
]);
export type GroupMember = z.infer<typeof GroupMemberSchema>;

/** A stable text form, `user:<id>`, `group:<id>`, `ou:<dn>`, `everyone:*`, for sets and messages. */
export function principalKey(p: Principal): string {
  return `${p.kind}:${p.kind === 'ou' ? normalizeDn(p.id) : p.id}`;
}

/**
 * A distinguished name in the form Parley compares: attribute types and values lower-cased and
 * no spaces around `,` and `=` (`OU=Sales, DC=Example` → `ou=sales,dc=example`). Escaped
 * separators (`\,`) are kept as they are.
 */
export function normalizeDn(dn: string): string {
  return dn
    .trim()
    .replace(/\s*(?<!\\)([,=+])\s*/g, '$1')
    .toLowerCase();
}

/** True if `dn` lies under (or is) the organisational unit `ouDn`; both already normalised. */
export function dnWithin(dn: string, ouDn: string): boolean {
  return dn === ouDn || dn.endsWith(`,${ouDn}`);
}
