import { lazy, Suspense, useState, useSyncExternalStore } from 'react';
import type { Server } from '../api/server.js';
import type { ChatStore, Connection } from '../chat/chat-store.js';
import { FeedPanel } from './feed-panel.js';
import { Invitations } from './invitations.js';
import { RoomBrowser } from './room-browser.js';
import { RoomList } from './room-list.js';
import { RoomView } from './room-view.js';

// Only administrators load the console's code.
const AdminConsole = lazy(() => import('../admin/admin-console.js').then((m) => ({ default: m.AdminConsole })));

const CONNECTION: Record<Connection['state'], string> = { connecting: 'Connecting…', online: 'Connected', offline: 'Offline — reconnecting…', ended: 'Disconnected' };

export function ChatShell({ server, store, isAdmin, onSignOut }: { server: Server; store: ChatStore; isAdmin: boolean; onSignOut: () => void }) {
  const state = useSyncExternalStore(store.subscribe, store.snapshot);
  const engagement = useSyncExternalStore(store.engagement.subscribe, store.engagement.snapshot);
  // What the main pane shows besides a room: the room browser, the console or the topic feeds.
  const [pane, setPane] = useState<'room' | 'browse' | 'admin' | 'feeds'>('room');
  const [menuOpen, setMenuOpen] = useState(false);
  const [problem, setProblem] = useState<string>();
  const selected = state.rooms.find((r) => r.id === state.selected);
  const { connection } = state;
  const show = (next: typeof pane) => {
    setPane(next);
    setMenuOpen(false);
    if (next !== 'room') store.select(undefined);
  };
  const open = (room: string | undefined) => {
    show('room');
    store.select(room);
  };
  /** Opens a room, joining it first when it is only followed (or found in a feed), and shows message `seq` if given. */
  const enter = async (room: string, seq?: number) => {
    setProblem(undefined);
    try {
      show('room');
      await store.join(room);
      const refused = seq === undefined ? undefined : await store.reveal(room, seq);
      if (refused) setProblem(`Cannot show the message: ${refused}.`);
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  return (
    <div className={`shell${menuOpen ? ' menu-open' : ''}`}>
      <a className="skip" href="#main">
        Skip to the conversation
      </a>
      <nav className="sidebar" aria-label="Rooms">
        <header>
          <strong>Parley</strong>
          <span className="me">{state.user.name}</span>
        </header>
        <p className={`connection ${connection.state}`} role="status" aria-live="polite" data-testid="connection">
          <span className="dot" aria-hidden="true" />
          {CONNECTION[connection.state]}
          {connection.state === 'ended' && <span className="muted"> ({connection.reason})</span>}
        </p>
        <button type="button" className="browse" onClick={() => show('browse')}>
          Find a room
        </button>
        <button type="button" className="feeds-toggle" aria-pressed={pane === 'feeds'} aria-label={engagement.newAlerts > 0 ? `Topic feeds, ${engagement.newAlerts} new` : 'Topic feeds'} onClick={() => show('feeds')}>
          Topic feeds
          {engagement.newAlerts > 0 && (
            <span className="unread" data-testid="feed-alerts">
              {engagement.newAlerts}
            </span>
          )}
        </button>
        {isAdmin && (
          <button type="button" className="administer" aria-pressed={pane === 'admin'} onClick={() => show('admin')}>
            Administration
          </button>
        )}
        <Invitations
          invitations={engagement.invitations}
          onAccept={async (room) => {
            if (await store.engagement.accept(room)) await enter(room);
          }}
          onDecline={async (room) => void (await store.engagement.decline(room))}
        />
        <h2>Rooms</h2>
        <RoomList rooms={state.rooms} standings={engagement.standings} selected={pane === 'room' ? state.selected : undefined} onOpen={(room, joined) => (joined ? open(room) : void enter(room))} />
        <button type="button" className="sign-out" onClick={onSignOut}>
          Sign out
        </button>
      </nav>
      <main id="main" className="main" tabIndex={-1}>
        <button type="button" className="menu" aria-expanded={menuOpen} onClick={() => setMenuOpen(!menuOpen)}>
          ☰ Rooms
        </button>
        {connection.state !== 'online' && connection.state !== 'connecting' && (
          <p className="banner" data-testid="connection-banner">
            {CONNECTION[connection.state]} Messages you send now are kept and sent once the connection is back.
          </p>
        )}
        {(problem ?? (pane !== 'feeds' && engagement.problem)) && (
          <p className="error" role="alert">
            {problem ?? engagement.problem}
          </p>
        )}
        {pane === 'admin' ? (
          <Suspense fallback={<p className="loading">Loading…</p>}>
            <AdminConsole session={server.session} />
          </Suspense>
        ) : pane === 'feeds' ? (
          <FeedPanel store={store.engagement} me={state.user.name} onOpenRoom={(room, seq) => void enter(room, seq)} />
        ) : selected && pane === 'room' ? (
          <RoomView key={selected.id} server={server} room={selected} store={store} names={state.names} me={state.user} />
        ) : (
          <RoomBrowser server={server} joined={new Set(state.rooms.map((r) => r.id))} onJoin={async (id) => {
              await store.join(id);
              setPane('room');
            }} onOpen={open} />
        )}
      </main>
    </div>
  );
}
