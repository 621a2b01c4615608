import { useEffect, useState, useSyncExternalStore, type FormEvent } from 'react';
import type { EngagementStore } from '../chat/engagement-store.js';
import { MessageText } from './message-view.js';

/** Words, phrases or names typed as a comma-separated list. */
const list = (text: string) =>
  text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);

/**
 * Topic feeds: the user's filters (keywords or phrases, from given people, alert or quiet), and the
 * messages that matched them in any room they may read, newest first, live.
 */
export function FeedPanel({ store, me, onOpenRoom }: { store: EngagementStore; me: string; onOpenRoom: (roomId: string, seq: number) => void }) {
  const state = useSyncExternalStore(store.subscribe, store.snapshot);
  const [name, setName] = useState('');
  const [terms, setTerms] = useState('');
  const [from, setFrom] = useState('');
  const [quiet, setQuiet] = useState(false);
  const [loading, setLoading] = useState(false);
  const filterNames = new Map(state.filters.map((f) => [f.id, f.name]));

  // Looking at the feed sees its new alerts, including those arriving while it is open.
  useEffect(() => store.feedSeen(), [store, state.newAlerts]);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const added = await store.addFilter({ name: name.trim() || list(terms)[0] || list(from)[0] || 'Feed', terms: list(terms), from: list(from), mode: quiet ? 'quiet' : 'alert' });
    if (added) {
      setName('');
      setTerms('');
      setFrom('');
      setQuiet(false);
    }
  };

  return (
    <section className="feeds" aria-labelledby="feeds-title">
      <h1 id="feeds-title">Topic feeds</h1>
      <p className="muted">Messages in any room you may read that contain your words or come from the people you name.</p>
      {state.problem && (
        <p className="error" role="alert">
          {state.problem}{' '}
          <button type="button" className="quiet" onClick={() => store.dismissProblem()}>
            Dismiss
          </button>
        </p>
      )}
      <form className="feed-form" onSubmit={(e) => void add(e)} aria-label="New feed filter">
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Incidents" maxLength={100} />
        </label>
        <label>
          Words or phrases
          <input value={terms} onChange={(e) => setTerms(e.target.value)} placeholder="outage, root cause" />
        </label>
        <label>
          From people
          <input value={from} onChange={(e) => setFrom(e.target.value)} placeholder="user names, e.g. alice, bob" />
        </label>
        <label className="inline">
          <input type="checkbox" checked={quiet} onChange={(e) => setQuiet(e.target.checked)} /> Quiet (no alert count)
        </label>
        <button type="submit" disabled={!list(terms).length && !list(from).length}>
          Add filter
        </button>
      </form>
      <h2>Your filters</h2>
      {state.filters.length === 0 ? (
        <p className="muted">No filters yet.</p>
      ) : (
        <ul className="filters" data-testid="feed-filters">
          {state.filters.map((f) => (
            <li key={f.id}>
              <strong>{f.name}</strong>
              <span className="muted">
                {[f.terms.length > 0 && f.terms.map((t) => `“${t}”`).join(', '), f.from.length > 0 && `from ${f.from.map((p) => p.label).join(', ')}`, f.rooms.length > 0 && `in ${f.rooms.map((r) => r.label).join(', ')}`, f.mode]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
              <button type="button" className="quiet" aria-label={`Remove the filter ${f.name}`} onClick={() => void store.removeFilter(f.id)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <h2>Matches</h2>
      {state.feed.length === 0 && <p className="muted">Nothing has matched yet.</p>}
      <ol className="hits" aria-label="Feed matches">
        {state.feed.map((item) => (
          <li key={`${item.roomId}@${item.seq}`} className={item.alert ? 'alert' : undefined} data-testid="feed-item">
            <div className="meta">
              <span className="author">{item.author.label}</span>
              <span className="muted">in {item.roomName}</span>
              <time dateTime={item.occurredAt}>{new Date(item.occurredAt).toLocaleString()}</time>
              <span className="muted">{item.filterIds.map((id) => filterNames.get(id)).filter(Boolean).join(', ')}</span>
              <button type="button" className="quiet" aria-label={`Open ${item.roomName}`} onClick={() => onOpenRoom(item.roomId, item.seq)}>
                Open room
              </button>
            </div>
            <p className="body">
              <MessageText text={item.text} me={me} />
            </p>
          </li>
        ))}
      </ol>
      {state.feedNext !== null && (
        <button
          type="button"
          className="older"
          disabled={loading}
          onClick={() => {
            setLoading(true);
            void store.loadOlderFeed().finally(() => setLoading(false));
          }}
        >
          Older matches
        </button>
      )}
    </section>
  );
}
