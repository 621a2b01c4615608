import { z } from 'zod';
import { defineActivity } from '../envelope.js';

/** How someone proved who they are. */
export const SignInMethodSchema = z.enum(['password', 'directory', 'oidc', 'refresh']);

/** A user signed in (or renewed a session); compliance archives every sign-in. */
export const UserSignedIn = defineActivity({
  type: 'UserSignedIn',
  v: 1,
  subject: 'user',
  data: z.strictObject({
    method: SignInMethodSchema,
    /** The client's network address, as the server saw it. */
    address: z.string().max(256),
    sessionId: z.string().min(1).max(128),
  }),
});
