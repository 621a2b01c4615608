import type { Command } from 'commander';
import type { ParleyClient, RoomView } from '@parley/sdk';
import type { CliContext } from '../context.js';
import { category, room } from '../resolve.js';
import { adminCommand, commandGroup, connect, show, type AdminOptions } from './admin-command.js';
import { addListChangeOptions, addListOptions, listChanges, listValues, type ListChangeOptions } from './list-options.js';
import { addRoomSettingsOptions, definedOnly, ROLE_HELP, roomSettings, type RoomSettingsOptions } from './room-options.js';
import { roomFields, roomNames, roomTable, rolesTable } from './room-output.js';

type Role = keyof typeof ROLE_HELP;

interface CreateOptions extends AdminOptions, RoomSettingsOptions, Partial<Record<Role, string[]>> {
  category: string;
}

interface SetOptions extends AdminOptions, RoomSettingsOptions, ListChangeOptions<Role> {
  name?: string;
  category?: string;
}

const ROOM_ARGUMENT = 'a room id, its parley://room/ID URI, or its path like Engineering/Backend/Standup';

/** Prints a room: as the API answered with --json, else with its category's path and add-in's name. */
async function showRoom(context: CliContext, options: AdminOptions, api: ParleyClient, view: RoomView): Promise<void> {
  const names = options.json ? undefined : await roomNames(api, view);
  show(context, options, view, (r) => roomFields(r, names!));
}

function list(context: CliContext): Command {
  return adminCommand('list', 'list rooms in path order (administrators)', [
    ['parley room list', 'every room'],
    ['parley room list --category Engineering/Backend --query stand', 'rooms of one category whose name starts with "stand"'],
  ])
    .option('--category <category>', 'only the rooms of this category (a path or an id), not of its sub-categories')
    .option('--query <prefix>', 'rooms whose name starts with this (any case)')
    .action(async (options: AdminOptions & { category?: string; query?: string }) => {
      const api = await connect(context, options);
      const categoryId = options.category === undefined ? undefined : (await category(api, options.category, '--category')).id;
      show(context, options, await api.rooms.list({ categoryId, q: options.query }), roomTable);
    });
}

function showCommand(context: CliContext): Command {
  return adminCommand('show', 'show a room: its id and URI, settings, members, managers and presenters', [
    ['parley room show Engineering/Backend/Standup', 'by path (administrators)'],
    ['parley room show parley://room/0190c3a4-...', 'by URI or id (anyone who may see the room)'],
  ])
    .argument('<room>', ROOM_ARGUMENT)
    .action(async (text: string, options: AdminOptions) => {
      const api = await connect(context, options);
      await showRoom(context, options, api, await room(api, text, 'ROOM'));
    });
}

function create(context: CliContext): Command {
  const command = adminCommand('create', 'create a room in a category (administrators, and the category’s creators); with no --managers, you manage it', [
    ['parley room create Standup --category Engineering/Backend', 'an open room: anyone in the category’s scope enters'],
    ['parley room create Incidents --category Ops --privacy closed --members group:oncall --managers user:alice', 'members only'],
    ['parley room create Town-hall --category Company --type auditorium --presenters user:ceo --disclaimer "Recorded."', ''],
  ])
    .argument('<name>', 'its name (unique in its category)')
    .requiredOption('--category <category>', 'its category: a path like Engineering/Backend, or an id');
  addRoomSettingsOptions(command, false);
  addListOptions(command, ROLE_HELP);
  return command.action(async (name: string, options: CreateOptions) => {
    const roles = listValues(options, ROLE_HELP);
    const api = await connect(context, options);
    const categoryId = (await category(api, options.category, '--category')).id;
    const created = await api.rooms.create({ categoryId, name, ...(await roomSettings(api, options)), ...roles });
    await showRoom(context, options, api, created);
  });
}

function set(context: CliContext): Command {
  const command = adminCommand('set', 'change a room’s settings, members, managers and presenters, all or nothing (its managers, administrators)', [
    ['parley room set Engineering/Backend/Standup --members-add group:backend --members-remove user:mallory', ''],
    ['parley room set Engineering/Backend/Standup --name Daily --privacy closed --no-addin', 'rename, close, drop the add-in'],
    ['parley room set parley://room/0190c3a4-... --category Engineering/Frontend', 'move it'],
  ])
    .argument('<room>', ROOM_ARGUMENT)
    .option('--name <name>', 'a new name')
    .option('--category <category>', 'move it to this category (a path or an id)');
  addRoomSettingsOptions(command, true);
  addListChangeOptions(command, ROLE_HELP);
  return command.action(async (text: string, options: SetOptions) => {
    const roles = listChanges(options, ROLE_HELP);
    const api = await connect(context, options);
    const target = await room(api, text, 'ROOM');
    const categoryId = options.category === undefined ? undefined : (await category(api, options.category, '--category')).id;
    const changes = definedOnly({ name: options.name, categoryId, ...(await roomSettings(api, options)), ...roles });
    await showRoom(context, options, api, await api.rooms.update(target.id, changes));
  });
}

function members(context: CliContext): Command {
  return adminCommand('members', 'list a room’s members, managers and presenters', [['parley room members Engineering/Backend/Standup', '']])
    .argument('<room>', ROOM_ARGUMENT)
    .action(async (text: string, options: AdminOptions) => {
      const api = await connect(context, options);
      const { members, managers, presenters } = await room(api, text, 'ROOM');
      show(context, options, { members, managers, presenters }, rolesTable);
    });
}

function toggle(context: CliContext, action: 'disable' | 'enable'): Command {
  const what = action === 'disable' ? 'disable a room: it accepts nothing, and everyone in it leaves, until it is enabled' : 'enable a disabled room';
  return adminCommand(action, what, [[`parley room ${action} Engineering/Backend/Standup`, '']])
    .argument('<room>', ROOM_ARGUMENT)
    .action(async (text: string, options: AdminOptions) => {
      const api = await connect(context, options);
      const target = await room(api, text, 'ROOM');
      const changed = await api.rooms[action](target.id);
      show(context, options, changed, (r) => `${action}d room ${r.name} (${r.id})`);
    });
}

function remove(context: CliContext): Command {
  return adminCommand('remove', 'remove a room (its history stays in the log and the compliance archive)', [['parley room remove Engineering/Backend/Standup', '']])
    .argument('<room>', ROOM_ARGUMENT)
    .action(async (text: string, options: AdminOptions) => {
      const api = await connect(context, options);
      const target = await room(api, text, 'ROOM');
      await api.rooms.remove(target.id);
      show(context, options, { removed: target.id }, () => `removed room ${target.name} (${target.id})`);
    });
}

export function roomCommand(context: CliContext): Command {
  return commandGroup(
    'room',
    'manage rooms: create, change, members, disable, remove',
    [
      ['parley room create Standup --category Engineering --members group:engineering', 'a room'],
      ['parley room show Engineering/Standup', 'its id, URI, settings and people'],
    ],
    [list(context), showCommand(context), create(context), set(context), members(context), toggle(context, 'disable'), toggle(context, 'enable'), remove(context)],
  );
}
