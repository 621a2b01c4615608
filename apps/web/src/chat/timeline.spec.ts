import type { HistoryMessage, WireEvent } from '@parley/contracts';
import { addMessages, addPending, applyEvent, emptyTimeline, fromHistory, oldestSeq, settlePending, type Timeline } from './timeline.js';

let at = 0;
const event = (seq: number, type: string, data: unknown, actor = 'u-alice'): WireEvent => ({
  id: `e${++at}`,
  type,
  seq,
  actor: { kind: 'user', id: actor },
  occurredAt: '2026-01-01T10:00:00.000Z',
  data,
});
const posted = (seq: number, text: string, extra: object = {}) => event(seq, 'MessagePosted', { clientMsgId: `c${seq}`, text, alert: false, story: null, mentions: [], ...extra });
const history = (seq: number, text: string): HistoryMessage => ({
  seq,
  author: { id: 'u-bob', name: 'bob' },
  postedAt: '2026-01-01T09:00:00.000Z',
  text,
  story: null,
  file: null,
  alert: false,
  editCount: 0,
  editedAt: null,
  redacted: false,
  removed: false,
});
const texts = (t: Timeline) => t.messages.map((m) => `${m.seq}:${m.text}`);

describe('the timeline of a room', () => {
  it('shows live messages once each, in seq order, whatever order they came in', () => {
    let t = emptyTimeline;
    for (const e of [posted(3, 'c'), posted(1, 'a'), posted(3, 'c again'), posted(2, 'b')]) t = applyEvent(t, e);
    expect(texts(t)).toEqual(['1:a', '2:b', '3:c']);
  });

  it('names the author of a live message as the server named them (someone never seen here before)', () => {
    const named = { ...posted(1, 'hello'), actor: { kind: 'user', id: 'u-zed', name: 'Zed Shaw' } };
    expect(applyEvent(emptyTimeline, named).messages[0]).toMatchObject({ authorId: 'u-zed', authorName: 'Zed Shaw' });
    expect(applyEvent(emptyTimeline, posted(1, 'hello')).messages[0]!.authorName).toBeUndefined();
  });

  it('adds older history pages before what is shown, keeping what is already here', () => {
    let t = applyEvent(emptyTimeline, posted(5, 'live five'));
    t = addMessages(t, [history(3, 'three'), history(4, 'four'), history(5, 'five from history')].map(fromHistory));
    expect(texts(t)).toEqual(['3:three', '4:four', '5:live five']);
    expect(t.messages[0]!.authorName).toBe('bob');
    expect(oldestSeq(t)).toBe(3);
  });

  it('marks alerts and stories', () => {
    let t = applyEvent(emptyTimeline, posted(1, 'fire!', { alert: true }));
    t = applyEvent(t, posted(2, 'summary', { story: { title: 'Q3', body: 'long body' } }));
    expect(t.messages.map((m) => [m.alert, m.story?.title])).toEqual([
      [true, undefined],
      [false, 'Q3'],
    ]);
  });

  it('applies edits, redactions and removals to the messages they name', () => {
    let t = emptyTimeline;
    for (const e of [posted(1, 'one'), posted(2, 'two'), posted(3, 'three')]) t = applyEvent(t, e);
    t = applyEvent(t, event(4, 'MessageEdited', { messageSeq: 1, text: 'one!' }));
    t = applyEvent(t, event(5, 'MessageRedacted', { messageSeq: 2, reason: null }));
    t = applyEvent(t, event(6, 'MessagesRemoved', { messageSeqs: [3], replacement: '[removed]', filter: {} }));
    expect(t.messages.map((m) => [m.text, m.edited, m.redacted])).toEqual([
      ['one!', true, false],
      [null, false, true],
      ['[removed]', false, false],
    ]);
  });

  it('keeps a post waiting until its event arrives, then shows it once', () => {
    let t = addPending(emptyTimeline, { clientMsgId: 'mine', text: 'queued', alert: false });
    expect(t.pending).toHaveLength(1);
    t = applyEvent(t, posted(7, 'queued', { clientMsgId: 'mine' }));
    expect(t.pending).toEqual([]);
    expect(texts(t)).toEqual(['7:queued']);
  });

  it('marks a post that failed for good, and drops one that was stored', () => {
    let t = addPending(addPending(emptyTimeline, { clientMsgId: 'a', text: 'x', alert: false }), { clientMsgId: 'b', text: 'y', alert: false });
    t = settlePending(settlePending(t, 'a', 'not a member'), 'b');
    expect(t.pending).toEqual([{ clientMsgId: 'a', text: 'x', alert: false, error: 'not a member' }]);
  });

  it('drops cleared history', () => {
    let t = emptyTimeline;
    for (const e of [posted(1, 'one'), posted(2, 'two')]) t = applyEvent(t, e);
    expect(texts(applyEvent(t, event(3, 'HistoryCleared', { upToSeq: 1 })))).toEqual(['2:two']);
  });
});
