import type { PrincipalRef, PrincipalView } from '@parley/contracts';

/** Names added to and removed from a scope or role list (the API's ListChange). */
export interface ListChange {
  add: PrincipalRef[];
  remove: PrincipalRef[];
}

/**
 * Who a scope or role list names, as an administrator types it: comma- or line-separated
 * `everyone`, `ou:<DN>`, `group:<name>`, and user names (or `user:<name>`), as the CLI takes them.
 */
export function parsePrincipals(text: string): PrincipalRef[] {
  const refs: PrincipalRef[] = [];
  // A DN contains commas, so an `ou:` entry runs to the end of its line.
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (/^ou:/i.test(trimmed)) {
      refs.push({ kind: 'ou', id: trimmed.slice(3).trim() });
      continue;
    }
    for (const item of trimmed.split(',')) {
      const entry = item.trim();
      if (!entry) continue;
      const [, prefix, rest] = /^(user|group):(.*)$/i.exec(entry) ?? [];
      if (entry.toLowerCase() === 'everyone') refs.push({ kind: 'everyone' });
      else if (prefix) refs.push({ kind: prefix.toLowerCase() as 'user' | 'group', name: rest!.trim() });
      else refs.push({ kind: 'user', name: entry });
    }
  }
  return refs;
}

/** A list of principals as people read it (and as parsePrincipals reads it back). */
export function principalsText(list: readonly PrincipalView[]): string {
  return list
    .map((p) => {
      switch (p.kind) {
        case 'everyone':
          return 'everyone';
        case 'user':
          return p.label;
        case 'group':
          return `group:${p.label}`;
        case 'ou':
          return `ou:${p.label}`;
        default:
          return assertNever(p.kind);
      }
    })
    .join(', ');
}

/**
 * One user or group, as the policy and role forms take it: `alice`, `user:alice` or `group:Traders`
 * (the server says so when it names anything else, such as `everyone`).
 */
export function parseHolder(text: string): PrincipalRef {
  const refs = parsePrincipals(text);
  if (refs.length !== 1) throw new Error('Name one user or group: alice, user:alice or group:Traders.');
  return refs[0]!;
}

/** A policy target or role holder as people read it: `user:alice`, `group:Traders`. */
export function holderText(holder: PrincipalView): string {
  return holder.kind === 'user' || holder.kind === 'group' ? `${holder.kind}:${holder.label}` : principalsText([holder]);
}

/** A principal the API showed, as a request names it again: by id. */
export function refOf(view: PrincipalView): PrincipalRef {
  if (view.kind === 'everyone') return { kind: 'everyone' };
  return view.kind === 'ou' ? { kind: 'ou', id: view.id } : { kind: view.kind, id: view.id };
}

/** One entry as a comparable key: what it names, in any case. */
function refKey(ref: PrincipalRef): string {
  if (ref.kind === 'everyone') return 'everyone';
  if (ref.kind === 'ou') return `ou:${ref.id.toLowerCase()}`;
  return 'name' in ref ? `${ref.kind}:${ref.name.toLowerCase()}` : `${ref.kind}#${ref.id}`;
}

function viewKey(view: PrincipalView): string {
  return view.kind === 'everyone' ? 'everyone' : `${view.kind}:${view.label.toLowerCase()}`;
}

/**
 * What to add to and remove from `current` so that it names what `typed` names (as parsePrincipals
 * reads it); undefined when they already name the same. Entries are removed by id.
 */
export function listChange(current: readonly PrincipalView[], typed: string): ListChange | undefined {
  const wanted = parsePrincipals(typed);
  const wantedKeys = new Set(wanted.map(refKey));
  const currentKeys = new Set(current.flatMap((v) => [viewKey(v), `${v.kind}#${v.id}`]));
  const add = wanted.filter((ref, i) => !currentKeys.has(refKey(ref)) && wanted.findIndex((r) => refKey(r) === refKey(ref)) === i);
  const remove = current.filter((v) => !wantedKeys.has(viewKey(v)) && !wantedKeys.has(`${v.kind}#${v.id}`)).map(refOf);
  return add.length || remove.length ? { add, remove } : undefined;
}

function assertNever(value: never): never {
  throw new Error(`unknown principal kind ${String(value)}`);
}
