import { useState } from 'react';
import type { InvitationView } from '@parley/sdk';

/** Pending invitations to rooms, each accepted (the room is followed and opened) or declined. */
export function Invitations({ invitations, onAccept, onDecline }: { invitations: readonly InvitationView[]; onAccept: (roomId: string) => Promise<void>; onDecline: (roomId: string) => Promise<void> }) {
  const [busy, setBusy] = useState<string>();
  if (invitations.length === 0) return null;
  const answer = async (roomId: string, work: (roomId: string) => Promise<void>) => {
    setBusy(roomId);
    try {
      await work(roomId);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <section className="invitations" aria-labelledby="invitations-title" data-testid="invitations">
      <h2 id="invitations-title">Invitations ({invitations.length})</h2>
      <ul>
        {invitations.map((i) => (
          <li key={i.roomId} data-testid="invitation">
            <span>
              <strong>{i.roomName}</strong>
              {i.invitedBy.label && <span className="muted"> from {i.invitedBy.label}</span>}
            </span>
            <span className="answers">
              <button type="button" disabled={busy === i.roomId} aria-label={`Accept the invitation to ${i.roomName}`} onClick={() => void answer(i.roomId, onAccept)}>
                Accept
              </button>
              <button type="button" className="quiet" disabled={busy === i.roomId} aria-label={`Decline the invitation to ${i.roomName}`} onClick={() => void answer(i.roomId, onDecline)}>
                Decline
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
