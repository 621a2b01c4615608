import { useEffect, useState } from 'react';
import type { RoomDirectoryEntry } from '@parley/contracts';
import type { Server } from '../api/server.js';

/** Rooms the user may see, by category, narrowed by words typed in the search box. */
export function RoomBrowser({ server, joined, onJoin, onOpen }: { server: Server; joined: ReadonlySet<string>; onJoin: (id: string) => void; onOpen: (id: string) => void }) {
  const [query, setQuery] = useState('');
  const [rooms, setRooms] = useState<RoomDirectoryEntry[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      server.findRooms(query).then(
        (found) => current && (setRooms(found), setError(undefined)),
        (failure: Error) => current && setError(failure.message),
      );
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [server, query]);

  const byCategory = new Map<string, RoomDirectoryEntry[]>();
  for (const room of rooms ?? []) {
    const category = room.categoryPath.join(' / ') || 'Rooms';
    byCategory.set(category, [...(byCategory.get(category) ?? []), room]);
  }

  return (
    <section className="browser" aria-labelledby="browser-title">
      <h1 id="browser-title">Find a room</h1>
      <input type="search" aria-label="Search rooms" placeholder="Search by name, description or category" value={query} onChange={(e) => setQuery(e.target.value)} autoFocus />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {rooms && rooms.length === 0 && <p className="muted">No room matches.</p>}
      {[...byCategory].map(([category, list]) => (
        <section key={category} className="category" aria-label={category}>
          <h2>{category}</h2>
          <ul>
            {list.map((room) => (
              <li key={room.id} className="room-entry">
                <div>
                  <strong>{room.name}</strong>
                  {room.privacy !== 'open' && <span className="tag">{room.privacy}</span>}
                  {room.roomType === 'auditorium' && <span className="tag">auditorium</span>}
                  {room.description && <p className="muted">{room.description}</p>}
                </div>
                {joined.has(room.id) ? (
                  <button type="button" onClick={() => onOpen(room.id)}>
                    Open
                  </button>
                ) : (
                  <button type="button" disabled={room.disabled} onClick={() => onJoin(room.id)} aria-label={`Join ${room.name}`}>
                    Join
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
