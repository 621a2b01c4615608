import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { ChatStore, RoomState } from '../chat/chat-store.js';
import { messageWindow } from '../chat/message-window.js';
import type { ChatMessage } from '../chat/timeline.js';

/** Height assumed for a message not shown yet, in px. */
const ESTIMATE = 56;
/** How much more than the viewport is kept in the DOM, above and below. */
const OVERSCAN = 800;

/** Where the view is, as the message at its top and how far into it: stays true when pages arrive above or heights change. */
interface Anchor {
  seq: number;
  into: number;
}

/**
 * A room's messages, virtualised: only those around the viewport are in the DOM, the others are
 * spacers of their (measured, else estimated) height. The view follows new messages when at the
 * bottom; otherwise it stays on the message at its top, whatever arrives above (history pages)
 * or changes height. Scrolling near the top asks history for the page before. `room.focus`
 * brings a message into view.
 */
export function MessageList({ room, store, label, head, render, tail }: { room: RoomState; store: ChatStore; label: string; head: ReactNode; render: (m: ChatMessage) => ReactNode; tail: ReactNode }) {
  const list = useRef<HTMLDivElement>(null);
  const headRef = useRef<HTMLDivElement>(null);
  const heights = useRef(new Map<number, number>());
  const atBottom = useRef(true);
  const anchor = useRef<Anchor | undefined>(undefined);
  const [viewport, setViewport] = useState(800);
  const [, remeasured] = useState(0);
  // A scroll moves the window: render again.
  const [, rerender] = useState(0);
  const { messages, pending } = room.timeline;
  // A message to show (a search hit): the view moves to it, a third of the way down, once per ask.
  const focused = useRef<number | undefined>(undefined);
  if (room.focus && room.focus.at !== focused.current) {
    focused.current = room.focus.at;
    anchor.current = { seq: room.focus.seq, into: -Math.round(viewport / 3) };
    atBottom.current = false;
  }
  // Something posted from here: show it, wherever the view was.
  const posted = useRef(pending.length);
  if (pending.length > posted.current) atBottom.current = true;
  posted.current = pending.length;

  const sizes = messages.map((m) => heights.current.get(m.seq) ?? ESTIMATE);
  const offsetOf = (index: number) => sizes.slice(0, index).reduce((sum, h) => sum + h, 0);
  const total = offsetOf(sizes.length);
  const anchorIndex = anchor.current ? messages.findIndex((m) => m.seq === anchor.current!.seq) : -1;
  const top = atBottom.current || anchorIndex < 0 ? Math.max(0, total - viewport) : offsetOf(anchorIndex) + anchor.current!.into;
  const shown = messageWindow(sizes, top, viewport, OVERSCAN);

  // After each render: measure what is shown, then put the view where the model says it is.
  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    let changed = false;
    for (const item of el.querySelectorAll<HTMLElement>('[data-seq]')) {
      const seq = Number(item.dataset['seq']);
      const height = item.offsetHeight;
      if (height > 0 && heights.current.get(seq) !== height) {
        heights.current.set(seq, height);
        changed = true;
      }
    }
    if (changed) return remeasured((n) => n + 1);
    const head = headRef.current?.offsetHeight ?? 0;
    const wanted = atBottom.current ? el.scrollHeight : head + top;
    if (Math.abs(el.scrollTop - wanted) > 1) el.scrollTop = wanted;
  });

  useEffect(() => {
    const el = list.current;
    if (!el) return;
    const resized = new ResizeObserver(() => setViewport(el.clientHeight));
    resized.observe(el);
    return () => resized.disconnect();
  }, []);

  // A room that shows less than a screenful asks history for more at once (not again by itself after a failure).
  useEffect(() => {
    if (room.hasOlder && !room.loadingOlder && !room.olderError && total < viewport) void store.loadOlder(room.id);
  }, [room.hasOlder, room.loadingOlder, room.olderError, total, viewport, store, room.id]);

  const onScroll = () => {
    const el = list.current!;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    const modelTop = el.scrollTop - (headRef.current?.offsetHeight ?? 0);
    let index = 0;
    let offset = 0;
    while (index < sizes.length - 1 && offset + sizes[index]! <= modelTop) offset += sizes[index++]!;
    const seq = messages[index]?.seq;
    anchor.current = seq === undefined ? undefined : { seq, into: modelTop - offset };
    rerender(el.scrollTop);
    if (el.scrollTop < 200 && room.hasOlder && !room.loadingOlder && !room.olderError) void store.loadOlder(room.id);
  };

  return (
    <div className="messages" ref={list} onScroll={onScroll} tabIndex={0} aria-label={label} data-loaded={messages.length}>
      <div ref={headRef}>{head}</div>
      <div style={{ height: shown.before }} aria-hidden="true" />
      <ol>{messages.slice(shown.start, shown.end).map(render)}</ol>
      <div style={{ height: shown.after }} aria-hidden="true" />
      {pending.length > 0 && <ol>{tail}</ol>}
    </div>
  );
}
