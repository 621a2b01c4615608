import { createHash } from 'node:crypto';

export type LdifValue = string | Buffer;

/**
 * RFC 2849: a value may be written as is only if it is ASCII without NUL, CR or LF, and does not
 * start with a space, ":" or "<"; slapd also drops a trailing space. Anything else goes in base64.
 */
function isSafe(value: string): boolean {
  if (value.endsWith(' ')) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0 || c === 0x0a || c === 0x0d || c > 0x7f) return false;
    if (i === 0 && (c === 0x20 || c === 0x3a || c === 0x3c)) return false;
  }
  return true;
}

function line(attribute: string, value: LdifValue): string {
  if (typeof value === 'string' && isSafe(value)) return `${attribute}: ${value}\n`;
  return `${attribute}:: ${Buffer.from(value).toString('base64')}\n`;
}

/** One LDIF entry (a record for slapadd / ldapadd), ending with the blank line that separates entries. */
export function ldifEntry(dn: string, attributes: Readonly<Record<string, LdifValue | readonly LdifValue[]>>): string {
  let text = line('dn', dn);
  for (const [attribute, value] of Object.entries(attributes)) {
    for (const v of Array.isArray(value) ? (value as readonly LdifValue[]) : [value as LdifValue]) text += line(attribute, v);
  }
  return `${text}\n`;
}

/** A `{SSHA}` userPassword value, as `slappasswd -h {SSHA}` makes it (salted SHA-1, what slapd checks by default). */
export function sshaPassword(password: string, salt: Buffer): string {
  const digest = createHash('sha1').update(password, 'utf8').update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}
