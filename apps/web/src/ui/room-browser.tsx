import { useEffect, useState } from 'react';
import { ErrorCode, type RoomDirectoryEntry } from '@parley/contracts';
import type { Server } from '../api/server.js';

/** Rooms the user may see, by category, narrowed by words typed in the search box. */
export function RoomBrowser({ server, joined, onJoin, onOpen }: { server: Server; joined: ReadonlySet<string>; onJoin: (id: string) => Promise<void>; onOpen: (id: string) => void }) {
  const [query, setQuery] = useState('');
  const [rooms, setRooms] = useState<RoomDirectoryEntry[]>();
  const [error, setError] = useState<string>();
  const [refused, setRefused] = useState<{ room: string; message: string }>();

  const join = async (room: RoomDirectoryEntry) => {
    setRefused(undefined);
    try {
      await onJoin(room.id);
    } catch (failure) {
      setRefused({ room: room.id, message: refusal(room, failure as Error) });
    }
  };

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
                  <button type="button" disabled={room.disabled} onClick={() => void join(room)} aria-label={`Join ${room.name}`}>
                    Join
                  </button>
                )}
                {refused?.room === room.id && (
                  <p role="alert" className="error refused" data-testid="join-refused">
                    {refused.message}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}

/** Why a room could not be opened, in words that say what to do. */
function refusal(room: RoomDirectoryEntry, error: Error): string {
  const code = (error as { code?: string }).code;
  if (code === ErrorCode.Forbidden && room.privacy !== 'open')
    return `You cannot open ${room.name}: it is a ${room.privacy} room, for its members only. Ask one of its managers to add you.`;
  if (code === ErrorCode.Forbidden) return `You cannot open ${room.name}: ${error.message}`;
  return `${room.name} could not be opened: ${error.message}`;
}
