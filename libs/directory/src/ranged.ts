import { InternalError } from '@parley/contracts';
import { asText, type LdapEntry } from './mapping.js';

const RANGED = /^(.+);range=(\d+)-(\d+|\*)$/i;

/** True if the server returned a slice of some attribute instead of all its values. */
export function hasRangedValues(entry: LdapEntry): boolean {
  return Object.keys(entry).some((name) => RANGED.test(name));
}

const valuesAsText = (value: LdapEntry[string]) => (Array.isArray(value) ? value : [value]).map(asText);

/**
 * Active Directory returns at most MaxValRange values (1,500 by default) of a multi-valued
 * attribute per read: it leaves `member` out and names the slice `member;range=0-1499`. The rest
 * comes by asking for `member;range=1500-*`, and so on, until a slice ends in `*`. `fetch` reads
 * one attribute description of this entry (a base search). Returns the entry with whole values.
 */
export async function completeRangedValues(
  entry: LdapEntry,
  fetch: (attributeWithRange: string) => Promise<LdapEntry | undefined>,
): Promise<LdapEntry> {
  const complete: LdapEntry = { dn: entry.dn };
  for (const [name, value] of Object.entries(entry)) {
    const first = RANGED.exec(name);
    if (!first) {
      complete[name] = value;
      continue;
    }
    const attribute = first[1]!;
    const values = valuesAsText(value);
    let end = first[3]!;
    while (end !== '*') {
      const start = Number(end) + 1;
      const slice = await fetch(`${attribute};range=${start}-*`);
      const next = Object.entries(slice ?? {})
        .map(([key, v]) => ({ match: RANGED.exec(key), v }))
        .find(({ match }) => match && match[1]!.toLowerCase() === attribute.toLowerCase() && Number(match[2]) === start);
      if (!next) throw new InternalError(`directory returned no values from ${start} on of ${attribute} for ${entry.dn}`);
      values.push(...valuesAsText(next.v));
      end = next.match![3]!;
    }
    complete[attribute] = values;
  }
  return complete;
}
