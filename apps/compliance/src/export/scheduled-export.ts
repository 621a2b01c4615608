import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportFormat, ExportRun } from '@parley/contracts';
import { runInTransaction, toStreamSeq } from '@parley/projections';
import type { DataSource } from 'typeorm';
import { copyAttachments, type AttachmentStore } from './attachments.js';
import type { ExportContext, RoomInfo } from './export-context.js';
import { writeExport, type ExportTarget } from './export-writer.js';
import { rendererFor } from './renderers.js';
import type { RecordSource } from './record-source.js';
import { TextSink } from './sink.js';

export interface ScheduledExportOptions {
  /** Bookkeeping is written here (the archive's write data source). */
  db: DataSource;
  source: RecordSource;
  context: () => Promise<ExportContext>;
  /** Where the archive holds each log up to: a run exports up to there. */
  positions: () => Promise<{ chat: number; activity: number }>;
  dir: string;
  formats: readonly ExportFormat[];
  perRoom: boolean;
  attachments: AttachmentStore | undefined;
  now?: () => Date;
}

interface RunRow {
  run_no: unknown;
  started_ms: unknown;
  chat_from: unknown;
  chat_to: unknown;
  activity_from: unknown;
  activity_to: unknown;
  records: unknown;
  attachments: unknown;
  files: string;
  staging: string;
  published: unknown;
}

/** A rendered run, in its staging folder, not yet committed. */
export interface PreparedRun {
  run: ExportRun;
  staging: string;
}

const runFolder = (run: number) => `run-${String(run).padStart(8, '0')}`;
const STAGING = /^\.staging-(\d+)-[0-9a-f]+$/;

/**
 * Scheduled exports, picking up exactly where the last run stopped, by log position. A run is
 * rendered into a staging folder, then committed (one row: its ranges, which are also the next
 * run's start), then published by renaming the folder. A crash before the commit leaves a staging
 * folder that `recover` removes, and the next run covers the same records; a crash after it
 * leaves a committed run that `recover` publishes (rendering it again from its ranges if its folder is gone).
 */
export class ScheduledExporter {
  constructor(private readonly options: ScheduledExportOptions) {}

  /** The folder runs are published in. */
  get dir(): string {
    return this.options.dir;
  }

  /** One run: prepare, commit, publish. Undefined when the archive holds nothing new. */
  async run(): Promise<ExportRun | undefined> {
    await this.recover();
    const prepared = await this.prepare();
    if (!prepared) return undefined;
    if (!(await this.commit(prepared))) return undefined;
    await this.publish(prepared.run.run, prepared.staging);
    return prepared.run;
  }

  /** Renders the next run into a staging folder. */
  async prepare(): Promise<PreparedRun | undefined> {
    const last = await this.lastRun();
    const to = await this.options.positions();
    const from = { chat: last?.chat.to ?? 0, activity: last?.activity.to ?? 0 };
    if (to.chat <= from.chat && to.activity <= from.activity) return undefined;
    const runNo = (last?.run ?? 0) + 1;
    const staging = `.staging-${runNo}-${randomBytes(6).toString('hex')}`;
    const run = await this.render(runNo, { chat: { from: from.chat, to: to.chat }, activity: { from: from.activity, to: to.activity } }, staging);
    return { run, staging };
  }

  /** Records the run; false when another instance committed a run of that number first. */
  async commit({ run, staging }: PreparedRun): Promise<boolean> {
    try {
      await runInTransaction(this.options.db, async (tx) => {
        const p = (n: number) => tx.connection.driver.createParameter(`p${n}`, n);
        await tx.query(
          `INSERT INTO compliance_export_runs (run_no, started_ms, chat_from, chat_to, activity_from, activity_to, records, attachments, files, staging, published)
           VALUES (${Array.from({ length: 11 }, (_, i) => p(i)).join(', ')})`,
          [run.run, Date.parse(run.startedAt), run.chat.from, run.chat.to, run.activity.from, run.activity.to, run.records, run.attachments, JSON.stringify(run.files), staging, false],
        );
      });
      return true;
    } catch (error) {
      await rm(join(this.options.dir, staging), { recursive: true, force: true });
      if ((await this.lastRun())?.run === run.run) return false;
      throw error;
    }
  }

