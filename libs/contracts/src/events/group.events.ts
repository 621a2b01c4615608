import { z } from 'zod';
import { defineEvent } from '../envelope.js';
import { GroupMemberSchema } from '../principals.js';
import { AccountSourceSchema, DirectoryLimits, DnSchema } from './user.events.js';

const GroupNameSchema = z.string().trim().min(1).max(256);
const MembersSchema = z.array(GroupMemberSchema).min(1).max(DirectoryLimits.membersPerEvent);

export const GroupProvisioned = defineEvent({
  type: 'GroupProvisioned',
  v: 1,
  aggregate: 'group',
  data: z.strictObject({
    source: AccountSourceSchema,
    name: GroupNameSchema,
    description: z.string().max(DirectoryLimits.descriptionMax),
    externalId: z.string().min(1).max(128).nullable(),
    dn: DnSchema.nullable(),
  }),
});

export const GroupUpdated = defineEvent({
  type: 'GroupUpdated',
  v: 1,
  aggregate: 'group',
  data: z.strictObject({
    changes: z
      .strictObject({
        name: GroupNameSchema.optional(),
        description: z.string().max(DirectoryLimits.descriptionMax).optional(),
        dn: DnSchema.nullable().optional(),
      })
      .refine((c) => Object.keys(c).length > 0, 'must change something'),
  }),
});

/** Direct members added: users, or groups whose members become members in turn. */
export const GroupMembersAdded = defineEvent({
  type: 'GroupMembersAdded',
  v: 1,
  aggregate: 'group',
  data: z.strictObject({ members: MembersSchema }),
});

export const GroupMembersRemoved = defineEvent({
  type: 'GroupMembersRemoved',
  v: 1,
  aggregate: 'group',
  data: z.strictObject({ members: MembersSchema }),
});

export const GroupRemoved = defineEvent({
  type: 'GroupRemoved',
  v: 1,
  aggregate: 'group',
  data: z.strictObject({}),
});
