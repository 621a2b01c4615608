import type { Command } from 'commander';
import type { ServerSettings, SettingsPatch } from '@parley/sdk';
import type { CliContext } from '../context.js';
import { table } from '../output.js';
import { adminCommand, commandGroup, connect, show, type AdminOptions } from './admin-command.js';

/** The type of each setting, checked here; the server checks ranges. A new setting must be typed here to compile. */
const SETTING_TYPES = {
  backchatSize: 'integer',
  maxFileSizeKb: 'integer',
  participantUpdateLimit: 'integer',
  roomManagementUrl: 'text',
} as const satisfies Record<keyof ServerSettings, 'integer' | 'text'>;

type Key = keyof typeof SETTING_TYPES;
const KEYS = Object.keys(SETTING_TYPES) as Key[];

function settingKey(text: string): Key {
  if (!(KEYS as string[]).includes(text)) throw new Error(`unknown setting "${text}" (one of ${KEYS.join(', ')})`);
  return text as Key;
}

/** `KEY=VALUE` pairs as a settings change, each value of its setting's type. */
function settingsPatch(pairs: readonly string[]): SettingsPatch {
  const patch: Record<string, string | number> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new Error(`write settings as KEY=VALUE, got "${pair}"`);
    const key = settingKey(pair.slice(0, eq).trim());
    const value = pair.slice(eq + 1);
    if (SETTING_TYPES[key] === 'integer') {
      if (!/^-?\d+$/.test(value.trim())) throw new Error(`${key} must be a whole number, got "${value}"`);
      patch[key] = Number(value);
    } else {
      patch[key] = value;
    }
  }
  return patch as SettingsPatch;
}

const settingsTable = (s: ServerSettings) => table(['SETTING', 'VALUE'], KEYS.map((k) => [k, String(s[k])]));

function get(context: CliContext): Command {
  return adminCommand('get', 'show server settings, or one of them', [
    ['parley config get', 'every setting'],
    ['parley config get backchatSize', 'just the value'],
  ])
    .argument('[key]', KEYS.join(', '))
    .action(async (key: string | undefined, options: AdminOptions) => {
      const wanted = key === undefined ? undefined : settingKey(key);
      const api = await connect(context, options);
      const settings = await api.config.get();
      if (wanted === undefined) show(context, options, settings, settingsTable);
      else show(context, options, settings[wanted], String);
    });
}

function set(context: CliContext): Command {
  return adminCommand('set', 'change server settings', [
    ['parley config set backchatSize=50', 'messages a joining client receives (1–500)'],
    ['parley config set maxFileSizeKb=51200 participantUpdateLimit=100', 'several at once'],
    ['parley config set roomManagementUrl=https://rooms.example.com', '"roomManagementUrl=" for none'],
  ])
    .argument('<key=value...>', KEYS.join(', '))
    .action(async (pairs: string[], options: AdminOptions) => {
      const patch = settingsPatch(pairs);
      const api = await connect(context, options);
      show(context, options, await api.config.update(patch), settingsTable);
    });
}

export function configCommand(context: CliContext): Command {
  return commandGroup('config', 'server settings: backchat size, largest file, participant update limit, room management URL', [['parley config set backchatSize=50', '']], [get(context), set(context)]);
}
