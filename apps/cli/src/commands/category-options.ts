import { Option, type Command } from 'commander';
import type { CategorySettingsChange } from '@parley/sdk';
import { onOff } from '../args/values.js';
import { addListChangeOptions, addListOptions, listChanges, listValues, type ListChangeOptions, type ListHelp } from './list-options.js';

/** The on/off settings rooms of a category inherit. */
export interface SettingsOptions {
  invitations?: string;
  fileUpload?: string;
  history?: string;
}

export function addSettingsOptions(command: Command): Command {
  return command
    .addOption(new Option('--invitations <on|off>', 'new room members get an invitation').choices(['on', 'off']))
    .addOption(new Option('--file-upload <on|off>', 'files may be posted to rooms').choices(['on', 'off']))
    .addOption(new Option('--history <on|off>', 'rooms keep chat history').choices(['on', 'off']));
}

/** The settings options given, as a partial settings change (undefined when none was given). */
export function settingsChange(options: SettingsOptions): CategorySettingsChange | undefined {
  const change: CategorySettingsChange = { invitations: onOff(options.invitations), fileUpload: onOff(options.fileUpload), chatHistory: onOff(options.history) };
  const given = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
  return Object.keys(given).length ? given : undefined;
}

const SCOPE_HELP: ListHelp<'allowed' | 'denied' | 'creators'> = {
  allowed: 'who may be in its rooms',
  denied: 'who may never be, here or below (an ethical wall)',
  creators: 'who may create rooms here',
};

/** --allowed-add and the like, as commander names them (allowedAdd, allowedRemove...). */
export type ScopeChangeOptions = ListChangeOptions<keyof typeof SCOPE_HELP>;
export type ScopeOptions = Partial<Record<keyof typeof SCOPE_HELP, string[]>>;

/** --allowed P, --denied P, --creators P (repeatable), for a new category. */
export const addScopeOptions = (command: Command) => addListOptions(command, SCOPE_HELP);
export const scopeValues = (options: ScopeOptions) => listValues(options, SCOPE_HELP);

/** --allowed-add P, --allowed-remove P, and so on for denied and creators (repeatable), for a change. */
export const addScopeChangeOptions = (command: Command) => addListChangeOptions(command, SCOPE_HELP);
export const scopeChanges = (options: ScopeChangeOptions) => listChanges(options, SCOPE_HELP);
