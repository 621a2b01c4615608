import type { Writable } from 'node:stream';
import type { Caller } from '@parley/nest-kit';
import type { ExportQuerySchema } from '@parley/contracts';
import type { z } from 'zod';
import type { ComplianceRuntime } from '../compliance.runtime.js';
import { writeExport } from '../export/export-writer.js';
import { CONTENT_TYPES, rendererFor } from '../export/renderers.js';
import type { Selection } from '../export/record-source.js';
import { TextSink } from '../export/sink.js';

type ExportRequest = z.output<typeof ExportQuerySchema>;

const stamp = (iso: string | undefined, fallback: string) => (iso ? iso.replace(/[:.]/g, '-') : fallback);

/**
 * An ad hoc export: filters resolved and checked before anything is sent (a bad room or user is an
 * error, not an empty file), the export put on record, then the records streamed as they are read.
 */
export class AdHocExport {
  constructor(private readonly runtime: ComplianceRuntime) {}

  async prepare(caller: Caller, request: ExportRequest) {
    const { resolver } = this.runtime;
    const selection: Selection = {
      ...(request.from ? { fromMs: Date.parse(request.from) } : {}),
      ...(request.to ? { toMs: Date.parse(request.to) } : {}),
      ...(request.room ? { roomId: await resolver.room(request.room, 'room') } : {}),
      ...(request.user ? { userId: resolver.user(request.user, 'user') } : {}),
      ...(request.keyword ? { keyword: request.keyword } : {}),
    };
    const actor = { kind: 'user', id: caller.userId } as const;
    const data = { format: request.format, from: request.from ?? null, to: request.to ?? null, roomId: selection.roomId ?? null, userId: selection.userId ?? null, keyword: request.keyword ?? null };
    await this.runtime.archiveLog.record({ kind: 'user', id: caller.userId }, [{ type: 'ArchiveExported', actor, data }]);
    const comment = `Parley compliance export by ${caller.name} at ${new Date().toISOString()}: ${JSON.stringify(data)}`;
    return {
      contentType: CONTENT_TYPES[request.format],
      fileName: `parley-compliance-${stamp(request.from, 'start')}-${stamp(request.to, 'now')}.${request.format}`,
      write: async (stream: Writable) => {
        const { source, context } = await this.runtime.exportContext();
        const sink = new TextSink(stream);
        await writeExport(source, selection, context, [{ renderer: rendererFor(request.format, comment), open: async () => sink }]);
      },
    };
  }
}
