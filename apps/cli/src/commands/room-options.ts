import { Option, type Command } from 'commander';
import type { ParleyClient, UpdateRoomRequest } from '@parley/sdk';
import { addinId } from '../resolve.js';
import type { ListHelp } from './list-options.js';

/** The settings of a room as options (commander names --type `type`; the API calls it roomType). */
export interface RoomSettingsOptions {
  description?: string;
  privacy?: 'open' | 'closed' | 'secret';
  type?: 'normal' | 'auditorium';
  invitations?: 'inherit' | 'off';
  /** An add-in's name or id; false for --no-addin. */
  addin?: string | false;
  disclaimer?: string;
}

export const ROLE_HELP: ListHelp<'members' | 'managers' | 'presenters'> = {
  members: 'members (who may enter a closed or secret room)',
  managers: 'managers (who may change the room)',
  presenters: 'presenters (who may post in an auditorium)',
};

/** --description, --privacy, --type, --invitations, --addin (and --no-addin for a change), --disclaimer. */
export function addRoomSettingsOptions(command: Command, change: boolean): Command {
  command
    .option('--description <text>', 'what the room is for')
    .addOption(new Option('--privacy <privacy>', 'open: anyone in the category’s scope enters; closed: members only, others see it; secret: members only, hidden').choices(['open', 'closed', 'secret']))
    .addOption(new Option('--type <type>', 'auditorium: only presenters post').choices(['normal', 'auditorium']))
    .addOption(new Option('--invitations <setting>', 'inherit: as the category says; off: members get no invitation').choices(['inherit', 'off']))
    .option('--addin <addin>', 'an add-in the room shows (its name or id)');
  if (change) command.option('--no-addin', 'show no add-in');
  return command.option('--disclaimer <text>', 'shown to everyone entering the room');
}

type RoomSettings = Omit<UpdateRoomRequest, 'name' | 'categoryId' | 'members' | 'managers' | 'presenters'>;

/** The settings given, with the add-in found by name or id; settings not given are left out. */
export async function roomSettings(api: ParleyClient, options: RoomSettingsOptions): Promise<RoomSettings> {
  const settings: RoomSettings = {
    description: options.description,
    privacy: options.privacy,
    roomType: options.type,
    invitations: options.invitations,
    addinId: options.addin === undefined ? undefined : options.addin === false ? null : await addinId(api, options.addin, '--addin'),
    disclaimer: options.disclaimer,
  };
  return definedOnly(settings);
}

/** `value` without the keys whose value is undefined, so a change names only what was given. */
export function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
