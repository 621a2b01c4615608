import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { z } from 'zod';

const Base64Url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');
const PublicJwkSchema = z.strictObject({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: Base64Url });
const PrivateJwkSchema = z.strictObject({ ...PublicJwkSchema.shape, d: Base64Url });

/** One Ed25519 signing key of the ring, as stored. Times are ISO 8601. */
export const SigningKeyRecordSchema = z.strictObject({
  /** The JWK thumbprint (RFC 7638) of the public key; tokens name it in their `kid` header. */
  kid: z.string().min(1).max(128),
  alg: z.literal('EdDSA'),
  privateJwk: PrivateJwkSchema,
  publicJwk: PublicJwkSchema,
  createdAt: z.iso.datetime(),
  /** From then on this key signs (until a newer key activates); before, verifiers only learn it. */
  activatesAt: z.iso.datetime(),
  /** Set once a successor is scheduled: after this, no token it signed can still be valid, so it is dropped. */
  retiresAt: z.iso.datetime().optional(),
});
export type SigningKeyRecord = z.infer<typeof SigningKeyRecordSchema>;

/** The whole ring, stored as one value so that one compare-and-set guards every change. */
export const KeyRingDocumentSchema = z.strictObject({ keys: z.array(SigningKeyRecordSchema) });

/** Makes a fresh Ed25519 key pair that starts signing at `activatesAt` (and retires at `retiresAt`, if known). */
export async function generateSigningKey(createdAt: Date, activatesAt: Date, retiresAt?: Date): Promise<SigningKeyRecord> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const privateJwk = PrivateJwkSchema.parse(await exportJWK(privateKey));
  const publicJwk = PublicJwkSchema.parse(await exportJWK(publicKey));
  return {
    kid: await calculateJwkThumbprint(publicJwk),
    alg: 'EdDSA',
    privateJwk,
    publicJwk,
    createdAt: createdAt.toISOString(),
    activatesAt: activatesAt.toISOString(),
    ...(retiresAt && { retiresAt: retiresAt.toISOString() }),
  };
}
