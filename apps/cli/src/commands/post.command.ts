import type { Command } from 'commander';
import { UnavailableError } from '@parley/contracts';
import { addLiveOptions, openLive, type LiveOptions } from '../chat/live-options.js';
import { messageFromStdin, storySummary } from '../chat/story.js';
import type { CliContext } from '../context.js';
import { roomId } from '../resolve.js';
import { adminCommand, connect, show, type AdminOptions } from './admin-command.js';

interface PostOptions extends AdminOptions, LiveOptions {
  alert?: boolean;
  storyTitle?: string;
}

/** How long a post waits for the server's answer, reconnects included, before giving up. */
const ANSWER_WITHIN_MS = 30_000;

function answerWithin<T>(answer: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UnavailableError(`no answer from the channel server within ${ms / 1000} s: the message may or may not have been posted`)), ms);
  });
  return Promise.race([answer, late]).finally(() => clearTimeout(timer));
}

export function postCommand(context: CliContext): Command {
  const command = adminCommand('post', 'post a message to a room, and print its seq', [
    ['parley post --room parley://room/0190c3a4-... "Build 4.2 is green"', ''],
    ['parley post --room Engineering/Ops --alert "Deploy freeze from 17:00"', 'a high-priority message'],
    ['parley post --room Engineering/Ops --story-title "Release notes 4.2" - < notes.md', 'a story, its body from standard input'],
  ])
    .argument('<text>', 'the message (the story’s body with --story-title); "-" reads it from standard input')
    .option('--alert', 'a high-priority message')
    .option('--story-title <title>', 'post a story: a titled long post whose body is TEXT');
  return addLiveOptions(command).action(async (given: string, options: PostOptions) => {
    const text = given === '-' ? messageFromStdin(await context.stdin()) : given;
    const story = options.storyTitle === undefined ? undefined : { title: options.storyTitle, body: text };
    const api = await connect(context, options);
    const room = await roomId(api, options.room, '--room');
    const live = await openLive(context, api, options);
    try {
      // A message is posted from inside the room: the join and part are on record for compliance.
      await answerWithin(live.join(room), ANSWER_WITHIN_MS);
      const posted = await answerWithin(live.post(room, story ? storySummary(story.title, text) : text, { alert: options.alert, story }), ANSWER_WITHIN_MS);
      await live.part(room).catch(() => undefined);
      show(context, options, posted, (p) => String(p.seq));
    } finally {
      await live.close();
    }
  });
}
