import { useEffect, useRef, useState } from 'react';
import type { AddinView } from '@parley/sdk';
import type { Server } from '../api/server.js';

/** What an add-in page is told about the room it is shown in, by postMessage once it has loaded. */
export interface AddinContext {
  type: 'parley.room';
  room: { id: string; name: string };
  user: { id: string; name: string };
}

const hiddenKey = (room: string) => `parley.addin-hidden.${room}`;

/**
 * The room's add-in (as in Group Chat): a web page an administrator registered, shown in a pane
 * above the conversation. It runs sandboxed on its own origin, sees nothing of Parley's page, and
 * is told the room and the user by postMessage (to its own origin only). Hidden or shown per room.
 */
export function AddinPane({ server, room, me, revision }: { server: Server; room: { id: string; name: string }; me: { id: string; name: string }; revision: number }) {
  const [addin, setAddin] = useState<AddinView | null>(null);
  const [problem, setProblem] = useState<string>();
  const [hidden, setHidden] = useState(() => sessionStorage.getItem(hiddenKey(room.id)) === '1');
  const frame = useRef<HTMLIFrameElement>(null);

  useEffect(() => {
    let current = true;
    setProblem(undefined);
    server.addin(room.id).then(
      (found) => current && setAddin(found),
      (error: Error) => current && setProblem(`The room's add-in cannot be shown: ${error.message}`),
    );
    return () => {
      current = false;
    };
  }, [server, room.id, revision]);

  if (problem) return <p className="muted addin-problem">{problem}</p>;
  if (!addin) return null;

  const toggle = () => {
    setHidden(!hidden);
    if (hidden) sessionStorage.removeItem(hiddenKey(room.id));
    else sessionStorage.setItem(hiddenKey(room.id), '1');
  };
  const tell = () => {
    const context: AddinContext = { type: 'parley.room', room: { id: room.id, name: room.name }, user: me };
    frame.current?.contentWindow?.postMessage(context, new URL(addin.url).origin);
  };

  return (
    <section className={`addin${hidden ? ' hidden' : ''}`} aria-label={`Add-in: ${addin.name}`} data-testid="addin">
      <header>
        <span className="addin-name">{addin.name}</span>
        <a href={addin.url} target="_blank" rel="noopener noreferrer">
          Open in a new tab
        </a>
        <button type="button" className="quiet" aria-expanded={!hidden} onClick={toggle}>
          {hidden ? 'Show' : 'Hide'}
        </button>
      </header>
      {!hidden && (
        <iframe
          ref={frame}
          src={addin.url}
          title={addin.name}
          sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox"
          referrerPolicy="no-referrer"
          onLoad={tell}
        />
      )}
    </section>
  );
}
