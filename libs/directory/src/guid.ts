import { ValidationError } from '@parley/contracts';

// Microsoft GUIDs store their first three fields little-endian: this is the byte order of the
// text form, so the id reads the same as in AD tools (Get-ADUser, ADSI Edit).
const TEXT_ORDER = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15];

/** An Active Directory `objectGUID` (16 bytes) in its canonical text form, lower-case. */
export function guidFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new ValidationError(`an objectGUID has 16 bytes, not ${bytes.length}`);
  return TEXT_ORDER.map((at) => (at < 0 ? '-' : bytes[at]!.toString(16).padStart(2, '0'))).join('');
}
