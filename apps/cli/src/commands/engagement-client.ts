import type { Command } from 'commander';
import type { EngagementClient, ParleyClient, RoomStanding } from '@parley/sdk';
import { table } from '../output.js';
import { serverUrl } from '../session/server-url.js';
import type { AdminOptions } from './admin-command.js';

export interface ChannelOptions extends AdminOptions {
  channel?: string;
}

export const withChannel = (command: Command) => command.option('--channel <url>', 'the channel server (default: the one the server names)');

/** Invitations, follows, unread counts and feeds: on --channel, else the channel the server names. */
export async function engagementClient(api: ParleyClient, options: ChannelOptions): Promise<EngagementClient> {
  const url = options.channel !== undefined ? serverUrl(options.channel, '--channel') : (await api.endpoints()).channel;
  return api.engagement(url);
}

export function standingTable(rows: readonly RoomStanding[]): string {
  if (!rows.length) return 'no followed rooms';
  return table(
    ['ROOM', 'UNREAD', 'MENTIONS', 'NOTIFY', 'FOLLOWING', 'ID'],
    rows.map((r) => [r.roomName, String(r.unread), String(r.mentions), r.level, r.following ? 'yes' : 'no', r.roomId]),
  );
}
