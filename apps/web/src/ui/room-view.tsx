import { useCallback, useRef, useState, type KeyboardEvent } from 'react';
import type { Server } from '../api/server.js';
import type { ChatStore, RoomState } from '../chat/chat-store.js';
import { Presence, Typing } from './presence.js';
import { RoomSearch } from './room-search.js';
import type { ChatMessage } from '../chat/timeline.js';
import { NewMessageAnnouncer } from './announcer.js';
import { MessageList } from './message-list.js';
import { MessageText, MessageView } from './message-view.js';
import { AttachButton, DropZone, UploadList } from './room-files.js';
import { FollowControls } from './follow-controls.js';
import { AddinPane } from './addin-pane.js';

export function RoomView({ server, room, store, names, me }: { server: Server; room: RoomState; store: ChatStore; names: ReadonlyMap<string, string>; me: { id: string; name: string } }) {
  const [searching, setSearching] = useState(false);
  const [draft, setDraft] = useState('');
  const [alert, setAlert] = useState(false);
  const [problem, setProblem] = useState<string>();
  const lastTyping = useRef(0);
  const { pending } = room.timeline;
  const authorOf = useCallback((m: ChatMessage) => m.authorName ?? names.get(m.authorId) ?? m.authorId, [names]);

  const send = () => {
    const text = draft.trim();
    if (!text) return;
    store.post(room.id, text, alert);
    setDraft('');
    setAlert(false);
  };

  const download = async (file: { id: string; name: string }) => {
    try {
      const link = document.createElement('a');
      link.href = await store.downloadUrl(file.id);
      link.download = file.name;
      link.click();
    } catch (error) {
      setProblem(`Cannot download ${file.name}: ${(error as Error).message}`);
    }
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
    <DropZone room={room} store={store}>
      <header className="room-header">
        <h1 id="room-title">{room.name}</h1>
        <Presence room={room} />
        <FollowControls store={store.engagement} room={room} />
        <button type="button" className="quiet search-toggle" aria-expanded={searching} onClick={() => setSearching(!searching)}>
          Search
        </button>
        <button type="button" className="leave" onClick={() => void store.leave(room.id)}>
          Leave
        </button>
      </header>
      {room.disclaimer && (
        <p className="disclaimer" role="note" data-testid="disclaimer">
          {room.disclaimer}
        </p>
      )}
      <AddinPane server={server} room={room} me={me} revision={room.addinRevision} />
      {(room.closed ?? problem) && (
        <p className="error" role="alert">
          {room.closed ?? problem}
        </p>
      )}
      {searching && <RoomSearch server={server} room={room} me={me.name} onShow={(seq) => store.reveal(room.id, seq)} onClose={() => setSearching(false)} />}
      <MessageList
        room={room}
        store={store}
        label={`Messages in ${room.name}`}
        head={
          room.hasOlder ? (
            <>
              {room.olderError && (
                <p className="muted start" role="status">
                  Earlier messages cannot be loaded yet ({room.olderError}); trying again.
                </p>
              )}
              <button type="button" className="older" disabled={room.loadingOlder} onClick={() => void store.loadOlder(room.id)}>
                {room.loadingOlder ? 'Loading…' : room.olderError ? 'Try again' : 'Show earlier messages'}
              </button>
            </>
          ) : (
            <p className="muted start">This is the start of {room.name}.</p>
          )
        }
        render={(m) => (
          <MessageView
            key={m.seq}
            message={m}
            author={authorOf(m)}
            me={me.name}
            mine={m.authorId === me.id}
            focused={room.focus?.seq === m.seq}
            onDownload={(file) => void download(file)}
            onEdit={(seq, text) => store.edit(room.id, seq, text)}
            onRedact={(seq) => store.redact(room.id, seq)}
          />
        )}
        tail={pending.map((p) => (
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
      />
      <NewMessageAnnouncer latest={room.timeline.messages.at(-1)} author={authorOf} />
      <Typing room={room} />
      <UploadList room={room} store={store} />
      <form
        className="composer"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <textarea aria-label={`Message ${room.name}`} placeholder={`Message ${room.name} (Enter to send, Shift+Enter for a new line)`} rows={2} value={draft} onChange={(e) => setDraft(e.target.value)} onKeyDown={onKey} disabled={!!room.closed} />
        <AttachButton room={room} store={store} disabled={!!room.closed} />
        <label className="alert-toggle">
          <input type="checkbox" checked={alert} onChange={(e) => setAlert(e.target.checked)} /> Alert
        </label>
        <button type="submit" disabled={!draft.trim() || !!room.closed}>
          Send
        </button>
      </form>
    </DropZone>
  );
}
