import { InternalError, ValidationError } from '@parley/contracts';
import { parseDirectoryConfig, type DirectoryConfigInput } from './config.js';
import { DirectorySession, type SearchRequest } from './connection.js';
import { DnCanon } from './dn.js';
import { externalIdOf, mapGroup, mapOu, mapUser, textOf, type LdapEntry, type Mapped } from './mapping.js';
import { groupAttributes, ouAttributes, resolveProfile, userAttributes, type DirectoryProfile } from './profile.js';
import { completeRangedValues, hasRangedValues } from './ranged.js';
import type { DirectoryChanges, DirectoryRead, DirectorySnapshot } from './records.js';
import { encodeWatermark, nextTimeWatermark, parseGeneralizedTime, parseWatermark, type Watermark } from './watermark.js';

type Kind = 'user' | 'group' | 'ou';

/** One read over one session: collects warnings and the newest modification time it sees. */
class ReadPass {
  readonly warnings: string[] = [];
  readonly dns = new DnCanon();
  newest: number | undefined;
  private readonly started = performance.now();

  constructor(
    private readonly session: DirectorySession,
    private readonly profile: DirectoryProfile,
  ) {}

  get durationMs(): number {
    return performance.now() - this.started;
  }

  async records<T>(request: SearchRequest, map: (entry: LdapEntry) => Mapped<T>): Promise<T[]> {
    const records: T[] = [];
    for await (const page of this.session.pages(request, this.profile.config.pageSize)) {
      for (const entry of page) {
        this.see(entry);
        const mapped = this.mapSafely(hasRangedValues(entry) ? await this.completeRanged(entry) : entry, map);
        this.warnings.push(...mapped.warnings);
        if (mapped.record) records.push(mapped.record);
      }
    }
    return records;
  }

  async ids(request: SearchRequest): Promise<string[]> {
    const ids: string[] = [];
    for await (const page of this.session.pages(request, this.profile.config.pageSize)) {
      for (const entry of page) {
        const id = externalIdOf(entry, this.profile);
        if (id) ids.push(id);
      }
    }
    return ids;
  }

  /** One odd entry (a DN this library cannot parse) costs a warning, not the whole read. */
  private mapSafely<T>(entry: LdapEntry, map: (entry: LdapEntry) => Mapped<T>): Mapped<T> {
    try {
      return map(entry);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return { record: null, warnings: [`${entry.dn}: ${error.message}; skipped`] };
    }
  }

  private see(entry: LdapEntry): void {
    if (this.profile.changeMarker !== 'modifyTimestamp') return;
    const at = parseGeneralizedTime(textOf(entry, 'modifyTimestamp') ?? '');
    if (at !== undefined && (this.newest === undefined || at > this.newest)) this.newest = at;
  }

  private completeRanged(entry: LdapEntry): Promise<LdapEntry> {
    return completeRangedValues(entry, async (attribute) => {
      const [slice] = await this.session.search({ base: entry.dn, scope: 'base', filter: '(objectClass=*)', attributes: [attribute] });
      return slice;
    });
  }
}

/**
 * Reads users, security groups and organisational units from LDAP or Active Directory, all at
 * once or as changes since a watermark. Every call opens its own connection (first server that
 * answers) and closes it; an unreachable directory is an UnavailableError naming its URL.
 */
export class DirectoryReader {
  private readonly profile: DirectoryProfile;

  constructor(config: DirectoryConfigInput) {
    this.profile = resolveProfile(parseDirectoryConfig(config));
  }

  /** Every user, group and OU, by paged searches. */
  readAll(): Promise<DirectorySnapshot> {
    return DirectorySession.with(this.profile.config, (session) => this.snapshot(session));
  }

