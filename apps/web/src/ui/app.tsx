import { useEffect, useMemo, useState } from 'react';
import type { SignedInUser } from '@parley/sdk';
import { Server } from '../api/server.js';
import { ChatStore } from '../chat/chat-store.js';
import { ChatShell } from './chat-shell.js';
import { SignIn } from './sign-in.js';

export function App() {
  const server = useMemo(() => new Server(), []);
  const [user, setUser] = useState<SignedInUser | undefined | null>(null);

  useEffect(() => {
    void server.session.user().then((u) => setUser(u));
  }, [server]);

  if (user === null) return <p className="loading">Loading…</p>;
  if (!user) return <SignIn server={server} onSignedIn={setUser} />;
  return <SignedIn server={server} user={user} onSignedOut={() => setUser(undefined)} />;
}

function SignedIn({ server, user, onSignedOut }: { server: Server; user: SignedInUser; onSignedOut: () => void }) {
  const [store, setStore] = useState<ChatStore>();
  useEffect(() => {
    const created = new ChatStore(server, { id: user.id, name: user.username });
    setStore(created);
    return () => void created.stop();
  }, [server, user]);
  if (!store) return null;
  const signOut = async () => {
    await store.stop();
    await server.session.logout().catch(() => undefined);
    onSignedOut();
  };
  return <ChatShell server={server} store={store} isAdmin={user.roles.includes('administrator')} onSignOut={() => void signOut()} />;
}
