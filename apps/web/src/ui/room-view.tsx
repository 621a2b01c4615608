import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ChatStore, RoomState } from '../chat/chat-store.js';
import { MessageText, MessageView } from './message-view.js';

export function RoomView({ room, store, names, me }: { room: RoomState; store: ChatStore; names: ReadonlyMap<string, string>; me: { id: string; name: string } }) {
  const list = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const anchor = useRef<{ height: number; top: number } | undefined>(undefined);
  const [draft, setDraft] = useState('');
  const [alert, setAlert] = useState(false);
  const lastTyping = useRef(0);
  const { messages, pending } = room.timeline;

  // Keep the view still when older messages arrive above, and follow new ones when at the bottom.
  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    if (anchor.current) {
      el.scrollTop = anchor.current.top + (el.scrollHeight - anchor.current.height);
      anchor.current = undefined;
    } else if (atBottom.current) el.scrollTop = el.scrollHeight;
  }, [messages, pending]);

  // A room that shows less than a screenful asks history for more at once.
  useEffect(() => {
    const el = list.current;
    if (el && room.hasOlder && !room.loadingOlder && el.scrollHeight <= el.clientHeight) void older();
  });

  const older = async () => {
    const el = list.current;
    if (el) anchor.current = { height: el.scrollHeight, top: el.scrollTop };
    await store.loadOlder(room.id);
  };

  const onScroll = () => {
    const el = list.current!;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    if (el.scrollTop < 80 && room.hasOlder && !room.loadingOlder) void older();
  };

  const send = () => {
    const text = draft.trim();
    if (!text) return;
    store.post(room.id, text, alert);
    setDraft('');
    setAlert(false);
    atBottom.current = true;
  };

  const onKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    } else if (Date.now() - lastTyping.current > 3_000) {
      lastTyping.current = Date.now();
      store.typing(room.id);
    }
  };

  return (
    <section className="room" aria-labelledby="room-title">
      <header className="room-header">
        <h1 id="room-title">{room.name}</h1>
        <span className="muted">{room.participants} here</span>
        <button type="button" className="leave" onClick={() => void store.leave(room.id)}>
          Leave
        </button>
      </header>
      {room.disclaimer && (
        <p className="disclaimer" role="note" data-testid="disclaimer">
          {room.disclaimer}
        </p>
      )}
      {room.closed && (
        <p className="error" role="alert">
          {room.closed}
        </p>
      )}
      <div className="messages" ref={list} onScroll={onScroll} tabIndex={0} aria-label={`Messages in ${room.name}`}>
        {room.hasOlder ? (
          <button type="button" className="older" disabled={room.loadingOlder} onClick={() => void older()}>
            {room.loadingOlder ? 'Loading…' : 'Show earlier messages'}
          </button>
        ) : (
          <p className="muted start">This is the start of {room.name}.</p>
        )}
        <ol aria-live="polite" aria-relevant="additions">
          {messages.map((m) => (
            <MessageView key={m.seq} message={m} author={m.authorName ?? names.get(m.authorId) ?? m.authorId} me={me.name} />
          ))}
          {pending.map((p) => (
            <li key={p.clientMsgId} className={`message pending${p.alert ? ' alert' : ''}`} data-testid="pending">
              <div className="meta">
                <span className="author">{me.name}</span>
                <span className="muted">{p.error ? `Not sent: ${p.error}` : 'Sending…'}</span>
                {p.error && (
                  <button type="button" onClick={() => store.dismiss(room.id, p.clientMsgId)}>
                    Dismiss
                  </button>
                )}
              </div>
              <p className="body">
                <MessageText text={p.text} me={me.name} />
              </p>
            </li>
          ))}
        </ol>
      </div>
      <form
        className="composer"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <textarea aria-label={`Message ${room.name}`} placeholder={`Message ${room.name} (Enter to send, Shift+Enter for a new line)`} rows={2} value={draft} onChange={(e) => setDraft(e.target.value)} onKeyDown={onKey} disabled={!!room.closed} />
        <label className="alert-toggle">
          <input type="checkbox" checked={alert} onChange={(e) => setAlert(e.target.checked)} /> Alert
        </label>
        <button type="submit" disabled={!draft.trim() || !!room.closed}>
          Send
        </button>
      </form>
    </section>
  );
}
