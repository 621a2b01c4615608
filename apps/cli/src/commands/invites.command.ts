import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { table } from '../output.js';
import { roomId } from '../resolve.js';
import { adminCommand, commandGroup, connect, show } from './admin-command.js';
import { engagementClient, standingTable, withChannel, type ChannelOptions } from './engagement-client.js';

function list(context: CliContext): Command {
  return withChannel(adminCommand('list', 'your pending invitations to rooms', [['parley invites list', '']])).action(async (options: ChannelOptions) => {
    const client = await engagementClient(await connect(context, options), options);
    show(context, options, await client.invitations(), (items) =>
      items.length ? table(['ROOM', 'INVITED BY', 'AT', 'ID'], items.map((i) => [i.roomName, i.invitedBy.label, i.invitedAt, i.roomId])) : 'no pending invitations',
    );
  });
}

function accept(context: CliContext): Command {
  return withChannel(adminCommand('accept', 'accept an invitation: you follow the room from now on (`parley tail` to chat in it)', [['parley invites accept parley://room/0190c3a4-...', '']]))
    .argument('<room>', 'the room’s id or parley://room/ID URI')
    .action(async (room: string, options: ChannelOptions) => {
      const api = await connect(context, options);
      const standing = await (await engagementClient(api, options)).accept(await roomId(api, room, 'room'));
      show(context, options, standing, (s) => `accepted: you follow ${s.roomName}\n${standingTable([s])}`);
    });
}

function decline(context: CliContext): Command {
  return withChannel(adminCommand('decline', 'decline an invitation', [['parley invites decline parley://room/0190c3a4-...', '']]))
    .argument('<room>', 'the room’s id or parley://room/ID URI')
    .action(async (room: string, options: ChannelOptions) => {
      const api = await connect(context, options);
      const id = await roomId(api, room, 'room');
      await (await engagementClient(api, options)).decline(id);
      show(context, options, { declined: id }, () => `declined the invitation to ${id}`);
    });
}

export function invitesCommand(context: CliContext): Command {
  return commandGroup('invites', 'invitations to rooms you were added to', [['parley invites list', 'what is waiting'], ['parley invites accept ROOM', '']], [list(context), accept(context), decline(context)]);
}
