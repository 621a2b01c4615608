import { Option, type Command } from 'commander';
import type { NotificationLevel } from '@parley/sdk';
import type { CliContext } from '../context.js';
import { roomId } from '../resolve.js';
import { adminCommand, connect, show } from './admin-command.js';
import { engagementClient, standingTable, withChannel, type ChannelOptions } from './engagement-client.js';

export function followCommand(context: CliContext): Command {
  return withChannel(
    adminCommand('follow', 'follow a room: its unread and mention counts are kept (`parley unread`) whether you are in it or not', [
      ['parley follow parley://room/0190c3a4-...', ''],
      ['parley follow Engineering/Ops --notify mentions', 'only messages mentioning you notify'],
    ]),
  )
    .argument('<room>', 'a room id, its parley://room/ID URI, or (administrators) its path')
    .addOption(new Option('--notify <level>', 'which messages notify you').choices(['all', 'mentions', 'none']))
    .action(async (room: string, options: ChannelOptions & { notify?: NotificationLevel }) => {
      const api = await connect(context, options);
      const id = await roomId(api, room, 'room');
      const client = await engagementClient(api, options);
      let standing = await client.follow(id);
      if (options.notify) standing = await client.setNotifications(id, options.notify);
      show(context, options, standing, (s) => standingTable([s]));
    });
}

export function unfollowCommand(context: CliContext): Command {
  return withChannel(adminCommand('unfollow', 'stop following a room', [['parley unfollow parley://room/0190c3a4-...', '']]))
    .argument('<room>', 'a room id, its parley://room/ID URI, or (administrators) its path')
    .action(async (room: string, options: ChannelOptions) => {
      const api = await connect(context, options);
      const id = await roomId(api, room, 'room');
      await (await engagementClient(api, options)).unfollow(id);
      show(context, options, { unfollowed: id }, () => `no longer following ${id}`);
    });
}
