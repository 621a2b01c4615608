import { Option, type Command } from 'commander';
import type { EngagementUpdate, FeedFilterView, FeedItem } from '@parley/sdk';
import { wholeNumber } from '../args/values.js';
import type { CliContext } from '../context.js';
import { table } from '../output.js';
import { roomId } from '../resolve.js';
import { serverUrl } from '../session/server-url.js';
import { adminCommand, commandGroup, connect, show } from './admin-command.js';
import { engagementClient, withChannel, type ChannelOptions } from './engagement-client.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

function filterTable(items: readonly FeedFilterView[]): string {
  if (!items.length) return 'no feed filters';
  const list = (values: readonly string[], empty: string) => (values.length ? values.join(', ') : empty);
  return table(
    ['NAME', 'TERMS', 'FROM', 'ROOMS', 'MODE', 'ID'],
    items.map((f) => [f.name, list(f.terms.map((t) => `"${t}"`), 'any'), list(f.from.map((u) => u.label), 'anyone'), list(f.rooms.map((r) => r.label), 'everywhere'), f.mode, f.id]),
  );
}

/** One feed match as a line for people. */
export function feedLine(item: Pick<FeedItem, 'roomId' | 'seq' | 'text' | 'alert' | 'occurredAt'> & { room: string; author: string }): string {
  return `${item.alert ? '! ' : ''}${item.occurredAt.slice(0, 16).replace('T', ' ')} [${item.room}] ${item.author}: ${item.text.split('\n')[0]}  (parley://room/${item.roomId}?seq=${item.seq})`;
}

function add(context: CliContext): Command {
  return withChannel(
    adminCommand('add', 'add a topic feed filter: matching messages, in rooms you may read, arrive in your feed', [
      ['parley feed add outages --term outage --term "rollback plan"', 'messages with either, anywhere you may read'],
      ['parley feed add boss --from carl --mode quiet', 'everything carl writes, without alerts'],
      ['parley feed add releases --term release --room parley://room/0190c3a4-...', 'in one room only'],
    ]),
  )
    .argument('<name>', 'a name for the filter')
    .option('--term <text>', 'a word or "a phrase" (repeat for more; any of them matches)', collect)
    .option('--from <user>', 'only messages by this user (name or id; repeat for more)', collect)
    .option('--room <room>', 'only in this room (id or parley://room/ID; repeat for more; default: everywhere)', collect)
    .addOption(new Option('--mode <mode>', 'alert notifies, quiet only collects').choices(['alert', 'quiet']).default('alert'))
    .action(async (name: string, options: ChannelOptions & { term?: string[]; from?: string[]; room?: string[]; mode: 'alert' | 'quiet' }) => {
      const api = await connect(context, options);
      const rooms: string[] = [];
      for (const room of options.room ?? []) rooms.push(await roomId(api, room, '--room'));
      const filter = await (await engagementClient(api, options)).addFeedFilter({ name, terms: options.term ?? [], from: options.from ?? [], rooms, mode: options.mode });
      show(context, options, filter, (f) => filterTable([f]));
    });
}

function list(context: CliContext): Command {
  return withChannel(adminCommand('list', 'your topic feed filters, or with --matches the messages that matched them', [['parley feed list', ''], ['parley feed list --matches --limit 20', 'newest first']]))
    .option('--matches', 'list past matches instead of filters')
    .option('--limit <n>', 'at most this many matches (default 50)')
    .option('--before <cursor>', 'matches older than this cursor (the `next` of a previous page)')
    .action(async (options: ChannelOptions & { matches?: boolean; limit?: string; before?: string }) => {
      const client = await engagementClient(await connect(context, options), options);
      if (!options.matches) return show(context, options, await client.feedFilters(), filterTable);
      const page = await client.feed({
        ...(options.limit === undefined ? {} : { limit: wholeNumber(options.limit, '--limit') }),
        ...(options.before === undefined ? {} : { before: wholeNumber(options.before, '--before') }),
      });
      show(context, options, page, (p) =>
        [...(p.items.length ? p.items.map((i) => feedLine({ ...i, room: i.roomName, author: i.author.label })) : ['no matches']), ...(p.next ? [`more: --before ${p.next}`] : [])].join('\n'),
      );
    });
}

function remove(context: CliContext): Command {
  return withChannel(adminCommand('remove', 'remove a topic feed filter', [['parley feed remove 0190c3a4-...', 'its id from `parley feed list`']]))
    .argument('<id>', 'the filter’s id')
    .action(async (id: string, options: ChannelOptions) => {
      await (await engagementClient(await connect(context, options), options)).removeFeedFilter(id);
      show(context, options, { removed: id }, () => `removed feed filter ${id}`);
    });
}

function tail(context: CliContext): Command {
  return withChannel(adminCommand('tail', 'print feed matches as they happen, until interrupted (Ctrl-C)', [['parley feed tail', ''], ['parley feed tail --json', 'one JSON object per line']])).action(
    async (options: ChannelOptions) => {
      const api = await connect(context, options);
      const channel = options.channel !== undefined ? serverUrl(options.channel, '--channel') : api.liveChannel();
      const live = await context.live({ channel, credentials: api.session });
      const stop = live.onEngagement((update: EngagementUpdate) => {
        if (update.type !== 'feed') return;
        context.print(options.json ? JSON.stringify(update) : feedLine({ ...update, roomId: update.room }));
      });
      try {
        const updates = live.updates()[Symbol.asyncIterator]();
        // Room updates are not shown here; reading them keeps the session's queue empty until it ends.
        await Promise.race([context.interrupted(), (async () => void (await drain(updates)))()]);
      } finally {
        stop();
        await live.close();
      }
    },
  );
}

async function drain(updates: AsyncIterator<unknown>): Promise<void> {
  for (let next = await updates.next(); !next.done; next = await updates.next());
}

export function feedCommand(context: CliContext): Command {
  return commandGroup(
    'feed',
    'topic feeds: keywords, phrases or people to watch across the rooms you may read',
    [
      ['parley feed add outages --term outage', ''],
      ['parley feed tail', 'matches as they happen'],
    ],
    [add(context), list(context), remove(context), tail(context)],
  );
}
