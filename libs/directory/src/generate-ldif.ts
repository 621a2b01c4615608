import { ValidationError } from '@parley/contracts';
import { canonicalDn } from './dn.js';
import { ldifEntry, sshaPassword } from './ldif.js';

export interface GenerateDirectoryOptions {
  users: number;
  groups: number;
  /** Same seed, same directory, byte for byte. */
  seed: number;
  /** Must start with a `dc=` RDN. */
  suffix?: string;
  /** Every generated user's password. */
  password?: string;
  /** Entries per yielded chunk. */
  chunkEntries?: number;
}

/** mulberry32: a small, fast, seedable generator; plenty for test data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const GIVEN = ['Ada', 'Ben', 'Chloé', 'Dev', 'Eli', 'Fatima', 'Gus', 'Hana', 'Ivan', 'Jo', 'Kai', 'Lena', 'Mo', 'Nia', 'Omar', 'Pia'];
const FAMILY = ['Abara', 'Brandt', 'Chen', 'Diaz', 'Evans', 'Fischer', 'García', 'Haddad', 'Ito', 'Jensen', 'Kowalski', 'Li', 'Moreau', 'Nakamura'];
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * A large, realistic directory as LDIF for slapadd, in chunks (never one string): divisions and
 * departments as nested OUs under ou=people; users spread over the departments (1% disabled with
 * employeeType: disabled), all with the same password; groups nested three deep
 * (all-staff ⊃ department groups ⊃ team groups ⊃ users, a user in one or two teams) and one
 * two-team membership cycle, as real directories have. Deterministic for a given seed.
 */
export function* generateDirectoryLdif(options: GenerateDirectoryOptions): Generator<string> {
  const { users, groups, seed } = options;
  const suffix = canonicalDn(options.suffix ?? 'dc=parley,dc=test');
  const rootDc = /^dc=([^,]+)/.exec(suffix)?.[1];
  if (!rootDc) throw new ValidationError(`the suffix must start with dc=..., not ${suffix}`);
  if (!Number.isInteger(users) || users < 1 || !Number.isInteger(groups) || groups < 0) {
    throw new ValidationError('users must be a positive integer and groups a non-negative integer');
  }
  const rand = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const domain = suffix.replace(/(^|,)dc=/g, (_, comma: string) => (comma ? '.' : ''));
  const password = sshaPassword(options.password ?? 'parley', Buffer.from([1, 2, 3, 4].map(() => Math.floor(rand() * 256))));
  const chunkEntries = options.chunkEntries ?? 500;

  const departments = Math.min(200, Math.ceil(users / 1_500));
  const departmentGroups = Math.min(departments, Math.max(0, groups - 1));
  const teams = Math.max(0, groups - 1 - departmentGroups);
  const people = `ou=people,${suffix}`;
  const division = (d: number) => `ou=division-${pad(Math.floor(d / 10), 2)},${people}`;
  const department = (d: number) => `ou=department-${pad(d, 3)},${division(d)}`;
  const userDn = (u: number) => `uid=user${pad(u, 6)},${department(u % departments)}`;
  const groupDn = (name: string) => `cn=${name},ou=groups,${suffix}`;
  const teamName = (t: number) => `team-${pad(t, 5)}`;
  // Teams belong to departments round-robin; a user joins a team of their own department and, half the time, one more anywhere.
  const teamsOf = Array.from({ length: departments }, (_, d) =>
    Array.from({ length: Math.max(0, Math.ceil((teams - d) / departments)) }, (_, i) => d + i * departments),
  );
  const teamMembers: number[][] = Array.from({ length: teams }, () => []);
  const directMembers: number[][] = Array.from({ length: departments }, () => []);

  let chunk: string[] = [];
  function* emit(entry: string): Generator<string> {
    chunk.push(entry);
    if (chunk.length >= chunkEntries) {
      yield chunk.join('');
      chunk = [];
    }
  }

  yield* emit(ldifEntry(suffix, { objectClass: ['top', 'dcObject', 'organization'], dc: rootDc, o: rootDc }));
  yield* emit(ldifEntry(people, { objectClass: 'organizationalUnit', ou: 'people' }));
  yield* emit(ldifEntry(`ou=groups,${suffix}`, { objectClass: 'organizationalUnit', ou: 'groups' }));
  for (let d = 0; d < departments; d++) {
    if (d % 10 === 0) yield* emit(ldifEntry(division(d), { objectClass: 'organizationalUnit', ou: `division-${pad(d / 10, 2)}` }));
    yield* emit(ldifEntry(department(d), { objectClass: 'organizationalUnit', ou: `department-${pad(d, 3)}` }));
  }
  for (let u = 0; u < users; u++) {
    const d = u % departments;
    const own = teamsOf[d]!;
    if (own.length > 0) teamMembers[own[Math.floor(u / departments) % own.length]!]!.push(u);
    else directMembers[d]!.push(u);
    if (teams > 1 && rand() < 0.5) {
      const other = Math.floor(rand() * teams);
      if (teamMembers[other]!.at(-1) !== u) teamMembers[other]!.push(u);
    }
    const [given, family] = [pick(GIVEN), pick(FAMILY)];
    const uid = `user${pad(u, 6)}`;
    yield* emit(
      ldifEntry(userDn(u), {
        objectClass: 'inetOrgPerson',
        uid,
        cn: `${given} ${family}`,
        sn: family,
        givenName: given,
        displayName: `${given} ${family} (${uid})`,
        mail: `${uid}@${domain}`,
        ...(rand() < 0.01 ? { employeeType: 'disabled' } : {}),
        userPassword: password,
      }),
    );
  }
  const group = (name: string, members: string[]) =>
    // groupOfNames needs a member: an empty team gets the first user.
    ldifEntry(groupDn(name), { objectClass: 'groupOfNames', cn: name, description: `${name} (generated)`, member: members.length ? members : [userDn(0)] });
  if (groups > 0) {
    const top = Array.from({ length: departmentGroups }, (_, d) => groupDn(`department-${pad(d, 3)}`));
    for (let d = departmentGroups; d < departments; d++) top.push(...directMembers[d]!.map(userDn));
    yield* emit(group('all-staff', top));
  }
  for (let d = 0; d < departmentGroups; d++) {
    yield* emit(group(`department-${pad(d, 3)}`, [...teamsOf[d]!.map((t) => groupDn(teamName(t))), ...directMembers[d]!.map(userDn)]));
  }
  for (let t = 0; t < teams; t++) {
    const cycle = teams >= 2 && t >= teams - 2 ? [groupDn(teamName(t === teams - 1 ? teams - 2 : teams - 1))] : [];
    yield* emit(group(teamName(t), [...teamMembers[t]!.map(userDn), ...cycle]));
  }
  if (chunk.length > 0) yield chunk.join('');
}
