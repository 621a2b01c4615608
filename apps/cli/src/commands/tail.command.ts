import type { Command } from 'commander';
import { AuthorNames } from '../chat/author-names.js';
import { addLiveOptions, openLive, type LiveOptions } from '../chat/live-options.js';
import { PARTED, updateJson, updateText } from '../chat/tail-output.js';
import type { CliContext } from '../context.js';
import { roomId } from '../resolve.js';
import { adminCommand, connect, type AdminOptions } from './admin-command.js';

export function tailCommand(context: CliContext): Command {
  const command = adminCommand('tail', 'print a room’s backchat, then its messages as they come, until interrupted (Ctrl-C)', [
    ['parley tail --room parley://room/0190c3a4-...', 'follow a room'],
    ['parley tail --room Engineering/Ops --json | jq -r \'select(.type == "event") | .event.data.text\'', 'one JSON object per line'],
  ]);
  return addLiveOptions(command).action(async (options: AdminOptions & LiveOptions) => {
    const api = await connect(context, options);
    const room = await roomId(api, options.room, '--room');
    const live = await openLive(context, api, options);
    const names = new AuthorNames(api);
    names.remember([{ userId: live.user.id, name: live.user.name }]);
    let interrupted = false;
    void context.interrupted().then(() => {
      interrupted = true;
      return live.close();
    });
    try {
      await live.join(room);
      for await (const update of live.updates()) {
        if (update.type === 'disconnected') context.note(`parley: ${update.reason}; reconnecting in ${(update.retryInMs / 1000).toFixed(1)} s`);
        if (update.type === 'reconnected') context.note('parley: reconnected');
        const line = options.json ? updateJson(update) : await updateText(update, names);
        if (line !== undefined) context.print(line);
        // Nothing more can come from the room: say why, and fail.
        if (update.type === 'parted') throw new Error(`out of room ${update.room}: ${PARTED[update.reason]}`);
        if (update.type === 'lost') throw update.error;
      }
    } catch (error) {
      // Interrupted while joining: stopping was asked for, it is no failure.
      if (!interrupted) throw error;
    } finally {
      await live.close();
    }
  });
}
