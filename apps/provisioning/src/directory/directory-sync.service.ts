import { DIRECTORY_ID, type Actor, type DirectorySyncResult, type GroupMember } from '@parley/contracts';
import {
  planSync,
  type DirectoryGroup,
  type DirectoryReader,
  type DirectoryState as DirectoryRecords,
  type DirectoryUser,
  type SyncPlan,
} from '@parley/directory';
import type { DirectoryState } from '@parley/directory-state';
import { decideGroup, decideUser, type DirectoryView, type UserCommand } from '@parley/domain';
import { directoryEntityId } from './directory-ids.js';

const SYNC_ACTOR: Actor = { kind: 'service', id: 'directory-sync' };
/**
 * Appends in flight during a sync. At the pool's ceiling (150,000 users) 1,024 append about twice
 * as fast as 256 (npm run bench -- directory): acknowledgements come back in bursts, and the
 * projection, receiving events in bursts too, applies them in fewer, larger transactions.
 */
const CONCURRENCY = 1_024;

async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** What Parley already holds of the directory, in the directory library's terms, rebuilt from the view. */
export function knownRecords(view: DirectoryView): DirectoryRecords {
  const users = new Map<string, DirectoryUser>();
  const dnOfUser = new Map<string, string>();
  for (const u of view.users.values()) {
    if (u.source !== 'directory' || u.removed || !u.externalId || !u.dn) continue;
    users.set(u.externalId, {
      externalId: u.externalId,
      dn: u.dn,
      username: u.username,
      displayName: u.displayName,
      email: u.email,
      // What the directory last said, whatever an administrator decided on top.
      enabled: u.disabledBy !== 'directory',
      ouDn: u.ouDn,
    });
    dnOfUser.set(u.id, u.dn);
  }
  const groups = new Map<string, DirectoryGroup>();
  for (const g of view.groups.values()) {
    if (g.source !== 'directory' || g.removed || !g.externalId || !g.dn) continue;
    const memberDns = [...[...g.users].map((id) => dnOfUser.get(id)), ...[...g.groups].map((id) => view.groups.get(id)?.dn ?? undefined)];
    groups.set(g.externalId, { externalId: g.externalId, dn: g.dn, name: g.name, description: g.description, memberDns: memberDns.filter((dn): dn is string => !!dn) });
  }
  const ous = new Map([...view.ous.values()].map((o) => [o.externalId, o]));
  return { users, groups, ous };
}

/**
 * Brings Parley in line with LDAP / Active Directory: reads everything (full) or what changed
 * since the last run's watermark (incremental), plans the difference, and appends it as user,
 * group and OU events. Accounts the directory disables or removes lose access at once.
 */
export class DirectorySyncService {
  private running: Promise<DirectorySyncResult> | undefined;

  constructor(
    private readonly reader: DirectoryReader,
    private readonly state: DirectoryState,
  ) {}

