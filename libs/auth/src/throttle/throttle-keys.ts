import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/** An account name as users type it in any case or Unicode form: `Alice`, ` alice `, `ａｌｉｃｅ` are one account. */
export function normaliseAccount(account: string): string {
  return account.normalize('NFKC').trim().toLowerCase();
}

/**
 * A client address as the throttle counts it. IPv4-mapped IPv6 is plain IPv4; other IPv6
 * addresses count per /64, since one client usually holds a whole /64 and could otherwise step
 * through it.
 */
export function normaliseAddress(address: string): string {
  const plain = address.trim().toLowerCase().replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(plain)?.[1];
  if (mapped && isIPv4(mapped)) return mapped;
  if (!isIPv6(plain)) return plain;
  const [head = '', tail] = plain.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

/** The store key of a counter: SHA-256 hex of the normalised value, so names never appear in NATS subjects. */
export function counterKey(kind: 'account' | 'address', normalised: string): string {
  return `${kind}.${createHash('sha256').update(normalised).digest('hex')}`;
}
