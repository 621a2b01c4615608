import { useState, useSyncExternalStore } from 'react';
import type { Server } from '../api/server.js';
import type { ChatStore, Connection } from '../chat/chat-store.js';
import { RoomBrowser } from './room-browser.js';
import { RoomView } from './room-view.js';

const CONNECTION: Record<Connection['state'], string> = { connecting: 'Connecting…', online: 'Connected', offline: 'Offline — reconnecting…', ended: 'Disconnected' };

export function ChatShell({ server, store, onSignOut }: { server: Server; store: ChatStore; onSignOut: () => void }) {
  const state = useSyncExternalStore(store.subscribe, store.snapshot);
  const [browsing, setBrowsing] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const selected = state.rooms.find((r) => r.id === state.selected);
  const { connection } = state;
  const open = (room: string | undefined) => {
    setBrowsing(false);
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
        <button type="button" className="browse" onClick={() => (setBrowsing(true), setMenuOpen(false), store.select(undefined))}>
          Find a room
        </button>
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
        {selected && !browsing ? (
          <RoomView key={selected.id} room={selected} store={store} names={state.names} me={state.user} />
        ) : (
          <RoomBrowser server={server} joined={new Set(state.rooms.map((r) => r.id))} onJoin={(id) => (setBrowsing(false), void store.join(id))} onOpen={open} />
        )}
      </main>
    </div>
  );
}
