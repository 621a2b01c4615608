import { useEffect, useRef, useState } from 'react';
import type { ChatMessage } from '../chat/timeline.js';

/**
 * Tells screen readers about each new message (the virtualised list cannot be a live region: it
 * adds and removes items as it scrolls). Pages of history arrive above and are not announced.
 */
export function NewMessageAnnouncer({ latest, author }: { latest: ChatMessage | undefined; author: (m: ChatMessage) => string }) {
  const [text, setText] = useState('');
  const seen = useRef(latest?.seq);
  useEffect(() => {
    if (!latest || latest.seq === seen.current) return;
    seen.current = latest.seq;
    setText(`${author(latest)}: ${latest.file ? `file ${latest.file.name}` : (latest.text ?? '')}`);
  }, [latest, author]);
  return (
    <p className="visually-hidden" aria-live="polite" data-testid="announcer">
      {text}
    </p>
  );
}
