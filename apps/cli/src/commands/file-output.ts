import type { FileView } from '@parley/sdk';
import { fields, table } from '../output.js';

/** A size for people: bytes below 1 KiB, else KB / MB / GB with one decimal (1024-based, as Group Chat's limit is). */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export function fileFields(f: FileView): string {
  return fields([
    ['file', f.name],
    ['id', f.id],
    ['room', f.roomId],
    ['seq', String(f.seq)],
    ['size', `${sizeText(f.size)} (${f.size} bytes)`],
    ['type', f.contentType],
    ['sha256', f.sha256],
    ['by', f.uploader.name],
    ['posted', f.postedAt],
    ['caption', f.caption ?? '-'],
  ]);
}

export function fileTable(files: readonly FileView[]): string {
  return table(
    ['SEQ', 'NAME', 'SIZE', 'TYPE', 'BY', 'POSTED', 'ID'],
    files.map((f) => [String(f.seq), f.name, sizeText(f.size), f.contentType.split(';')[0]!, f.uploader.name, f.postedAt.slice(0, 19).replace('T', ' '), f.id]),
  );
}
