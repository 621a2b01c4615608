import type { ExportFormat } from '@parley/contracts';
import type { RoomInfo, SenderInfo } from './export-context.js';
import type { ExportMessage } from './message.js';
import type { ExportRow } from './record-source.js';

/** One record, with everything a format shows of it. */
export interface Rendered {
  row: ExportRow;
  message: ExportMessage;
  sender: SenderInfo;
  room: RoomInfo | null;
}

/**
 * A format, as text pieces written in order: `begin`, then for each room `startRoom` (with its
 * first record), `record` for each of its records, `endRoom` (with its first and last times), then `end`.
 */
export interface Renderer {
  readonly format: ExportFormat;
  begin(): string;
  startRoom(room: RoomInfo | null, first: Rendered): string;
  record(r: Rendered): string;
  endRoom(firstMs: number, lastMs: number): string;
  end(): string;
}
