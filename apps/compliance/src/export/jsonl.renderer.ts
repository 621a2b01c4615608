import type { RoomInfo } from './export-context.js';
import type { Rendered, Renderer } from './renderer.js';

/** One JSON object per record, per line: the record as exports describe it, and the event itself. */
export class JsonlRenderer implements Renderer {
  readonly format = 'jsonl' as const;

  begin(): string {
    return '';
  }

  startRoom(_room: RoomInfo | null, _first: Rendered): string {
    return '';
  }

  record({ row, message, sender, room }: Rendered): string {
    return `${JSON.stringify({
      position: { log: row.log, streamSeq: row.stream_seq },
      id: row.event_id,
      type: row.type,
      messageType: message.type,
      occurredAt: new Date(row.occurred_ms).toISOString(),
      room,
      sender,
      actor: { kind: row.actor_kind, id: row.actor_id },
      seq: row.seq,
      content: message.content,
      ref: message.ref,
      alert: message.alert,
      purgedBy: row.purged_by,
      hash: row.hash,
      event: row.event === null ? null : JSON.parse(row.event),
    })}\n`;
  }

  endRoom(): string {
    return '';
  }

  end(): string {
    return '';
  }
}