  /** Runs a sync; a call while one runs waits for that one. */
  sync(full: boolean): Promise<DirectorySyncResult> {
    this.running ??= this.run(full).finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(full: boolean): Promise<DirectorySyncResult> {
    const started = Date.now();
    const view = this.state.view;
    const lastWatermark = view.lastSync?.watermark;
    const read = full || !lastWatermark ? await this.reader.readAll() : await this.reader.readChanges(lastWatermark);
    const plan = planSync(knownRecords(view), read);
    const warnings = [...plan.warnings];
    await this.apply(plan, warnings);
    const result: DirectorySyncResult = {
      mode: read.kind === 'snapshot' ? 'full' : 'incremental',
      durationMs: Date.now() - started,
      usersAdded: plan.users.added.length,
      usersChanged: plan.users.changed.length,
      usersDisabled: plan.users.disabled.length,
      usersEnabled: plan.users.enabled.length,
      usersRemoved: plan.users.removed.length,
      groupsAdded: plan.groups.added.length,
      groupsChanged: plan.groups.changed.length,
      groupsRemoved: plan.groups.removed.length,
      membershipChanges: plan.memberships.reduce((n, m) => n + m.added.length + m.removed.length, 0),
      warnings: warnings.slice(0, 100),
    };
    await this.state.execute({ kind: 'server', id: DIRECTORY_ID }, SYNC_ACTOR, () => [
      {
        type: 'DirectorySynced',
        data: {
          mode: result.mode,
          watermark: read.watermark,
          counts: {
            usersAdded: result.usersAdded,
            usersChanged: result.usersChanged,
            usersDisabled: result.usersDisabled,
            usersEnabled: result.usersEnabled,
            usersRemoved: result.usersRemoved,
            groupsAdded: result.groupsAdded,
            groupsChanged: result.groupsChanged,
            groupsRemoved: result.groupsRemoved,
            membershipChanges: result.membershipChanges,
          },
          warnings: result.warnings.map((w) => w.slice(0, 1024)),
        },
      },
    ]);
    return result;
  }

  private async apply(plan: SyncPlan, warnings: string[]): Promise<void> {
    const view = this.state.view;
    const taken = (name: string) => view.userIdByName(name) !== undefined;
    const user = (u: DirectoryUser, command: UserCommand) => {
      const id = directoryEntityId(u.externalId);
      return this.state.execute({ kind: 'user', id }, SYNC_ACTOR, () => decideUser(command, view.users.get(id), taken)).catch((error: unknown) => {
        warnings.push(`user ${u.username} (${u.dn}): ${(error as Error).message}`);
      });
    };
    const group = (externalId: string, run: (id: string) => ReturnType<typeof decideGroup>) => {
      const id = directoryEntityId(externalId);
      return this.state.execute({ kind: 'group', id }, SYNC_ACTOR, () => run(id)).catch((error: unknown) => {
        warnings.push(`group ${externalId}: ${(error as Error).message}`);
      });
    };
    const memberExists = (m: GroupMember) => (m.kind === 'user' ? view.users.get(m.id)?.removed === false : view.groups.get(m.id)?.removed === false);

    // Organisational units first (scopes may name them), then accounts and groups, then membership.
    await this.applyOus(plan);
    await inParallel(plan.users.added, (u) =>
      user(u, { type: 'ProvisionUser', source: 'directory', username: u.username, displayName: u.displayName, email: u.email, externalId: u.externalId, dn: u.dn, ouDn: u.ouDn, enabled: u.enabled }),
    );
    await inParallel(plan.users.changed, (c) =>
      user(c.after, { type: 'UpdateUser', by: 'directory', changes: Object.fromEntries(c.fields.map((f) => [f, c.after[f]])) }),
    );
    await inParallel(plan.groups.added, (g) =>
      group(g.externalId, (id) => decideGroup({ type: 'ProvisionGroup', source: 'directory', name: g.name, description: g.description, externalId: g.externalId, dn: g.dn }, view.groups.get(id), id, memberExists)),
    );
    await inParallel(plan.groups.changed, (c) =>
      group(c.after.externalId, (id) => decideGroup({ type: 'UpdateGroup', by: 'directory', changes: Object.fromEntries(c.fields.map((f) => [f, c.after[f]])) }, view.groups.get(id), id, memberExists)),
    );
    await inParallel(plan.memberships, (m) => {
      const toMember = (ref: { kind: 'user' | 'group'; externalId: string }): GroupMember => ({ kind: ref.kind, id: directoryEntityId(ref.externalId) });
      return group(m.groupId, (id) =>
        decideGroup({ type: 'ChangeGroupMembers', by: 'directory', add: m.added.map(toMember), remove: m.removed.map(toMember) }, view.groups.get(id), id, memberExists),
      );
    });
    await inParallel(plan.users.disabled, (u) => user(u, { type: 'DisableUser', by: 'directory' }));
    await inParallel(plan.users.enabled, (u) => user(u, { type: 'EnableUser', by: 'directory' }));
    await inParallel(plan.users.removed, (u) => user(u, { type: 'RemoveUser', by: 'directory' }));
    await inParallel(plan.groups.removed, (g) => group(g.externalId, (id) => decideGroup({ type: 'RemoveGroup', by: 'directory' }, view.groups.get(id), id, memberExists)));
  }

  private async applyOus(plan: SyncPlan): Promise<void> {
    const ous = [
      ...plan.ous.added.map((o) => ({ type: 'OrganizationalUnitAdded' as const, data: { externalId: o.externalId, dn: o.dn, name: o.name, parentDn: o.parentDn } })),
      ...plan.ous.changed.map((c) => ({ type: 'OrganizationalUnitChanged' as const, data: { externalId: c.after.externalId, dn: c.after.dn, name: c.after.name, parentDn: c.after.parentDn } })),
      ...plan.ous.removed.map((o) => ({ type: 'OrganizationalUnitRemoved' as const, data: { externalId: o.externalId } })),
    ];
    // One event at a time keeps every OU event small; they are few.
    for (const event of ous) await this.state.execute({ kind: 'server', id: DIRECTORY_ID }, SYNC_ACTOR, () => [event]);
  }
}

