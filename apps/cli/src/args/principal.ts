import { isAggregateId, type PrincipalRef } from '@parley/contracts';

export const PRINCIPAL_SYNTAX = 'user:NAME, group:NAME, user:id=ID, group:id=ID, ou:DN or everyone';

/**
 * A principal as written on the command line: `user:NAME`, `group:NAME`, `user:id=ID`,
 * `group:id=ID`, `ou:<DN>` or `everyone`. Names are resolved by the server. A DN has commas, so
 * principals are repeated options, never comma-separated lists.
 */
export function parsePrincipal(text: string, option: string): PrincipalRef {
  const fail = (why: string): never => {
    throw new Error(`${option}: "${text}" is not a principal: ${why} (write ${PRINCIPAL_SYNTAX})`);
  };
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === 'everyone') return { kind: 'everyone' };
  const colon = trimmed.indexOf(':');
  if (colon < 0) return fail('it has no kind');
  const kind = trimmed.slice(0, colon).trim().toLowerCase();
  const rest = trimmed.slice(colon + 1).trim();
  if (kind === 'ou') {
    if (!rest.includes('=') || rest.length < 3 || rest.length > 1024) return fail('an OU is named by its DN, like ou=Sales,dc=example,dc=com');
    return { kind: 'ou', id: rest };
  }
  if (kind !== 'user' && kind !== 'group') return fail(`"${kind}" is not a kind of principal`);
  if (rest.startsWith('id=')) {
    const id = rest.slice(3);
    if (!isAggregateId(id)) return fail('an id has only letters, digits, "-" and "_"');
    return { kind, id };
  }
  if (!rest) return fail(`the ${kind} name is missing`);
  if (rest.length > 256) return fail(`a ${kind} name has at most 256 characters`);
  return { kind, name: rest };
}

/** Every value of a repeatable principal option, parsed. */
export function parsePrincipals(texts: readonly string[] | undefined, option: string): PrincipalRef[] {
  return (texts ?? []).map((text) => parsePrincipal(text, option));
}
