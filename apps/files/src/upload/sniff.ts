/** How many leading bytes sniffing looks at. */
export const SNIFF_BYTES = 8_192;

type Signature = readonly [offset: number, bytes: string | readonly number[], type: string];

/** Magic numbers, most specific first; a string is matched as Latin-1 bytes. */
const SIGNATURES: readonly Signature[] = [
  [0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'image/png'],
  [0, [0xff, 0xd8, 0xff], 'image/jpeg'],
  [0, 'GIF87a', 'image/gif'],
  [0, 'GIF89a', 'image/gif'],
  [8, 'WEBP', 'image/webp'],
  [8, 'WAVE', 'audio/wav'],
  [8, 'AVI ', 'video/x-msvideo'],
  [0, 'II*\0', 'image/tiff'],
  [0, 'MM\0*', 'image/tiff'],
  [0, '8BPS', 'image/vnd.adobe.photoshop'],
  [0, '%PDF-', 'application/pdf'],
  [0, '%!PS', 'application/postscript'],
  [0, '{\\rtf', 'application/rtf'],
  [0, [0x1f, 0x8b], 'application/gzip'],
  [0, 'BZh', 'application/x-bzip2'],
  [0, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'application/x-xz'],
  [0, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], 'application/x-7z-compressed'],
  [0, 'Rar!\x1a\x07', 'application/vnd.rar'],
  [0, [0x28, 0xb5, 0x2f, 0xfd], 'application/zstd'],
  [257, 'ustar', 'application/x-tar'],
  [0, 'ID3', 'audio/mpeg'],
  [0, 'OggS', 'audio/ogg'],
  [0, 'fLaC', 'audio/flac'],
  [0, [0x1a, 0x45, 0xdf, 0xa3], 'video/x-matroska'],
  [0, 'MZ', 'application/vnd.microsoft.portable-executable'],
  [0, [0x7f, 0x45, 0x4c, 0x46], 'application/x-executable'],
  [0, [0xcf, 0xfa, 0xed, 0xfe], 'application/x-mach-binary'],
  [0, [0xfe, 0xed, 0xfa, 0xcf], 'application/x-mach-binary'],
  [0, [0x00, 0x61, 0x73, 0x6d], 'application/wasm'],
  [0, 'SQLite format 3\0', 'application/vnd.sqlite3'],
  [0, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'application/x-ole-storage'],
  [0, 'PK\x03\x04', 'application/zip'],
  [0, 'PK\x05\x06', 'application/zip'],
  [0, 'BM', 'image/bmp'],
];

/** Within a verified container, the name may pick the precise type: it cannot make content look like something else. */
const BY_EXTENSION: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'application/x-ole-storage': { doc: 'application/msword', xls: 'application/vnd.ms-excel', ppt: 'application/vnd.ms-powerpoint', msg: 'application/vnd.ms-outlook' },
  'text/plain': {
    csv: 'text/csv',
    tsv: 'text/tab-separated-values',
    json: 'application/json',
    md: 'text/markdown',
    xml: 'application/xml',
    yaml: 'application/yaml',
    yml: 'application/yaml',
    ics: 'text/calendar',
    vcf: 'text/vcard',
  },
};

const OOXML: readonly [string, string][] = [
  ['word/', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['xl/', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['ppt/', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
];

const matches = (head: Buffer, [offset, bytes]: Signature) => {
  const expected = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return head.length >= offset + expected.length && head.subarray(offset, offset + expected.length).equals(expected);
};

/** The media type of a file from its first bytes (`head`) and, only to refine a verified family, its name. */
export function sniffContentType(head: Buffer, name: string, complete: boolean): string {
  if (head.length === 0) return 'application/octet-stream';
  const signature = SIGNATURES.find((s) => matches(head, s));
  let type = signature?.[2] ?? (isText(head, complete) ? textType(head) : 'application/octet-stream');
  if (type === 'application/zip') type = zipType(head);
  if (type === 'video/x-matroska' && head.includes('webm', 0, 'latin1')) type = 'video/webm';
  if (head.subarray(4, 8).toString('latin1') === 'ftyp') type = isoMediaType(head.subarray(8, 12).toString('latin1'));
  const extension = /\.([a-z0-9]{1,8})$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  return BY_EXTENSION[type]?.[extension] ?? (type === 'text/plain' ? 'text/plain; charset=utf-8' : type);
}

/** UTF-8 without NUL bytes; a character cut by the end of the head is fine when the file goes on. */
function isText(head: Buffer, complete: boolean): boolean {
  if (head.includes(0)) return false;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let cut = 0; cut <= (complete ? 0 : 3); cut++) {
    try {
      decoder.decode(head.subarray(0, head.length - cut));
      return true;
    } catch {
      // try without a partial last character
    }
  }
  return false;
}

/** Markup that browsers would run is named for what it is (it is never shown inline). */
function textType(head: Buffer): string {
  const start = head.subarray(0, 512).toString('utf8').trimStart().toLowerCase();
  if (start.startsWith('<svg') || (start.startsWith('<?xml') && start.includes('<svg'))) return 'image/svg+xml';
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) return 'text/html';
  return 'text/plain';
}

/** OOXML, OpenDocument and EPUB are ZIP files that say what they are in their first entries. */
function zipType(head: Buffer): string {
  const text = head.toString('latin1');
  if (text.startsWith('mimetype', 30)) {
    const declared = /^(application\/[a-z0-9.+-]+)/.exec(text.slice(38, 38 + 96))?.[1];
    if (declared) return declared;
  }
  if (text.includes('[Content_Types].xml')) for (const [folder, type] of OOXML) if (text.includes(folder)) return type;
  return 'application/zip';
}

function isoMediaType(brand: string): string {
  if (brand === 'avif' || brand === 'avis') return 'image/avif';
  if (['heic', 'heix', 'mif1', 'msf1'].includes(brand)) return 'image/heic';
  if (brand === 'qt  ') return 'video/quicktime';
  if (brand === 'M4A ') return 'audio/mp4';
  return 'video/mp4';
}

/** Types a browser may show in place: raster images and plain text, which run nothing. */
export function showableInline(contentType: string): boolean {
  return /^(image\/(png|jpeg|gif|webp|bmp|avif)|text\/plain(;.*)?)$/.test(contentType);
}
