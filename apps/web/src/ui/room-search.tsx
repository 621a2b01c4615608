import { useState, type FormEvent } from 'react';
import type { SearchHit } from '@parley/contracts';
import type { Server } from '../api/server.js';
import { MessageText } from './message-view.js';

/** Searches the room's history (every word must appear, "quoted phrases" as written); newest first, more on demand. */
export function RoomSearch({
  server,
  room,
  me,
  onShow,
  onClose,
}: {
  server: Server;
  room: { id: string; name: string };
  me: string;
  /** Brings a hit into view in the conversation; answers why it cannot, if it cannot. */
  onShow: (seq: number) => Promise<string | undefined>;
  onClose: () => void;
}) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>();
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [showing, setShowing] = useState<number>();

  const search = async (after?: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const page = await server.search(room.id, query.trim(), after);
      setHits((shown) => (after ? [...(shown ?? []), ...page.items] : page.items));
      setNext(page.next);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const show = async (seq: number) => {
    setError(undefined);
    setShowing(seq);
    const refused = await onShow(seq);
    setShowing(undefined);
    if (refused) setError(`Cannot show it: ${refused}.`);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (query.trim()) void search();
  };

  return (
    <section className="search" aria-label={`Search ${room.name}`} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <form onSubmit={submit} role="search">
        <input type="search" aria-label={`Search messages in ${room.name}`} placeholder='Words or "a phrase"' value={query} onChange={(e) => setQuery(e.target.value)} autoFocus />
        <button type="submit" disabled={busy || !query.trim()}>
          Search
        </button>
        <button type="button" className="quiet" onClick={onClose}>
          Close
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {hits && (
        <p role="status" className="muted">
          {hits.length === 0 ? 'No message matches.' : `${hits.length}${next ? '+' : ''} found`}
        </p>
      )}
      <ol className="hits">
        {hits?.map((hit) => (
          <li key={hit.seq} data-testid="search-hit">
            <div className="meta">
              <span className="author">{hit.author.name}</span>
              <time dateTime={hit.postedAt}>{new Date(hit.postedAt).toLocaleString()}</time>
              <button type="button" className="quiet" disabled={showing !== undefined} onClick={() => void show(hit.seq)}>
                {showing === hit.seq ? 'Finding…' : 'Show in conversation'}
              </button>
            </div>
            <p className="body">
              <MessageText text={hit.text ?? ''} me={me} />
            </p>
          </li>
        ))}
      </ol>
      {next && (
        <button type="button" className="older" disabled={busy} onClick={() => void search(next)}>
          More results
        </button>
      )}
    </section>
  );
}
