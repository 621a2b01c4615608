import type { PrincipalRef, PrincipalView } from '@parley/contracts';

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

function assertNever(value: never): never {
  throw new Error(`unknown principal kind ${String(value)}`);
}
