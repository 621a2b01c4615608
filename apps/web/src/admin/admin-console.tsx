import { useMemo, useState } from 'react';
import type { Session } from '@parley/sdk';
import { AddinsAdmin } from './addins-admin.js';
import { AdminApi } from './admin-api.js';
import { CategoriesAdmin } from './categories-admin.js';
import { PoliciesAdmin } from './policies-admin.js';
import { RolesAdmin } from './roles-admin.js';
import { RoomsAdmin } from './rooms-admin.js';
import { ServerAdmin } from './server-admin.js';
import { UsersAdmin } from './users-admin.js';

const PAGES = { categories: 'Categories', rooms: 'Rooms', addins: 'Add-ins', users: 'Users', access: 'Access', server: 'Server' } as const;
type PageName = keyof typeof PAGES;

/** The administration console (administrators only; the server checks every call again). Loaded on first use. */
export function AdminConsole({ session }: { session: Session }) {
  const api = useMemo(() => new AdminApi(session), [session]);
  const [page, setPage] = useState<PageName>('categories');
  return (
    <section className="admin" aria-labelledby="admin-title">
      <header className="admin-header">
        <h1 id="admin-title">Administration</h1>
        <nav aria-label="Administration">
          {(Object.keys(PAGES) as PageName[]).map((name) => (
            <button key={name} type="button" aria-current={page === name ? 'page' : undefined} onClick={() => setPage(name)}>
              {PAGES[name]}
            </button>
          ))}
        </nav>
      </header>
      {page === 'categories' && <CategoriesAdmin api={api} />}
      {page === 'rooms' && <RoomsAdmin api={api} />}
      {page === 'addins' && <AddinsAdmin api={api} />}
      {page === 'users' && <UsersAdmin api={api} />}
      {page === 'access' && (
        <>
          <PoliciesAdmin api={api} />
          <RolesAdmin api={api} />
        </>
      )}
      {page === 'server' && <ServerAdmin api={api} />}
    </section>
  );
}
