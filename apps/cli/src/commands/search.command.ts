import type { Command } from 'commander';
import { HistoryLimits, ValidationError } from '@parley/contracts';
import type { SearchRequest } from '@parley/sdk';
import { dateOrInstant, wholeNumberUpTo } from '../args/values.js';
import { hitLine } from '../chat/history-output.js';
import type { CliContext } from '../context.js';
import { room } from '../resolve.js';
import { adminCommand, connect, show } from './admin-command.js';
import { withChannel, type ChannelOptions } from './engagement-client.js';
import { historyClient } from './history.command.js';

interface SearchOptions extends ChannelOptions {
  room?: string;
  from?: string;
  since?: string;
  limit?: string;
  after?: string;
}

/** The search the options ask for (the room still a name), checked before anything is sent. */
function searchRequest(text: string, options: SearchOptions): SearchRequest {
  const q = text.trim();
  if (!q) throw new ValidationError('TEXT is empty: give words, or "a phrase", to look for');
  if (q.length > HistoryLimits.queryMax) throw new ValidationError(`TEXT is longer than ${HistoryLimits.queryMax} characters`);
  if (options.from !== undefined && !options.from.trim()) throw new ValidationError('--from is empty: give a user name or id');
  return {
    q,
    author: options.from?.trim(),
    from: options.since === undefined ? undefined : dateOrInstant(options.since, '--since'),
    limit: options.limit === undefined ? undefined : wholeNumberUpTo(options.limit, '--limit', HistoryLimits.searchPageMax),
    after: options.after,
  };
}

export function searchCommand(context: CliContext): Command {
  return withChannel(
    adminCommand('search', 'search the messages of every room you may read, newest first', [
      ['parley search outage', 'messages with the word outage'],
      ['parley search \'release "next friday"\' --from alice --since 2026-03-01', 'both, by alice, since March 1st (UTC)'],
      ['parley search deploy --room Engineering/Ops --limit 100', 'in one room, 100 a page'],
      ['parley search deploy --after czEyMzQ', 'the next page: the cursor the previous one ended with'],
      ['parley search outage --json | jq -r \'.items[] | .room.name + ": " + .text\'', 'for scripts'],
    ]),
  )
    .argument('<text>', 'words, all of which must appear, and "quoted phrases"; nothing else is an operator')
    .option('--room <room>', 'only this room: its id, parley://room/ID URI, or (administrators) its path')
    .option('--from <user>', 'only messages by this user (user name or id)')
    .option('--since <date>', 'only messages posted from this date (2026-03-01, UTC) or instant (2026-03-01T09:30:00+01:00)')
    .option('--limit <n>', `hits per page (default 20, at most ${HistoryLimits.searchPageMax})`)
    .option('--after <cursor>', 'the page after a previous one: the cursor it ended with (`more: --after ...`, or `next` in JSON)')
    .addHelpText(
      'after',
      '\nWords match whole (no prefixes, no stemming), in messages, story titles and bodies, and file names.\n' +
        'Redacted and removed messages are never found. See a hit in its room with `parley history --room ID --around SEQ`\n' +
        '(ID and SEQ are in the hit’s link, parley://room/ID?seq=SEQ).',
    )
    .action(async (text: string, options: SearchOptions) => {
      const request = searchRequest(text, options);
      const api = await connect(context, options);
      // Found first: the search itself answers nothing, rather than an error, for a room one may not read.
      if (options.room !== undefined) request.room = (await room(api, options.room, '--room')).id;
      const page = await (await historyClient(api, options)).search(request);
      show(context, options, page, (p) => [...(p.items.length ? p.items.map(hitLine) : ['no matches']), ...(p.next ? [`more: --after ${p.next}`] : [])].join('\n'));
    });
}
