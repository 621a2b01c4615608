import type { RoomEvent } from '@parley/contracts';
import type { StoredEvent } from '@parley/eventlog';
import type { ProjectionDefinition } from '@parley/projections';
import { filesSql } from './files.sql.js';
import { filesTable } from './files.tables.js';

/**
 * The catalogue of posted files, from the rooms' FilePosted events; a cleared history hides the
 * files it covers. The bytes are in the file store under each file's id.
 */
export const filesProjection: ProjectionDefinition = {
  name: 'files',
  tables: [filesTable],
  async apply(tx, batch: readonly StoredEvent[], ctx) {
    const sql = filesSql(ctx.dialect);
    const table = ctx.table(filesTable.name);
    for (const { event: stored, streamSeq } of batch) {
      const event = stored as RoomEvent;
      if (event.type === 'FilePosted') {
        const d = event.data;
        await tx.query(
          sql.bind(`INSERT INTO ${table} (file_id, room_id, seq, stream_seq, name, size, content_type, sha256, uploader_id, posted_at, caption, cleared)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${sql.false})`),
          [d.fileId, event.aggregateId, event.seq, streamSeq, d.name, d.size, d.contentType, d.sha256, event.actor.id, event.occurredAt, d.caption],
        );
      } else if (event.type === 'HistoryCleared') {
        await tx.query(sql.bind(`UPDATE ${table} SET cleared = ${sql.true} WHERE room_id = ? AND seq <= ?`), [event.aggregateId, event.data.upToSeq]);
      }
    }
  },
};
