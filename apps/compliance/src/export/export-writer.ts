import type { ExportContext, RoomInfo } from './export-context.js';
import { exportMessage } from './message.js';
import type { RecordSource, Selection } from './record-source.js';
import type { Rendered, Renderer } from './renderer.js';
import type { TextSink } from './sink.js';

/** A file posted in the exported records, for the attachments manifest. */
export interface Attachment {
  fileId: string;
  name: string;
  size: number;
  contentType: string;
  sha256: string;
  roomId: string;
  postedBy: string;
  postedAt: string;
}

/** Where a format's text goes: one sink for the whole export, or one per room (`room` undefined: the whole export). */
export interface ExportTarget {
  renderer: Renderer;
  open(room: RoomInfo | null | undefined): Promise<TextSink>;
}

export interface WriteResult {
  records: number;
  attachments: Attachment[];
}

/**
 * Writes the selected records to every target in one pass over the archive: rooms one after
 * another, each room's records in time order. With `perRoom`, each room gets its own file.
 */
export async function writeExport(source: RecordSource, selection: Selection, context: ExportContext, targets: readonly ExportTarget[], perRoom = false): Promise<WriteResult> {
  let records = 0;
  const attachments: Attachment[] = [];
  const begin = async (room: RoomInfo | null | undefined) =>
    Promise.all(
      targets.map(async (t) => {
        const sink = await t.open(room);
        await sink.write(t.renderer.begin());
        return sink;
      }),
    );
  const finish = (sinks: TextSink[]) => Promise.all(sinks.map(async (sink, i) => (await sink.write(targets[i]!.renderer.end()), sink.end())));
  const whole = perRoom ? undefined : await begin(undefined);
  for (const { roomId, firstMs } of await source.rooms(selection)) {
    const room = roomId === null ? null : context.room(roomId);
    const sinks = whole ?? (await begin(room));
    let first: Rendered | undefined;
    let lastMs = firstMs;
    for await (const page of source.records(selection, roomId, firstMs)) {
      for (const row of page) {
        const rendered: Rendered = { row, message: exportMessage(row), sender: context.sender(row), room };
        if (!first) {
          first = rendered;
          for (let i = 0; i < targets.length; i++) await sinks[i]!.write(targets[i]!.renderer.startRoom(room, first));
        }
        for (let i = 0; i < targets.length; i++) await sinks[i]!.write(targets[i]!.renderer.record(rendered));
        lastMs = row.occurred_ms;
        records++;
        if (row.type === 'FilePosted' && rendered.message.data && roomId !== null) attachments.push(attachmentOf(rendered));
      }
    }
    if (first) for (let i = 0; i < targets.length; i++) await sinks[i]!.write(targets[i]!.renderer.endRoom(first.row.occurred_ms, lastMs));
    if (!whole) await finish(sinks);
  }
  if (whole) await finish(whole);
  return { records, attachments };
}

function attachmentOf({ row, message }: Rendered): Attachment {
  const d = message.data!;
  return {
    fileId: String(d['fileId']),
    name: String(d['name']),
    size: Number(d['size']),
    contentType: String(d['contentType']),
    sha256: String(d['sha256']),
    roomId: row.room_id!,
    postedBy: row.actor_id,
    postedAt: new Date(row.occurred_ms).toISOString(),
  };
}
