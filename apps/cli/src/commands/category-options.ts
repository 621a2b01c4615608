import { Option, type Command } from 'commander';
import type { CategorySettingsChange, ListChange } from '@parley/sdk';
import { parsePrincipals, PRINCIPAL_SYNTAX } from '../args/principal.js';
import { collect, onOff } from '../args/values.js';

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

const SCOPE_LISTS = ['allowed', 'denied', 'creators'] as const;
type ScopeListName = (typeof SCOPE_LISTS)[number];

/** --allowed-add and the like, as commander names them (allowedAdd, allowedRemove...). */
export type ScopeChangeOptions = Partial<Record<`${ScopeListName}${'Add' | 'Remove'}`, string[]>>;

const SCOPE_HELP: Record<ScopeListName, string> = {
  allowed: 'who may be in its rooms',
  denied: 'who may never be, here or below (an ethical wall)',
  creators: 'who may create rooms here',
};

/** --allowed P, --denied P, --creators P (repeatable), for a new category. */
export function addScopeOptions(command: Command): Command {
  for (const list of SCOPE_LISTS) command.option(`--${list} <principal>`, `${SCOPE_HELP[list]} (repeatable; ${PRINCIPAL_SYNTAX})`, collect);
  return command;
}

/** --allowed-add P, --allowed-remove P, and so on for denied and creators (repeatable), for a change. */
export function addScopeChangeOptions(command: Command): Command {
  for (const list of SCOPE_LISTS) {
    command.option(`--${list}-add <principal>`, `add to ${SCOPE_HELP[list]} (repeatable)`, collect);
    command.option(`--${list}-remove <principal>`, `remove from ${list} (repeatable)`, collect);
  }
  return command;
}

/** The scope list changes given, keyed by list; lists not mentioned are left out. */
export function scopeChanges(options: ScopeChangeOptions): Partial<Record<ScopeListName, ListChange>> {
  const changes: Partial<Record<ScopeListName, ListChange>> = {};
  for (const list of SCOPE_LISTS) {
    const add = parsePrincipals(options[`${list}Add`], `--${list}-add`);
    const remove = parsePrincipals(options[`${list}Remove`], `--${list}-remove`);
    if (add.length || remove.length) changes[list] = { add, remove };
  }
  return changes;
}
