import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { roomId } from '../resolve.js';
import { adminCommand, connect, show } from './admin-command.js';
import { engagementClient, standingTable, withChannel, type ChannelOptions } from './engagement-client.js';

export function unreadCommand(context: CliContext): Command {
  return withChannel(
    adminCommand('unread', 'unread and mention counts of the rooms you follow (and of any room where you were mentioned)', [
      ['parley unread', ''],
      ['parley unread --mark-read parley://room/0190c3a4-...', 'everything in that room counts as read, on every device'],
    ]),
  )
    .option('--mark-read <room>', 'mark a room read up to its latest message first')
    .action(async (options: ChannelOptions & { markRead?: string }) => {
      const api = await connect(context, options);
      const client = await engagementClient(api, options);
      if (options.markRead !== undefined) {
        const id = await roomId(api, options.markRead, '--mark-read');
        const current = (await client.unread()).find((s) => s.roomId === id);
        await client.markRead(id, current?.lastSeq ?? 0);
      }
      show(context, options, await client.unread(), standingTable);
    });
}
