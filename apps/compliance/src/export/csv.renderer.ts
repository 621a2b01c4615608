import type { RoomInfo } from './export-context.js';
import type { Rendered, Renderer } from './renderer.js';

const HEADER = ['log', 'position', 'id', 'type', 'message_type', 'occurred_at', 'room_id', 'room_name', 'user_id', 'user_name', 'user_email', 'actor', 'content', 'ref', 'alert', 'purged_by', 'hash', 'data'];

/**
 * One CSV cell (RFC 4180): quoted when needed. A cell that a spreadsheet would run as a formula
 * (starting with =, +, -, @, a tab or a carriage return) gets a leading apostrophe, so opening an
 * export never executes what a chat user wrote.
 */
export function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One line per record, with a header line; `data` holds the event's own fields as JSON. */
export class CsvRenderer implements Renderer {
  readonly format = 'csv' as const;

  begin(): string {
    return `${HEADER.join(',')}\r\n`;
  }

  startRoom(_room: RoomInfo | null, _first: Rendered): string {
    return '';
  }

  record({ row, message, sender, room }: Rendered): string {
    const values = [
      row.log,
      String(row.stream_seq),
      row.event_id,
      row.type,
      message.type,
      new Date(row.occurred_ms).toISOString(),
      row.room_id ?? '',
      room?.name ?? '',
      sender.id,
      sender.userName,
      sender.email,
      `${row.actor_kind}:${row.actor_id}`,
      message.content,
      message.ref ?? '',
      message.alert ? 'true' : 'false',
      row.purged_by ?? '',
      row.hash,
      message.data === null ? '' : JSON.stringify(message.data),
    ];
    return `${values.map(cell).join(',')}\r\n`;
  }

  endRoom(): string {
    return '';
  }

  end(): string {
    return '';
  }
}
