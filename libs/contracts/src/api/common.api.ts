import { z } from 'zod';
import { AggregateIdSchema } from '../ids.js';

/**
 * A principal as API callers write it: by id, or users and groups by name (resolved by the
 * server; an unknown name is a 404 naming the field). `everyone` needs no id.
 */
export const PrincipalRefSchema = z.union([
  z.strictObject({ kind: z.enum(['user', 'group']), id: AggregateIdSchema }),
  z.strictObject({ kind: z.enum(['user', 'group']), name: z.string().trim().min(1).max(256) }),
  z.strictObject({ kind: z.literal('ou'), id: z.string().min(3).max(1024) }),
  z.strictObject({ kind: z.literal('everyone') }),
]);
export type PrincipalRef = z.infer<typeof PrincipalRefSchema>;

/** A principal as the API shows it: its id and a readable label (user name, group name, OU DN). */
export const PrincipalViewSchema = z.object({
  kind: z.enum(['user', 'group', 'ou', 'everyone']),
  id: z.string(),
  label: z.string(),
});
export type PrincipalView = z.infer<typeof PrincipalViewSchema>;

/** Add and remove lists, for every "change a list" request. */
export const ListChangeSchema = z.strictObject({
  add: z.array(PrincipalRefSchema).max(1_000).default([]),
  remove: z.array(PrincipalRefSchema).max(1_000).default([]),
});

/** Keyset paging: `after` is the opaque cursor of the previous page's last item. */
export const PageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  after: z.string().max(512).optional(),
});

export const IdParamSchema = z.strictObject({ id: AggregateIdSchema });

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next: z.string().nullable() });
}
