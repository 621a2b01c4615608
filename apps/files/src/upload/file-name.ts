import { FileLimits, ValidationError } from '@parley/contracts';

/** Names Windows refuses whatever the extension: a download must still save there. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * A file name safe to store, show and save: the last segment of whatever path the client sent,
 * without control or bidirectional-override characters (which disguise `exe.pdf` as `fdp.exe`),
 * without characters Windows forbids, not a dot-name or a reserved device name, NFC-normalised and
 * at most 255 characters (keeping the extension). Refused when nothing is left.
 */
export function sanitizeFileName(raw: string): string {
  const last = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let name = last
    .replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .replace(/[. ]+$/, '');
  if (RESERVED.test(name)) name = `_${name}`;
  if (!name) throw new ValidationError('invalid file name', [{ path: 'name', message: 'has no usable characters' }]);
  return truncate(name, FileLimits.nameMax);
}

/** Cuts a name to `max` characters (whole code points), keeping a short extension. */
function truncate(name: string, max: number): string {
  const chars = [...name];
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 16 ? [...name.slice(dot)] : [];
  return [...chars.slice(0, max - extension.length), ...extension].join('');
}

/**
 * The Content-Disposition of a download (RFC 6266): an ASCII fallback name for old clients, and the
 * real name percent-encoded in `filename*` (RFC 8187), so no name can break out of the header.
 */
export function contentDisposition(disposition: 'attachment' | 'inline', name: string): string {
  const fallback = name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\%]/g, '_').trim() || 'file';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
