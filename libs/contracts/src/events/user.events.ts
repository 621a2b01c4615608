import { z } from 'zod';
import { defineEvent } from '../envelope.js';

/** Limits on user and group fields, shared by the server, the CLI and the web client. */
export const DirectoryLimits = {
  usernameMax: 256,
  displayNameMax: 256,
  emailMax: 320,
  dnMax: 1024,
  descriptionMax: 1024,
  /** Members per membership event: a 150,000-member group is many events, none near the size limit. */
  membersPerEvent: 1_000,
} as const;

/** Where an account comes from: created in Parley, or read from LDAP / Active Directory. */
export const AccountSourceSchema = z.enum(['local', 'directory']);

export const UsernameSchema = z
  .string()
  .trim()
  .min(1)
  .max(DirectoryLimits.usernameMax)
  .regex(/^[^\s:@/\\]+(@[^\s:@/\\]+)?$/, 'must be one word (letters, digits, ".", "-", "_"), optionally user@domain');
export const DisplayNameSchema = z.string().trim().max(DirectoryLimits.displayNameMax);
export const EmailSchema = z.union([z.literal(''), z.email().max(DirectoryLimits.emailMax)]);
export const DnSchema = z.string().min(3).max(DirectoryLimits.dnMax);

/** Why an account's access changed. */
const AccessReasonSchema = z.enum(['directory', 'administrator']);

export const UserProvisioned = defineEvent({
  type: 'UserProvisioned',
  v: 1,
  aggregate: 'user',
  data: z.strictObject({
    source: AccountSourceSchema,
    username: UsernameSchema,
    displayName: DisplayNameSchema,
    email: EmailSchema,
    /** The directory's stable id (objectGUID, entryUUID); null for local users. */
    externalId: z.string().min(1).max(128).nullable(),
    dn: DnSchema.nullable(),
    /** The organisational unit the entry lies under, for OU scopes. */
    ouDn: DnSchema.nullable(),
    enabled: z.boolean(),
  }),
});

export const UserUpdated = defineEvent({
  type: 'UserUpdated',
  v: 1,
  aggregate: 'user',
  data: z.strictObject({
    changes: z
      .strictObject({
        username: UsernameSchema.optional(),
        displayName: DisplayNameSchema.optional(),
        email: EmailSchema.optional(),
        dn: DnSchema.nullable().optional(),
        ouDn: DnSchema.nullable().optional(),
      })
      .refine((c) => Object.keys(c).length > 0, 'must change something'),
  }),
});

/** The user can no longer sign in; their tokens stop working and their sessions close. */
export const UserDisabled = defineEvent({
  type: 'UserDisabled',
  v: 1,
  aggregate: 'user',
  data: z.strictObject({ reason: AccessReasonSchema }),
});

export const UserEnabled = defineEvent({
  type: 'UserEnabled',
  v: 1,
  aggregate: 'user',
  data: z.strictObject({ reason: AccessReasonSchema }),
});

/** Gone from the directory (or deleted by an administrator); history keeps their name. */
export const UserRemoved = defineEvent({
  type: 'UserRemoved',
  v: 1,
  aggregate: 'user',
  data: z.strictObject({ reason: AccessReasonSchema }),
});

/** A local user's password changed. The hash itself is never on the log (see docs/provisioning.md). */
export const UserPasswordChanged = defineEvent({
  type: 'UserPasswordChanged',
  v: 1,
  aggregate: 'user',
  data: z.strictObject({ by: z.enum(['self', 'administrator']) }),
});
