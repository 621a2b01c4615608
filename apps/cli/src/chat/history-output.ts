import type { HistoryMessage, HistoryPage, SearchHit } from '@parley/sdk';
import { feedLine } from '../commands/feed.command.js';
import { sizeText } from '../commands/file-output.js';
import { clock, indented } from './tail-output.js';

/** Which way a history page was read: where more messages may be is said for that way (both, around a seq). */
export type HistoryDirection = 'back' | 'forward' | 'around';

/** A message as a tail shows it (`09:30:12 #57 alice: text`), with what became of it since. */
function messageText(m: HistoryMessage): string {
  const head = `${clock(m.postedAt)} #${m.seq} ${m.author.name}`;
  if (m.redacted) return `${head}: (redacted)`;
  if (m.removed) return `${head}: (removed by a moderator)${m.text ? ` ${indented(m.text)}` : ''}`;
  const edited = m.editCount > 0 ? ' (edited)' : '';
  if (m.file) return `${head} posted ${m.file.name} (${sizeText(m.file.size)}; parley file download ${m.file.id})${m.text ? `: ${indented(m.text)}` : ''}${edited}`;
  if (m.story) return `${head}: [story] ${m.story.title}${edited}\n    ${indented(m.story.body)}`;
  return `${head}: ${m.alert ? '[alert] ' : ''}${indented(m.text ?? '')}${edited}`;
}

/** The local date of an ISO instant, `2026-03-01`: history spans days, and lines show the time only. */
export function localDay(iso: string): string {
  const at = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return Number.isNaN(at.getTime()) ? iso.slice(0, 10) : `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}`;
}

/** The options that show the messages next to this page, when the room's history has any. */
function moreHint(page: HistoryPage, direction: HistoryDirection): string | undefined {
  const first = page.messages[0];
  const last = page.messages.at(-1);
  const hints: string[] = [];
  if (direction !== 'forward' && first && page.firstSeq !== null && first.seq > page.firstSeq) hints.push(`--before ${first.seq}`);
  if (direction !== 'back' && last && page.lastSeq !== null && last.seq < page.lastSeq) hints.push(`--after ${last.seq}`);
  return hints.length ? `more: ${hints.join(' or ')}` : undefined;
}

/** A page of history for people: the room, a line for each day, a message a line (or more), and where more are. */
export function historyText(page: HistoryPage, direction: HistoryDirection): string {
  const lines = [`-- ${page.room.name}${page.room.logged ? '' : ' (keeps no history now: new messages are not stored)'}`];
  let day: string | undefined;
  for (const message of page.messages) {
    const today = localDay(message.postedAt);
    if (today !== day) lines.push(`-- ${today}`);
    day = today;
    lines.push(messageText(message));
  }
  if (!page.messages.length) lines.push('no messages');
  const more = moreHint(page, direction);
  return [...lines, ...(more ? [more] : [])].join('\n');
}

/** A search hit as a feed match is shown: time, room, author, the first line, and its link (which holds the seq). */
export function hitLine(hit: SearchHit): string {
  const text = hit.story ? `[story] ${hit.story.title}` : hit.file ? `[file] ${hit.file.name}${hit.text ? `: ${hit.text}` : ''}` : (hit.text ?? '');
  const edited = hit.editCount > 0 ? ' (edited)' : '';
  return feedLine({ roomId: hit.room.id, room: hit.room.name, seq: hit.seq, author: hit.author.name, alert: hit.alert, occurredAt: hit.postedAt, text: `${text.split('\n')[0]}${edited}` });
}
