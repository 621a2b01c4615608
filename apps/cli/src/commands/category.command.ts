import { Option, type Command } from 'commander';
import type { CategoryView } from '@parley/sdk';
import type { CliContext } from '../context.js';
import { fields, onOffText, principals, table } from '../output.js';
import { category } from '../resolve.js';
import { adminCommand, commandGroup, connect, show, type AdminOptions } from './admin-command.js';
import {
  addScopeChangeOptions,
  addScopeOptions,
  addSettingsOptions,
  scopeChanges,
  scopeValues,
  settingsChange,
  type ScopeChangeOptions,
  type ScopeOptions,
  type SettingsOptions,
} from './category-options.js';

interface CreateOptions extends AdminOptions, SettingsOptions, ScopeOptions {
  parent?: string;
  description?: string;
}

interface SetOptions extends AdminOptions, SettingsOptions, ScopeChangeOptions {
  name?: string;
  description?: string;
  parent?: string;
  top?: boolean;
}

function settingsText(c: CategoryView): string {
  return `invitations ${onOffText(c.settings.invitations)}, file upload ${onOffText(c.settings.fileUpload)}, chat history ${onOffText(c.settings.chatHistory)}`;
}

/** An empty allowed list inherits the parent's; at the top, it lets no one in. */
const allowedText = (c: CategoryView, inherited: string) => principals(c.allowed, c.parentId ? inherited : 'nobody');

function categoryFields(c: CategoryView): string {
  return fields([
    ['category', c.path.join('/')],
    ['id', c.id],
    ['parent', c.parentId ? `${c.path.slice(0, -1).join('/')} (${c.parentId})` : '- (top level)'],
    ['description', c.description || '-'],
    ['allowed', allowedText(c, '(inherits the parent’s)')],
    ['denied', principals(c.denied)],
    ['creators', principals(c.creators)],
    ['settings', settingsText(c)],
    ['rooms', String(c.roomCount)],
    ['sub-categories', String(c.childCount)],
  ]);
}

/** The tree, one category a line, indented under its parent (the server lists parents first). */
function treeText(categories: readonly CategoryView[]): string {
  return table(
    ['CATEGORY', 'ROOMS', 'ALLOWED', 'DENIED', 'ID'],
    categories.map((c) => [`${'  '.repeat(c.path.length - 1)}${c.name}`, String(c.roomCount), allowedText(c, '(inherited)'), principals(c.denied), c.id]),
  );
}

function list(context: CliContext): Command {
  return adminCommand('list', 'show the category tree with its scopes', [
    ['parley category list', 'the tree, indented'],
    ['parley category list --json', 'every category with its path, scopes and settings'],
  ]).action(async (options: AdminOptions) => {
    const api = await connect(context, options);
    show(context, options, await api.categories.list(), treeText);
  });
}

function showCategory(context: CliContext): Command {
  return adminCommand('show', 'show a category: scopes, settings, rooms', [['parley category show Engineering/Backend', 'by path (or give its id)']])
    .argument('<category>', 'a path like Engineering/Backend, or an id')
    .action(async (text: string, options: AdminOptions) => {
      const api = await connect(context, options);
      show(context, options, await category(api, text, 'CATEGORY'), categoryFields);
    });
}

function create(context: CliContext): Command {
  const command = adminCommand('create', 'create a category, at the top or under --parent', [
    ['parley category create Engineering --allowed group:engineering --creators user:alice', 'at the top'],
    ['parley category create Backend --parent Engineering --denied "ou:ou=Legal,dc=example,dc=com"', 'an ethical wall below it'],
    ['parley category create Drafts --parent Engineering/Backend --history off --file-upload off', 'settings rooms inherit'],
  ])
    .argument('<name>', 'its name (unique among its siblings)')
    .option('--parent <category>', 'the parent category: a path like Engineering/Backend, or an id')
    .option('--description <text>', 'what the category is for');
  addScopeOptions(command);
  return addSettingsOptions(command).action(async (name: string, options: CreateOptions) => {
    const scopes = scopeValues(options);
    const api = await connect(context, options);
    const parentId = options.parent === undefined ? null : (await category(api, options.parent, '--parent')).id;
    const created = await api.categories.create({ name, description: options.description, parentId, ...scopes, settings: settingsChange(options) });
    show(context, options, created, categoryFields);
  });
}

function set(context: CliContext): Command {
  const command = adminCommand('set', 'rename, move, change the scopes or settings of a category (all or nothing)', [
    ['parley category set Engineering/Backend --allowed-add group:backend --denied-add user:mallory', 'scopes'],
    ['parley category set Engineering/Backend --parent Products', 'move it'],
    ['parley category set Products/Backend --top --name Platform --invitations off', 'to the top, renamed'],
  ])
    .argument('<category>', 'a path like Engineering/Backend, or an id')
    .option('--name <name>', 'a new name')
    .option('--description <text>', 'a new description')
    .addOption(new Option('--parent <category>', 'move under this category (a path or an id)').conflicts('top'))
    .option('--top', 'move to the top level');
  addScopeChangeOptions(command);
  return addSettingsOptions(command).action(async (text: string, options: SetOptions) => {
    const scopes = scopeChanges(options);
    const api = await connect(context, options);
    const target = await category(api, text, 'CATEGORY');
    const parentId = options.top ? null : options.parent === undefined ? undefined : (await category(api, options.parent, '--parent')).id;
    const changed = await api.categories.update(target.id, { name: options.name, description: options.description, parentId, settings: settingsChange(options), ...scopes });
    show(context, options, changed, categoryFields);
  });
}

function remove(context: CliContext): Command {
  return adminCommand('remove', 'remove an empty category (no rooms, no sub-categories)', [['parley category remove Engineering/Drafts', '']])
    .argument('<category>', 'a path like Engineering/Backend, or an id')
    .action(async (text: string, options: AdminOptions) => {
      const api = await connect(context, options);
      const target = await category(api, text, 'CATEGORY');
      await api.categories.remove(target.id);
      show(context, options, { removed: target.id }, () => `removed category ${target.path.join('/')}`);
    });
}

export function categoryCommand(context: CliContext): Command {
  return commandGroup(
    'category',
    'manage the category tree: scopes (allowed, denied, creators) and settings rooms inherit',
    [
      ['parley category list', 'the tree'],
      ['parley category create Backend --parent Engineering --allowed group:backend', 'a sub-category'],
    ],
    [list(context), showCategory(context), create(context), set(context), remove(context)],
  );
}
