import { useSyncExternalStore } from 'react';
import type { NotificationLevel } from '@parley/sdk';
import type { EngagementStore } from '../chat/engagement-store.js';

const LEVELS: Record<NotificationLevel, string> = { all: 'Every message', mentions: 'Mentions only', none: 'Nothing' };

/** Follow the room (its unread count on every device) and choose which new messages notify. */
export function FollowControls({ store, room }: { store: EngagementStore; room: { id: string; name: string } }) {
  const standing = useSyncExternalStore(store.subscribe, () => store.snapshot().standings.get(room.id));
  const following = standing?.following ?? false;
  return (
    <span className="follow">
      <button type="button" className="quiet" aria-pressed={following} onClick={() => void (following ? store.unfollow(room.id) : store.follow(room.id))}>
        {following ? 'Following' : 'Follow'}
      </button>
      {following && standing && (
        <select aria-label={`Notify me in ${room.name} of`} value={standing.level} onChange={(e) => void store.setLevel(room.id, e.target.value as NotificationLevel)}>
          {Object.entries(LEVELS).map(([level, label]) => (
            <option key={level} value={level}>
              {label}
            </option>
          ))}
        </select>
      )}
    </span>
  );
}
