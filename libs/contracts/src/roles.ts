import { z } from 'zod';

/**
 * Server-wide roles. Administrators manage everything (the 2007 R2 Administration Tool);
 * compliance officers read the compliance archive, run exports and set legal holds.
 */
export const RoleSchema = z.enum(['administrator', 'compliance-officer']);
export type Role = z.infer<typeof RoleSchema>;