  /** Moves a committed run's folder into place, in one rename. */
  async publish(runNo: number, staging: string): Promise<void> {
    const target = join(this.options.dir, runFolder(runNo));
    if (existsSync(join(this.options.dir, staging))) await rename(join(this.options.dir, staging), target);
    await sync(this.options.dir);
    await runInTransaction(this.options.db, (tx) =>
      tx.query(`UPDATE compliance_export_runs SET published = ${tx.connection.driver.createParameter('p0', 0)} WHERE run_no = ${tx.connection.driver.createParameter('p1', 1)}`, [true, runNo]),
    );
  }

  /** Finishes what a crash interrupted: publishes committed runs, removes uncommitted staging folders. */
  async recover(): Promise<void> {
    await mkdir(this.options.dir, { recursive: true });
    const rows = (await this.options.db.query('SELECT * FROM compliance_export_runs WHERE published = ' + this.options.db.driver.createParameter('p0', 0), [false])) as RunRow[];
    for (const row of rows) {
      const run = toRun(row);
      const published = existsSync(join(this.options.dir, runFolder(run.run)));
      if (!published && !existsSync(join(this.options.dir, row.staging))) await this.render(run.run, { chat: run.chat, activity: run.activity }, row.staging, run.startedAt);
      await this.publish(run.run, row.staging);
    }
    const committed = new Set(rows.map((r) => r.staging));
    for (const entry of await readdir(this.options.dir)) {
      if (STAGING.test(entry) && !committed.has(entry)) await rm(join(this.options.dir, entry), { recursive: true, force: true });
    }
  }

  async lastRun(): Promise<ExportRun | undefined> {
    const db = this.options.db;
    const [row] = (await db.query('SELECT * FROM compliance_export_runs WHERE run_no = (SELECT MAX(run_no) FROM compliance_export_runs)')) as RunRow[];
    return row ? toRun(row) : undefined;
  }

  private async render(runNo: number, ranges: { chat: ExportRun['chat']; activity: ExportRun['activity'] }, staging: string, startedAt?: string): Promise<ExportRun> {
    const { dir, formats, perRoom } = this.options;
    const folder = join(dir, staging);
    await rm(folder, { recursive: true, force: true });
    await mkdir(folder, { recursive: true });
    const started = startedAt ?? (this.options.now ?? (() => new Date()))().toISOString();
    const comment = `Parley compliance export, run ${runNo}: chat log after ${ranges.chat.from} up to ${ranges.chat.to}, activity log after ${ranges.activity.from} up to ${ranges.activity.to}`;
    const files: { name: string; sink: TextSink }[] = [];
    const prefix = `parley-compliance-${String(runNo).padStart(8, '0')}`;
    const targets: ExportTarget[] = formats.map((format) => ({
      renderer: rendererFor(format, comment),
      open: async (room: RoomInfo | null | undefined) => {
        const name = `${prefix}${room === undefined ? '' : `-${room === null ? 'server' : room.id}`}.${format}`;
        const sink = new TextSink(createWriteStream(join(folder, name), { flags: 'wx' }));
        files.push({ name, sink });
        return sink;
      },
    }));
    const written = await writeExport(this.options.source, { ranges }, await this.options.context(), targets, perRoom);
    if (written.attachments.length) await mkdir(join(folder, 'files'));
    const attachments = await copyAttachments(this.options.attachments, written.attachments, folder, 'files');
    const manifest = {
      run: runNo,
      startedAt: started,
      chat: ranges.chat,
      activity: ranges.activity,
      records: written.records,
      files: files.map(({ name, sink }) => ({ name, bytes: sink.bytes, sha256: sink.sha256 })),
      attachments,
    };
    await writeFile(join(folder, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    for (const name of [...files.map((f) => f.name), 'manifest.json', ...attachments.flatMap((a) => (a.copiedAs ? [a.copiedAs] : []))]) await sync(join(folder, name));
    return { run: runNo, startedAt: started, ...ranges, records: written.records, attachments: attachments.length, files: [...files.map((f) => f.name), 'manifest.json'] };
  }
}

function toRun(row: RunRow): ExportRun {
  const n = (v: unknown) => toStreamSeq(v);
  return {
    run: n(row.run_no),
    startedAt: new Date(Number(row.started_ms)).toISOString(),
    chat: { from: n(row.chat_from), to: n(row.chat_to) },
    activity: { from: n(row.activity_from), to: n(row.activity_to) },
    records: Number(row.records),
    attachments: Number(row.attachments),
    files: JSON.parse(row.files) as string[],
  };
}

/** Flushes a file or a folder to disk: a committed run must not be lost to a power cut after its bookkeeping. */
async function sync(path: string): Promise<void> {
  const handle = await open(path, 'r');
  await handle.sync().finally(() => handle.close());
}
