import { z } from 'zod';

/** How long a refresh token can be exchanged after it is issued, unless configured otherwise: 12 h. */
export const DEFAULT_REFRESH_LIFETIME_MS = 12 * 60 * 60_000;

/** One refresh token as stored: never the secret, only its SHA-256. Times are ISO 8601. */
export const RefreshRecordSchema = z.strictObject({
  userId: z.string().min(1),
  sid: z.string().min(1),
  /** Every token rotated from one sign-in shares a family; reusing any of them revokes it. */
  family: z.string().min(1),
  /** SHA-256 of the secret, hex. */
  secretHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** When the family's first token was issued; revocations apply to families created up to then. */
  familyCreatedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  /** Set when the token was exchanged for its successor. */
  usedAt: z.iso.datetime().optional(),
});
export type RefreshRecord = z.infer<typeof RefreshRecordSchema>;

/** What a revocation covers: one token family, one sign-in session, or every session of a user. */
export interface RevocationScope {
  kind: 'family' | 'session' | 'user';
  id: string;
}

/** A record and the revision a compare-and-set write must name. */
export interface StoredRefreshRecord {
  record: RefreshRecord;
  revision: number;
}

/** Where refresh tokens and revocations live (shared by every provisioning instance). */
export interface RefreshTokenStore {
  get(id: string): Promise<StoredRefreshRecord | undefined>;
  create(id: string, record: RefreshRecord): Promise<void>;
  /** Replaces the record if it is still at `revision`; false when another writer got there first. */
  update(id: string, record: RefreshRecord, revision: number): Promise<boolean>;
  /** Revokes every token of the scope whose family was created at or before `at`. */
  revoke(scope: RevocationScope, at: Date): Promise<void>;
  /** The latest revocation that covers the record's family, session or user, if any. */
  revokedAt(record: RefreshRecord): Promise<Date | undefined>;
}

/** The scopes that can revoke a record. */
export function scopesOf(record: RefreshRecord): RevocationScope[] {
  return [
    { kind: 'family', id: record.family },
    { kind: 'session', id: record.sid },
    { kind: 'user', id: record.userId },
  ];
}

/** A RefreshTokenStore in memory, for one process (tests, a single-server install without NATS KV). */
export class MemoryRefreshTokenStore implements RefreshTokenStore {
  private readonly tokens = new Map<string, StoredRefreshRecord>();
  private readonly revocations = new Map<string, Date>();
  private revision = 0;

  async get(id: string): Promise<StoredRefreshRecord | undefined> {
    return structuredClone(this.tokens.get(id));
  }

  async create(id: string, record: RefreshRecord): Promise<void> {
    if (this.tokens.has(id)) throw new Error(`refresh token ${id} already exists`);
    this.tokens.set(id, { record: structuredClone(record), revision: ++this.revision });
  }

  async update(id: string, record: RefreshRecord, revision: number): Promise<boolean> {
    if (this.tokens.get(id)?.revision !== revision) return false;
    this.tokens.set(id, { record: structuredClone(record), revision: ++this.revision });
    return true;
  }

  async revoke(scope: RevocationScope, at: Date): Promise<void> {
    this.revocations.set(`${scope.kind}.${scope.id}`, at);
  }

  async revokedAt(record: RefreshRecord): Promise<Date | undefined> {
    return latest(scopesOf(record).map((scope) => this.revocations.get(`${scope.kind}.${scope.id}`)));
  }
}

/** The latest of some dates, or undefined if there are none. */
export function latest(dates: readonly (Date | undefined)[]): Date | undefined {
  return dates.reduce<Date | undefined>((a, b) => (!a || (b && b > a) ? b : a), undefined);
}
