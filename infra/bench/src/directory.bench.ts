import { parseArgs } from 'node:util';
import { DirectoryState } from '@parley/directory-state';
import { createCategoryTree, measureAuthz, roomsFor } from './directory/authz.js';
import { measureSignIns, quantile } from './directory/signin.js';
import { measureSync } from './directory/sync.js';
import { startWorld } from './directory/world.js';

const HELP = `npm run bench -- directory [--users N] [--groups N] [--signins N] [--checks N] [--profile DIR]

  --users N     users in the generated directory (default 150000, the Lync pool's ceiling)
  --groups N    groups: all-staff > departments > teams, nested, with a cycle (default 10000)
  --signins N   sign-ins to time, each a different user (default 2000, after 50 untimed)
  --checks N    authorisation checks to time (default 2000000, after a fifth as many untimed)
  --profile DIR write CPU profiles of the provisioning process there (node --cpu-prof)

Starts its own nats-server and slapd (temporary directories, deleted afterwards), loads the
generated directory with slapadd, starts the built provisioning service (apps/provisioning/dist)
as its own process, and measures through its REST API:
  sync_s              POST /v1/directory/sync {full:true}, from the request until the sync's
                      last user or group write shows in the admin API (the projection applies
                      the log in order, so everything before it shows too)
  signin_p99_ms       p99 of POST /v1/auth/login, one user at a time, each minus the same
                      user's LDAP authentication (connect, service bind, lookup, user bind)
                      timed next to it with the same settings: the sign-in without the directory
  authz_checks_per_s  in the bench process, on a DirectoryState loaded from the synced log:
                      random users against a category tree of groups, nested groups and OUs
                      (inScope, canCreateRoom, and RoomAccess canSee, canRead, canPost)
Goals: sync_s <= 60, signin_p99_ms <= 50, authz_checks_per_s >= 100000.`;

const int = (text: string, name: string, min: number) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}`);
  return n;
};
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export async function benchDirectory(argv: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({
    args: argv,
    options: {
      users: { type: 'string', default: '150000' },
      groups: { type: 'string', default: '10000' },
      signins: { type: 'string', default: '2000' },
      checks: { type: 'string', default: '2000000' },
      profile: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const users = int(values.users, 'users', 1);
  const groups = int(values.groups, 'groups', 1);
  const signins = int(values.signins, 'signins', 1);
  const checks = int(values.checks, 'checks', 1);

  console.log(`directory bench: ${fmt(users)} users, ${fmt(groups)} groups`);
  const world = await startWorld({ users, groups, profileDir: values.profile });
  // Interrupted: the watchdogs would end the servers, but the temporary directory (about 0.5 GB at full size) must go too.
  const interrupted = () => void world.stop().finally(() => process.exit(130));
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    console.log(`  slapadd of the generated directory  ${s(world.timings.slapaddMs)}; service ready in ${s(world.timings.serviceStartMs)}`);

    const sync = await measureSync(world);
    const r = sync.result;
    console.log(`  full sync                           ${s(sync.syncMs)}  (${fmt(sync.events)} events: ${fmt(r.usersAdded)} users, ${fmt(r.groupsAdded)} groups, ${fmt(r.membershipChanges)} memberships)`);
    console.log(`    LDAP read and planning            ${s(sync.beforeFirstAppendMs)} until the first append (in the bench: read ${s(sync.benchReadMs)}, plan ${s(sync.benchPlanMs)})`);
    console.log(`    appends                           ${s(sync.appendsMs)}  (${fmt(sync.events / (sync.appendsMs / 1000))} events/s)`);
    console.log(`    last append to the answer         ${s(sync.answerMs)}`);
    console.log(`    projection catch-up after it      ${s(sync.catchUpMs)}`);
    console.log(`    listed by the API afterwards      ${fmt(sync.listedUsers)} directory users, ${fmt(sync.listedGroups)} groups; ${r.warnings.length} warnings`);
    if (sync.listedUsers !== r.usersAdded || sync.listedGroups !== r.groupsAdded) throw new Error('the API does not list what the sync added');

    let started = performance.now();
    const state = new DirectoryState(world.log);
    await state.start((error) => console.error('directory state:', error));
    console.log(`  DirectoryState loaded from the log  ${s(performance.now() - started)}`);
    try {
      const enabled = [...state.view.users.values()].filter((u) => u.source === 'directory' && u.enabled).map((u) => u.username);
      const sample = Array.from({ length: Math.min(enabled.length, signins + 50) }, (_, i) => enabled[Math.floor((i * enabled.length) / Math.min(enabled.length, signins + 50))]!);
      const signIn = await measureSignIns(world.api, world.directory, sample, Math.min(50, sample.length - 1));
      const p = (xs: number[], q: number) => quantile(xs, q).toFixed(1);
      console.log(`  sign-ins (${signIn.count} users, one at a time)  p50 / p99 ms`);
      console.log(`    POST /v1/auth/login               ${p(signIn.login, 0.5)} / ${p(signIn.login, 0.99)}`);
      console.log(`    LDAP authentication alone         ${p(signIn.bind, 0.5)} / ${p(signIn.bind, 0.99)}`);
      console.log(`    sign-in minus LDAP                ${p(signIn.net, 0.5)} / ${p(signIn.net, 0.99)}`);

      const categoryIds = await createCategoryTree(world.api, state);
      started = performance.now();
      while (categoryIds.some((id) => !state.tree.categories.has(id))) {
        if (performance.now() - started > 30_000) throw new Error('the categories did not reach the bench’s DirectoryState');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const authz = measureAuthz(state, categoryIds, roomsFor(state, categoryIds), checks, Math.ceil(checks / 5));
      const perS = authz.checks / (authz.ms / 1000);
      console.log(`  authorisation checks                ${fmt(perS)}/s  (${fmt(authz.checks)} in ${s(authz.ms)}; ${authz.categories} categories, ${authz.rooms} rooms; ${((100 * authz.allowed) / authz.checks).toFixed(1)}% allowed)`);

      return {
        bench: 'directory',
        users,
        sync_s: Number((sync.syncMs / 1000).toFixed(2)),
        signin_p99_ms: Number(quantile(signIn.net, 0.99).toFixed(2)),
        authz_checks_per_s: Math.round(perS),
      };
    } finally {
      await state.stop();
    }
  } finally {
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    await world.stop();
  }
}
