import type { Command } from 'commander';
import type { ParleyClient } from '@parley/sdk';
import type { CliContext, LiveSession } from '../context.js';
import { serverUrl } from '../session/server-url.js';

/** Options of the commands that chat: the room, and where live sessions go. */
export interface LiveOptions {
  room: string;
  channel?: string;
}

export function addLiveOptions(command: Command): Command {
  return command
    .requiredOption('--room <room>', 'a room id, its parley://room/ID URI, or (administrators) its path like Engineering/Backend/Standup')
    .option('--channel <url>', 'the channel server for live sessions (default: the one the lookup service names)');
}

/**
 * A live session for the signed-in user, on --channel or on the channel server lookup names
 * (asked again on each reconnect, so a drained or failed server is left for another).
 */
export function openLive(context: CliContext, api: ParleyClient, options: LiveOptions): Promise<LiveSession> {
  const channel = options.channel !== undefined ? serverUrl(options.channel, '--channel') : api.liveChannel();
  return context.live({ channel, credentials: api.session });
}
