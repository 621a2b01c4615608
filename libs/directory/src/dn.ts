import { ValidationError } from '@parley/contracts';

/** One attribute-value assertion of a relative DN: `ou=Sales`. `value` is unescaped. */
interface Ava {
  type: string;
  value: string;
  /** The value was given in BER hex form (`#0403...`) and is kept as written. */
  ber: boolean;
}

type Rdn = Ava[];

const TYPE = /^(?:[a-z][a-z0-9-]*|\d+(?:\.\d+)*)$/;
const HEX_PAIR = /^[0-9a-f]{2}$/i;

function invalid(dn: string, reason: string): never {
  throw new ValidationError(`invalid DN "${dn}": ${reason}`);
}

const BACKSLASH = 0x5c;
const isSeparator = (code: number) => code === 0x2c || code === 0x2b || code === 0x3b; // , + ;

/** Reads one value starting at `start`; returns it and the index of the separator that ended it. */
function readValue(dn: string, start: number): { value: string; ber: boolean; end: number } {
  let i = start;
  while (dn[i] === ' ') i++;
  if (dn[i] === '#') {
    const hex = /^#[0-9a-fA-F]*/.exec(dn.slice(i))![0];
    let end = i + hex.length;
    while (dn[end] === ' ') end++;
    return { value: hex.toLowerCase(), ber: true, end };
  }
  let value = '';
  // Spaces that end a value are insignificant unless escaped: remember where significant text ends.
  let significant = 0;
  let run = i;
  const flushRun = (to: number) => {
    const text = dn.slice(run, to);
    value += text;
    const trimmed = text.replace(/ +$/, '');
    if (trimmed.length > 0) significant = value.length - (text.length - trimmed.length);
  };
  while (i < dn.length && !isSeparator(dn.charCodeAt(i))) {
    if (dn.charCodeAt(i) !== BACKSLASH) {
      i++;
      continue;
    }
    flushRun(i);
    // Consecutive hex escapes are the bytes of one UTF-8 sequence (\C3\B6 is ö).
    const bytes: number[] = [];
    while (dn.charCodeAt(i) === BACKSLASH && HEX_PAIR.test(dn.slice(i + 1, i + 3))) {
      bytes.push(parseInt(dn.slice(i + 1, i + 3), 16));
      i += 3;
    }
    if (bytes.length > 0) {
      value += Buffer.from(bytes).toString('utf8');
    } else {
      if (i + 1 >= dn.length) invalid(dn, 'ends with a lone backslash');
      const escaped = String.fromCodePoint(dn.codePointAt(i + 1)!);
      value += escaped;
      i += 1 + escaped.length;
    }
    significant = value.length;
    run = i;
  }
  flushRun(i);
  return { value: value.slice(0, significant), ber: false, end: i };
}

function parseDn(dn: string): Rdn[] {
  const rdns: Rdn[] = [];
  if (dn.trim() === '') return rdns;
  let i = 0;
  let rdn: Rdn = [];
  for (;;) {
    const eq = dn.indexOf('=', i);
    if (eq < 0) invalid(dn, `no "=" after position ${i}`);
    const type = dn.slice(i, eq).trim().toLowerCase().replace(/^oid\./, '');
    if (!TYPE.test(type)) invalid(dn, `"${type}" is not an attribute type`);
    const { value, ber, end } = readValue(dn, eq + 1);
    rdn.push({ type, value, ber });
    if (end >= dn.length) break;
    if (dn[end] !== '+') {
      rdns.push(rdn);
      rdn = [];
    }
    i = end + 1;
  }
  rdns.push(rdn);
  return rdns;
}

/** RFC 4514 escaping: the characters that must be escaped, and spaces or `#` where they would be misread. */
function escapeValue(ava: Ava): string {
  if (ava.ber) return ava.value;
  const value = ava.value;
  let out = value.replace(/[\\,+"<>;]/g, (c) => `\\${c}`).replace(/\0/g, '\\00');
  if (value.endsWith(' ')) out = `${out.slice(0, -1)}\\ `;
  // A value of one space is already `\ ` after the line above.
  if ((value.startsWith(' ') || value.startsWith('#')) && value !== ' ') out = `\\${out}`;
  return out;
}

function format(rdns: readonly Rdn[], sortAvas: boolean): string {
  return rdns
    .map((rdn) => {
      const avas = rdn.map((ava) => `${ava.type}=${escapeValue(ava)}`);
      return (sortAvas ? avas.sort() : avas).join('+');
    })
    .join(',');
}

/**
 * A DN in the form Parley stores: attribute types lower-cased, no spaces around separators,
 * escapes in one canonical form, values in the directory's own case (for display).
 * Throws a ValidationError if `dn` is not a distinguished name.
 */
export function canonicalDn(dn: string): string {
  return format(parseDn(dn), false);
}

/**
 * The key two DNs are compared by: the canonical form with values lower-cased (directories match
 * DN values case-insensitively) and the parts of a multi-valued RDN in a fixed order.
 */
export function dnKey(dn: string): string {
  return format(parseDn(dn), true).toLowerCase();
}

export function sameDn(a: string, b: string): boolean {
  return dnKey(a) === dnKey(b);
}

export function isDn(dn: string): boolean {
  try {
    return parseDn(dn).length > 0;
  } catch {
    return false;
  }
}

/** The canonical DN of the entry's parent, or null for a top-level entry. */
export function parentDn(dn: string): string | null {
  const rdns = parseDn(dn);
  return rdns.length > 1 ? format(rdns.slice(1), false) : null;
}

function enclosingOu(rdns: readonly Rdn[]): string | null {
  const at = rdns.findIndex((rdn, i) => i > 0 && rdn.some((ava) => ava.type === 'ou'));
  return at > 0 ? format(rdns.slice(at), false) : null;
}

/** The canonical DN of the nearest organisational unit above the entry (an `ou=` RDN), or null. */
export function enclosingOuDn(dn: string): string | null {
  return enclosingOu(parseDn(dn));
}

/**
 * canonicalDn and enclosingOuDn that work each DN out once. In one read of a directory a DN comes
 * back again and again: a user's own, then in every group that lists them (parsing them took a
 * quarter of a 150,000-user sync's reading and planning).
 */
export class DnCanon {
  private readonly known = new Map<string, string | null>();

  /** The canonical DN, or null if `dn` is not a DN. */
  of(dn: string): string | null {
    let canonical = this.known.get(dn);
    if (canonical === undefined) {
      try {
        const rdns = parseDn(dn);
        canonical = rdns.length > 0 ? format(rdns, false) : null;
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        canonical = null;
      }
      this.known.set(dn, canonical);
    }
    return canonical;
  }

  /** The canonical DN of an entry and of its enclosing OU, from one parse; throws like canonicalDn. */
  withOu(dn: string): { dn: string; ouDn: string | null } {
    const rdns = parseDn(dn);
    const canonical = format(rdns, false);
    this.known.set(dn, rdns.length > 0 ? canonical : null);
    return { dn: canonical, ouDn: enclosingOu(rdns) };
  }
}
