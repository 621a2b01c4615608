import type { RoomState } from '../chat/chat-store.js';

/** How many are here, opening to who (as far as the server still sends per-person notices). */
export function Presence({ room }: { room: RoomState }) {
  return (
    <details className="presence">
      <summary>{room.participants} here</summary>
      <ul aria-label={`People in ${room.name}`} data-testid="presence">
        {room.present.map((p) => (
          <li key={p.userId}>{p.name}</li>
        ))}
        {room.participants > room.present.length && <li className="muted">and {room.participants - room.present.length} more</li>}
      </ul>
    </details>
  );
}

/** Who is typing now; announced politely to screen readers. */
export function Typing({ room }: { room: RoomState }) {
  const names = room.typing.map((t) => t.name);
  const text = names.length === 0 ? '' : names.length === 1 ? `${names[0]} is typing…` : names.length <= 3 ? `${names.join(', ')} are typing…` : 'Several people are typing…';
  return (
    <p className="typing muted" aria-live="polite" data-testid="typing">
      {text}
    </p>
  );
}
