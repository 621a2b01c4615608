import type { LiveUpdate, WireEvent } from '@parley/sdk';
import { sizeText } from '../commands/file-output.js';
import type { AuthorNames } from './author-names.js';

/** The fields of message events a tail shows; read loosely, since redacted messages arrive scrubbed. */
interface MessageData {
  text?: string;
  alert?: boolean;
  story?: { title: string; body: string } | null;
  redacted?: boolean;
  messageSeq?: number;
  reason?: string | null;
  name?: string;
  size?: number;
  caption?: string | null;
  fileId?: string;
}

/** Continuation lines of a multi-line text, indented under the line that starts it. */
export const indented = (text: string) => text.replace(/\n/g, '\n    ');

/** The local time of day of an ISO instant, `09:30:12`. */
export function clock(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toTimeString().slice(0, 8);
}

function eventText(event: WireEvent, author: string): string {
  const data = (event.data ?? {}) as MessageData;
  const head = `${clock(event.occurredAt)} #${event.seq} ${author}`;
  switch (event.type) {
    case 'MessagePosted':
      if (data.redacted) return `${head}: (redacted)`;
      if (data.story) return `${head}: [story] ${data.story.title}\n    ${indented(data.story.body)}`;
      return `${head}: ${data.alert ? '[alert] ' : ''}${indented(data.text ?? '')}`;
    case 'MessageEdited':
      return `${head} edited #${data.messageSeq}: ${indented(data.text ?? '')}`;
    case 'MessageRedacted':
      return `${head} redacted #${data.messageSeq}${data.reason ? `: ${data.reason}` : ''}`;
    case 'FilePosted':
      return `${head} posted ${data.name} (${sizeText(data.size ?? 0)}; parley file download ${data.fileId})${data.caption ? `: ${indented(data.caption)}` : ''}`;
    default:
      return `${head}: ${event.type}`;
  }
}

/** Why the server took the session out of a room, for people. */
export const PARTED: Readonly<Record<Extract<LiveUpdate, { type: 'parted' }>['reason'], string>> = {
  removed: 'you are no longer in this room',
  disabled: 'the room was disabled',
  'room-removed': 'the room was removed',
};

/** An update as lines for people, or undefined for updates a tail does not show. */
export async function updateText(update: LiveUpdate, names: AuthorNames): Promise<string | undefined> {
  switch (update.type) {
    case 'joined': {
      names.remember(update.presence);
      if (update.resumed) return undefined;
      const present = update.presence.map((p) => p.name).join(', ');
      return `-- ${update.name}: ${update.participants} here${present ? ` (${present})` : ''}${update.disclaimer ? `\n-- ${update.disclaimer}` : ''}`;
    }
    case 'event':
      return eventText(update.event, await names.name(update.event.actor.id));
    case 'presence': {
      const who = update.joined ?? update.parted;
      if (update.joined) names.remember([update.joined]);
      return who ? `-- ${who.name} ${update.joined ? 'came in' : 'left'}` : undefined;
    }
    case 'parted':
      return `-- ${PARTED[update.reason]}`;
    case 'lost':
      return `-- cannot enter the room again: ${update.error.message}`;
    case 'typing':
    case 'disconnected':
    case 'reconnected':
      return undefined;
    default:
      return assertNever(update);
  }
}

function assertNever(value: never): never {
  throw new Error(`unknown update ${JSON.stringify(value)}`);
}

/** An update as one JSON line, or undefined for those a tail does not print (typing, connection news). */
export function updateJson(update: LiveUpdate): string | undefined {
  switch (update.type) {
    case 'typing':
    case 'disconnected':
    case 'reconnected':
      return undefined;
    case 'lost':
      return JSON.stringify({ ...update, error: { code: update.error.code, message: update.error.message } });
    default:
      return JSON.stringify(update);
  }
}
