import type { FormEvent } from 'react';
import type { AdminApi } from './admin-api.js';
import { ActionMessage } from './admin-message.js';
import { parsePrincipals, principalsText } from './principals.js';
import { field, useAction, useLoaded } from './use-admin.js';

const SETTINGS = [
  ['invitations', 'Invitations to new members'],
  ['fileUpload', 'File upload'],
  ['chatHistory', 'Chat history'],
] as const;

/** Categories: the tree, who may be in its rooms (allowed, denied), who may create rooms, and settings. */
export function CategoriesAdmin({ api }: { api: AdminApi }) {
  const categories = useLoaded(() => api.categories.list());
  const { busy, message, run } = useAction();

  const create = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    void run(async () => {
      const created = await api.categories.create({
        name: field(data, 'name'),
        description: field(data, 'description'),
        parentId: field(data, 'parentId') || null,
        allowed: parsePrincipals(field(data, 'allowed')),
        denied: parsePrincipals(field(data, 'denied')),
        creators: parsePrincipals(field(data, 'creators')),
        settings: Object.fromEntries(SETTINGS.map(([key]) => [key, data.get(key) === 'on'])),
      });
      form.reset();
      categories.reload();
      return `Category ${created.path.join(' / ')} created.`;
    });
  };

  return (
    <section aria-labelledby="categories-title" className="admin-page">
      <h2 id="categories-title">Categories</h2>
      {categories.error && <p className="error">{categories.error}</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col">Allowed</th>
            <th scope="col">Denied</th>
            <th scope="col">Creators</th>
            <th scope="col">Settings</th>
            <th scope="col">Rooms</th>
          </tr>
        </thead>
        <tbody>
          {categories.value?.map((c) => (
            <tr key={c.id}>
              <th scope="row">{c.path.join(' / ')}</th>
              <td>{principalsText(c.allowed) || <span className="muted">inherited</span>}</td>
              <td>{principalsText(c.denied)}</td>
              <td>{principalsText(c.creators)}</td>
              <td>{SETTINGS.filter(([key]) => c.settings[key]).map(([, label]) => label).join(', ') || 'none'}</td>
              <td>{c.roomCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={create} className="admin-form" aria-labelledby="new-category-title">
        <h3 id="new-category-title">New category</h3>
        <label>
          Name
          <input name="name" required />
        </label>
        <label>
          Description
          <input name="description" />
        </label>
        <label>
          Parent
          <select name="parentId" defaultValue="" aria-label="Parent">
            <option value="">(top level)</option>
            {categories.value?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.path.join(' / ')}
              </option>
            ))}
          </select>
        </label>
        <label>
          Allowed (who may be in its rooms)
          <textarea name="allowed" rows={2} placeholder="everyone, group:Traders, alice, ou:OU=Sales,DC=example,DC=com" />
        </label>
        <label>
          Denied (never, here or below)
          <textarea name="denied" rows={2} />
        </label>
        <label>
          Creators (who may create rooms)
          <textarea name="creators" rows={2} />
        </label>
        <fieldset>
          <legend>Settings</legend>
          {SETTINGS.map(([key, label]) => (
            <label key={key} className="check">
              <input type="checkbox" name={key} defaultChecked /> {label}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={busy}>
          Create category
        </button>
        <ActionMessage message={message} />
      </form>
    </section>
  );
}