  /**
   * Entries added or changed since `watermark` (from an earlier read), with the ids of all
   * current entries so that removals show. Entries changed near the watermark may come again;
   * planSync treats them as unchanged. A watermark that does not fit this server (AD failed over
   * to another domain controller, or the preset changed) yields a full snapshot instead.
   */
  async readChanges(watermark: string): Promise<DirectoryRead> {
    const since = parseWatermark(watermark);
    return DirectorySession.with(this.profile.config, async (session) => {
      if ('usn' in since) {
        if (this.profile.changeMarker !== 'uSNChanged') return this.snapshot(session);
        const now = await this.highestUsn(session);
        if (now.server !== since.server) return this.snapshot(session);
        return this.changes(session, watermark, `(uSNChanged>=${BigInt(since.usn) + 1n})`, () => now);
      }
      if (this.profile.changeMarker !== 'modifyTimestamp') return this.snapshot(session);
      const previous = parseGeneralizedTime(since.modifyTimestamp);
      return this.changes(session, watermark, `(modifyTimestamp>=${since.modifyTimestamp})`, (pass) =>
        nextTimeWatermark(pass.newest, pass.durationMs, previous),
      );
    });
  }

  private async snapshot(session: DirectorySession): Promise<DirectorySnapshot> {
    const readAt = new Date().toISOString();
    const usn = this.profile.changeMarker === 'uSNChanged' ? await this.highestUsn(session) : undefined;
    const pass = new ReadPass(session, this.profile);
    const users = await pass.records(this.request('user'), (e) => mapUser(e, this.profile, pass.dns));
    const groups = await pass.records(this.request('group'), (e) => mapGroup(e, this.profile, pass.dns));
    const ous = await pass.records(this.request('ou'), (e) => mapOu(e, this.profile, pass.dns));
    const watermark = usn ?? nextTimeWatermark(pass.newest, pass.durationMs);
    return { kind: 'snapshot', users, groups, ous, watermark: encodeWatermark(watermark), readAt, warnings: pass.warnings };
  }

  private async changes(
    session: DirectorySession,
    since: string,
    changedFilter: string,
    nextWatermark: (pass: ReadPass) => Watermark,
  ): Promise<DirectoryChanges> {
    const readAt = new Date().toISOString();
    const pass = new ReadPass(session, this.profile);
    const users = await pass.records(this.request('user', changedFilter), (e) => mapUser(e, this.profile, pass.dns));
    const groups = await pass.records(this.request('group', changedFilter), (e) => mapGroup(e, this.profile, pass.dns));
    const ous = await pass.records(this.request('ou', changedFilter), (e) => mapOu(e, this.profile, pass.dns));
    const ids = {
      users: await pass.ids(this.idRequest('user')),
      groups: await pass.ids(this.idRequest('group')),
      ous: await pass.ids(this.idRequest('ou')),
    };
    const watermark = encodeWatermark(nextWatermark(pass));
    return { kind: 'changes', users, groups, ous, ids, since, watermark, readAt, warnings: pass.warnings };
  }

  /** AD's change counter, read before the searches so that changes made during them are read again next time. */
  private async highestUsn(session: DirectorySession): Promise<{ usn: string; server: string }> {
    const [root] = await session.search({ base: '', scope: 'base', filter: '(objectClass=*)', attributes: ['highestCommittedUSN', 'dsServiceName'] });
    const usn = root && textOf(root, 'highestCommittedUSN');
    if (!usn || !/^\d+$/.test(usn)) {
      throw new InternalError(`directory ${session.url} publishes no highestCommittedUSN: it is not Active Directory (use the openldap preset)`);
    }
    return { usn, server: (root && textOf(root, 'dsServiceName')) || session.url };
  }

  private request(kind: Kind, extraFilter?: string): SearchRequest {
    const p = this.profile;
    const binary = p.attributes.idEncoding === 'guid' ? [p.attributes.id] : [];
    const searches = {
      user: [p.userBase, p.userFilter, userAttributes(p)],
      group: [p.groupBase, p.groupFilter, groupAttributes(p)],
      ou: [p.config.baseDn, p.ouFilter, ouAttributes(p)],
    } as const;
    const [base, filter, attributes] = searches[kind];
    return { base, filter: extraFilter ? `(&${filter}${extraFilter})` : filter, attributes, binary };
  }

  private idRequest(kind: Kind): SearchRequest {
    return { ...this.request(kind), attributes: [this.profile.attributes.id] };
  }
}
