import { lazy, Suspense, useState, useSyncExternalStore } from 'react';
import type { Server } from '../api/server.js';
import type { ChatStore, Connection } from '../chat/chat-store.js';
import { RoomBrowser } from './room-browser.js';
import { RoomView } from './room-view.js';

// Only administrators load the console's code.
const AdminConsole = lazy(() => import('../admin/admin-console.js').then((m) => ({ default: m.AdminConsole })));

const CONNECTION: Record<Connection['state'], string> = { connecting: 'Connecting…', online: 'Connected', offline: 'Offline — reconnecting…', ended: 'Disconnected' };

export function ChatShell({ server, store, isAdmin, onSignOut }: { server: Server; store: ChatStore; isAdmin: boolean; onSignOut: () => void }) {
  const state = useSyncExternalStore(store.subscribe, store.snapshot);
  const [browsing, setBrowsing] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const [administering, setAdministering] = useState(false);
  const selected = state.rooms.find((r) => r.id === state.selected);
  const { connection } = state;
  const open = (room: string | undefined) => {
    setBrowsing(false);
    setAdministering(false);
    setMenuOpen(false);
    store.select(room);
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
        <button type="button" className="browse" onClick={() => (setBrowsing(true), setAdministering(false), setMenuOpen(false), store.select(undefined))}>
          Find a room
        </button>
        {isAdmin && (
          <button type="button" className="administer" aria-pressed={administering} onClick={() => (setAdministering(true), setMenuOpen(false))}>
            Administration
          </button>
        )}
        <h2>Joined rooms</h2>
        {state.rooms.length === 0 && <p className="muted">None yet.</p>}
        <ul className="joined">
          {state.rooms.map((room) => (
            <li key={room.id}>
              <button type="button" aria-current={room.id === state.selected ? 'page' : undefined} onClick={() => open(room.id)}>
                <span className="name">{room.name}</span>
                {room.unread > 0 && (
                  <span className="unread" aria-label={`${room.unread} unread`}>
                    {room.unread}
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
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
        {administering ? (
          <Suspense fallback={<p className="loading">Loading…</p>}>
            <AdminConsole session={server.session} />
          </Suspense>
        ) : selected && !browsing ? (
          <RoomView key={selected.id} server={server} room={selected} store={store} names={state.names} me={state.user} />
        ) : (
          <RoomBrowser server={server} joined={new Set(state.rooms.map((r) => r.id))} onJoin={async (id) => {
              await store.join(id);
              setBrowsing(false);
            }} onOpen={open} />
        )}
      </main>
    </div>
  );
}
