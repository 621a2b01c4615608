import type { RoomStanding } from '@parley/sdk';
import type { RoomState } from '../chat/chat-store.js';

interface Entry {
  id: string;
  name: string;
  unread: number;
  mentions: number;
  joined: boolean;
}

/**
 * The side list: rooms joined here and rooms followed (on any device), by name, with their unread
 * and mention counts. The server counts followed rooms; rooms only joined here are counted here.
 */
export function RoomList({ rooms, standings, selected, onOpen }: { rooms: readonly RoomState[]; standings: ReadonlyMap<string, RoomStanding>; selected: string | undefined; onOpen: (roomId: string, joined: boolean) => void }) {
  const entries = new Map<string, Entry>();
  for (const room of rooms) {
    const standing = standings.get(room.id);
    entries.set(room.id, { id: room.id, name: room.name, unread: standing?.following ? standing.unread : room.unread, mentions: standing?.mentions ?? 0, joined: true });
  }
  for (const s of standings.values()) if (!entries.has(s.roomId)) entries.set(s.roomId, { id: s.roomId, name: s.roomName, unread: s.unread, mentions: s.mentions, joined: false });
  const sorted = [...entries.values()].sort((a, b) => a.name.localeCompare(b.name));
  // The room being read is read: its count would only flicker until the read reaches the server.
  const looking = (id: string) => id === selected && !document.hidden;

  if (sorted.length === 0) return <p className="muted">None yet: find a room, or accept an invitation.</p>;
  return (
    <ul className="joined" data-testid="room-list">
      {sorted.map((e) => {
        const unread = looking(e.id) ? 0 : e.unread;
        const mentions = looking(e.id) ? 0 : e.mentions;
        const label = [e.name, unread > 0 && `${unread} unread`, mentions > 0 && `${mentions} mentioning you`].filter(Boolean).join(', ');
        return (
          <li key={e.id}>
            <button type="button" aria-current={e.id === selected ? 'page' : undefined} aria-label={label} data-room={e.name} className={unread > 0 ? 'has-unread' : undefined} onClick={() => onOpen(e.id, e.joined)}>
              <span className="name">{e.name}</span>
              <span className="counts">
                {mentions > 0 && (
                  <span className="mentions" data-testid="mentions">
                    @{mentions}
                  </span>
                )}
                {unread > 0 && (
                  <span className="unread" data-testid="unread">
                    {unread}
                  </span>
                )}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
