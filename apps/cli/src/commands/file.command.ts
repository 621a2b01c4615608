import type { Command } from 'commander';
import type { FilesClient, ParleyClient } from '@parley/sdk';
import type { CliContext } from '../context.js';
import { roomId } from '../resolve.js';
import { serverUrl } from '../session/server-url.js';
import { adminCommand, commandGroup, connect, show, type AdminOptions } from './admin-command.js';
import { fileFields, fileTable, sizeText } from './file-output.js';
import { downloadTarget, saveDownload, uploadSource } from './file-transfer.js';
import { pageOrAll, pageSize, type PagingOptions } from './paging.js';

interface FilesOptions extends AdminOptions {
  files?: string;
}

/** The files service: --files, else the one the server names. */
async function filesClient(api: ParleyClient, options: FilesOptions): Promise<FilesClient> {
  const url = options.files !== undefined ? serverUrl(options.files, '--files') : (await api.endpoints()).files;
  if (!url) throw new Error('the server names no files service: give its URL with --files');
  return api.files(url);
}

const withFiles = (command: Command) => command.option('--files <url>', 'the files service (default: the one the server names)');

function upload(context: CliContext): Command {
  return withFiles(
    adminCommand('upload', 'post a file to a room (everyone there sees it at once); prints what was stored', [
      ['parley file upload --room Engineering/Ops report.pdf', ''],
      ['parley file upload --room parley://room/0190c3a4-... --caption "Q3 figures" q3.xlsx', 'with a line about it'],
      ['pg_dump app | gzip | parley file upload --room Ops/Backups --name app.sql.gz -', 'from standard input'],
    ]),
  )
    .argument('<path>', 'the file; "-" reads standard input')
    .requiredOption('--room <room>', 'a room id, its parley://room/ID URI, or (administrators) its path like Engineering/Backend/Standup')
    .option('--caption <text>', 'a line about the file, shown with it')
    .option('--name <name>', 'the name to give it (default: the file’s own)')
    .action(async (path: string, options: FilesOptions & { room: string; caption?: string; name?: string }) => {
      const source = uploadSource(path, options.name);
      const api = await connect(context, options);
      const room = await roomId(api, options.room, '--room');
      const posted = await (await filesClient(api, options)).upload(room, source, { caption: options.caption });
      show(context, options, posted, fileFields);
    });
}

function download(context: CliContext): Command {
  return withFiles(
    adminCommand('download', 'download a file, checking it against its SHA-256', [
      ['parley file download 0190c3a4-...', 'saved here under its own name'],
      ['parley file download 0190c3a4-... -o /tmp/report.pdf', ''],
      ['parley file download 0190c3a4-... -o - | less', 'to standard output'],
    ]),
  )
    .argument('<id>', 'the file’s id (from `parley file list`, or its FilePosted event)')
    .option('-o, --output <path>', 'where to save it; "-" for standard output')
    .option('--force', 'replace a file that is there already')
    .action(async (id: string, options: FilesOptions & { output?: string; force?: boolean }) => {
      const api = await connect(context, options);
      const file = await (await filesClient(api, options)).download(id);
      let target: string;
      try {
        target = downloadTarget(options.output, file.name, options.force ?? false);
      } catch (error) {
        await file.body.cancel();
        throw error;
      }
      const saved = await saveDownload(file, target, process.stdout);
      if (target === '-') return;
      show(context, options, { id, path: target, name: file.name, ...saved }, (s) => `saved ${s.path} (${sizeText(s.size)}, SHA-256 ${s.sha256})`);
    });
}

function list(context: CliContext): Command {
  return withFiles(
    adminCommand('list', 'list the files posted to a room, newest first', [
      ['parley file list --room Engineering/Ops', 'the last 50'],
      ['parley file list --room parley://room/0190c3a4-... --all --json | jq -r \'.items[].name\'', ''],
    ]),
  )
    .requiredOption('--room <room>', 'a room id, its parley://room/ID URI, or (administrators) its path')
    .option('--limit <n>', 'files per page (at most 500; default 50)')
    .option('--all', 'every file, following every page')
    .action(async (options: FilesOptions & PagingOptions & { room: string }) => {
      const api = await connect(context, options);
      const room = await roomId(api, options.room, '--room');
      const files = await filesClient(api, options);
      const limit = pageSize(options);
      const page = await pageOrAll(options, () => files.list(room, { limit }), () => files.all(room, limit));
      show(context, options, page, (p) => (p.items.length ? fileTable(p.items) : 'no files in this room'));
    });
}

export function fileCommand(context: CliContext): Command {
  return commandGroup(
    'file',
    'post files to rooms, download and list them',
    [
      ['parley file upload --room Engineering/Ops notes.txt', 'post a file'],
      ['parley file list --room Engineering/Ops', 'what was posted there'],
      ['parley file download 0190c3a4-... -o notes.txt', 'get one'],
    ],
    [upload(context), download(context), list(context)],
  );
}
