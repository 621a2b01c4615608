import type { Command } from 'commander';
import type { ListChange, PrincipalRef } from '@parley/sdk';
import { parsePrincipals, PRINCIPAL_SYNTAX } from '../args/principal.js';
import { collect } from '../args/values.js';

/** Principal lists a command sets or changes (category scopes, room roles), each with what it means. */
export type ListHelp<L extends string> = Readonly<Record<L, string>>;

/** `--<list>-add`, `--<list>-remove`, as commander names them (allowedAdd, membersRemove...). */
export type ListChangeOptions<L extends string> = Partial<Record<`${L}${'Add' | 'Remove'}`, string[]>>;

const names = <L extends string>(help: ListHelp<L>) => Object.keys(help) as L[];

/** `--<list> P` (repeatable) for each list, for something new. */
export function addListOptions<L extends string>(command: Command, help: ListHelp<L>): Command {
  for (const list of names(help)) command.option(`--${list} <principal>`, `${help[list]} (repeatable; ${PRINCIPAL_SYNTAX})`, collect);
  return command;
}

/** Each list's principals as given (an empty list when none was). */
export function listValues<L extends string>(options: Partial<Record<L, string[]>>, help: ListHelp<L>): Record<L, PrincipalRef[]> {
  return Object.fromEntries(names(help).map((list) => [list, parsePrincipals(options[list], `--${list}`)])) as Record<L, PrincipalRef[]>;
}

/** `--<list>-add P` and `--<list>-remove P` (repeatable) for each list, for a change. */
export function addListChangeOptions<L extends string>(command: Command, help: ListHelp<L>): Command {
  for (const list of names(help)) {
    command.option(`--${list}-add <principal>`, `add to ${help[list]} (repeatable)`, collect);
    command.option(`--${list}-remove <principal>`, `remove from ${list} (repeatable)`, collect);
  }
  return command;
}

/** The list changes given, keyed by list; lists not mentioned are left out. */
export function listChanges<L extends string>(options: ListChangeOptions<L>, help: ListHelp<L>): Partial<Record<L, ListChange>> {
  const changes: Partial<Record<L, ListChange>> = {};
  for (const list of names(help)) {
    const add = parsePrincipals(options[`${list}Add`], `--${list}-add`);
    const remove = parsePrincipals(options[`${list}Remove`], `--${list}-remove`);
    if (add.length || remove.length) changes[list] = { add, remove };
  }
  return changes;
}
