import type { Command } from 'commander';
import { HistoryLimits, NotFoundError, ValidationError } from '@parley/contracts';
import type { HistoryClient, HistoryPage, HistoryRequest, ParleyClient } from '@parley/sdk';
import { seqNumber, wholeNumberUpTo } from '../args/values.js';
import { historyText, type HistoryDirection } from '../chat/history-output.js';
import type { CliContext } from '../context.js';
import { roomId } from '../resolve.js';
import { serverUrl } from '../session/server-url.js';
import { adminCommand, connect, show } from './admin-command.js';
import { withChannel, type ChannelOptions } from './engagement-client.js';

/** Most messages `--last` fetches (200 a page): more is a job for a compliance export. */
const LAST_MAX = 10_000;
/** Messages shown when no count is given, as the API's own page. */
const COUNT_DEFAULT = 50;

interface HistoryOptions extends ChannelOptions {
  room: string;
  last?: string;
  before?: string;
  after?: string;
  around?: string;
  limit?: string;
}

/** What to ask for, read from the options before anything is sent. */
type HistoryRead = { kind: 'last'; count: number } | { kind: 'at'; direction: HistoryDirection; request: HistoryRequest };

function historyRead(options: Omit<HistoryOptions, 'room'>): HistoryRead {
  const cursors = (['last', 'before', 'after', 'around'] as const).filter((name) => options[name] !== undefined);
  if (cursors.length > 1) throw new ValidationError(`give at most one of --last, --before, --after and --around (got ${cursors.map((c) => `--${c}`).join(' and ')})`);
  const cursor = cursors[0];
  if (cursor === undefined || cursor === 'last') {
    if (options.limit !== undefined) throw new ValidationError('--limit goes with --before, --after or --around; for the latest messages give --last N');
    return { kind: 'last', count: options.last === undefined ? COUNT_DEFAULT : wholeNumberUpTo(options.last, '--last', LAST_MAX) };
  }
  const limit = options.limit === undefined ? COUNT_DEFAULT : wholeNumberUpTo(options.limit, '--limit', HistoryLimits.pageMax);
  const seq = seqNumber(options[cursor]!, `--${cursor}`);
  if (cursor === 'before') return { kind: 'at', direction: 'back', request: { limit, before: seq } };
  if (cursor === 'after') return { kind: 'at', direction: 'forward', request: { limit, after: seq } };
  return { kind: 'at', direction: 'around', request: { limit, around: seq } };
}

/** History and search: on --channel, else the channel the server names (every channel server serves every room's history). */
export async function historyClient(api: ParleyClient, options: ChannelOptions): Promise<HistoryClient> {
  const url = options.channel !== undefined ? serverUrl(options.channel, '--channel') : (await api.endpoints()).channel;
  return api.history(url);
}

export function historyCommand(context: CliContext): Command {
  return withChannel(
    adminCommand('history', 'print a room’s past messages, oldest first (the latest 50 unless told otherwise)', [
      ['parley history --room Engineering/Ops', 'the latest 50 messages'],
      ['parley history --room parley://room/0190c3a4-... --last 500', 'the latest 500'],
      ['parley history --room parley://room/0190c3a4-... --before 1200', 'the 50 before #1200 (page back)'],
      ['parley history --room parley://room/0190c3a4-... --after 0 --limit 200', 'the first 200 (page forward with --after)'],
      ['parley history --room parley://room/0190c3a4-... --around 987', 'a search hit in context'],
      ['parley history --room Engineering/Ops --json | jq -r \'.messages[].text\'', 'for scripts'],
    ]),
  )
    .requiredOption('--room <room>', 'a room id, its parley://room/ID URI, or (administrators) its path like Engineering/Backend/Standup')
    .option('--last <n>', `the latest N messages (default ${COUNT_DEFAULT}, at most ${LAST_MAX})`)
    .option('--before <seq>', 'the messages just before this seq (older ones)')
    .option('--after <seq>', 'the messages just after this seq (newer ones; 0: from the start)')
    .option('--around <seq>', 'this seq in the middle of the page')
    .option('--limit <n>', `messages per page with --before, --after or --around (default ${COUNT_DEFAULT}, at most ${HistoryLimits.pageMax})`)
    .addHelpText('after', '\nEach page shown is recorded for compliance. Seqs have gaps: edits, redactions and room changes take seqs too.')
    .action(async (options: HistoryOptions) => {
      const read = historyRead(options);
      const api = await connect(context, options);
      const room = await roomId(api, options.room, '--room');
      const history = await historyClient(api, options);
      let page: HistoryPage;
      try {
        page = read.kind === 'last' ? await history.latest(room, read.count) : await history.page(room, read.request);
      } catch (error) {
        // The server does not say whether a secret room exists; neither does the command.
        if (error instanceof NotFoundError) throw new NotFoundError(`--room: no room "${options.room}" that you may see`);
        throw error;
      }
      show(context, options, page, (p) => historyText(p, read.kind === 'last' ? 'back' : read.direction));
    });
}
