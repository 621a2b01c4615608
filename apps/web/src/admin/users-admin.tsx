import { useState, type FormEvent } from 'react';
import type { UserView } from '@parley/sdk';
import type { AdminApi } from './admin-api.js';
import { ActionMessage } from './admin-message.js';
import { field, useAction, useLoaded } from './use-admin.js';

/** Users: find, create (a generated password is shown once), disable and enable. */
export function UsersAdmin({ api }: { api: AdminApi }) {
  const [query, setQuery] = useState('');
  const users = useLoaded(() => api.users.list({ limit: 100, ...(query.trim() ? { q: query.trim() } : {}) }));
  const { busy, message, run } = useAction();

  const create = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const password = field(data, 'password');
    void run(async () => {
      const created = await api.users.create({ username: field(data, 'username'), displayName: field(data, 'displayName'), email: field(data, 'email'), ...(password ? { password } : {}) });
      form.reset();
      users.reload();
      return created.generatedPassword ? `User ${created.username} created; their password (shown only now): ${created.generatedPassword}` : `User ${created.username} created.`;
    });
  };

  const toggle = (user: UserView) =>
    void run(async () => {
      await (user.enabled ? api.users.disable(user.id) : api.users.enable(user.id));
      users.reload();
      return `User ${user.username} ${user.enabled ? 'disabled' : 'enabled'}.`;
    });

  return (
    <section aria-labelledby="users-title" className="admin-page">
      <h2 id="users-title">Users</h2>
      <form
        className="admin-search"
        onSubmit={(e) => {
          e.preventDefault();
          users.reload();
        }}
      >
        <input type="search" aria-label="Search users" placeholder="User name, display name or e-mail starts with…" value={query} onChange={(e) => setQuery(e.target.value)} />
        <button type="submit">Search</button>
      </form>
      {users.error && <p className="error">{users.error}</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">User name</th>
            <th scope="col">Display name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Source</th>
            <th scope="col">Roles</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {users.value?.items.map((u) => (
            <tr key={u.id}>
              <th scope="row">{u.username}</th>
              <td>{u.displayName}</td>
              <td>{u.email}</td>
              <td>{u.source}</td>
              <td>{u.roles.join(', ')}</td>
              <td>
                <button type="button" disabled={busy} onClick={() => toggle(u)} aria-label={`${u.enabled ? 'Disable' : 'Enable'} ${u.username}`}>
                  {u.enabled ? 'Disable' : 'Enable'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={create} className="admin-form" aria-labelledby="new-user-title">
        <h3 id="new-user-title">New user</h3>
        <label>
          User name
          <input name="username" required autoComplete="off" />
        </label>
        <label>
          Display name
          <input name="displayName" autoComplete="off" />
        </label>
        <label>
          E-mail
          <input name="email" type="email" autoComplete="off" />
        </label>
        <label>
          Password (empty: generate one)
          <input name="password" type="password" autoComplete="new-password" />
        </label>
        <button type="submit" disabled={busy}>
          Create user
        </button>
      </form>
      <ActionMessage message={message} />
    </section>
  );
}
