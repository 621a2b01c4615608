import { useState, type FormEvent } from 'react';
import type { CategoryView } from '@parley/sdk';
import type { AdminApi } from './admin-api.js';
import { ActionMessage } from './admin-message.js';
import { EditForm } from './edit-form.js';
import { CategoryFields } from './category-fields.js';
import { CATEGORY_SETTINGS, categoryChanges, parentChoices } from './changes.js';
import { ConfirmButton } from './confirm-button.js';
import { parsePrincipals, principalsText } from './principals.js';
import { field, useAction, useLoaded } from './use-admin.js';

const pathOf = (category: CategoryView) => category.path.join(' / ');

/** Categories: the tree, who may be in its rooms (allowed, denied), who may create rooms, and settings; create, change, move and remove them. */
export function CategoriesAdmin({ api }: { api: AdminApi }) {
  const categories = useLoaded(() => api.categories.list());
  const { busy, message, run } = useAction();
  const [editing, setEditing] = useState<CategoryView>();

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
        settings: Object.fromEntries(CATEGORY_SETTINGS.map(([key]) => [key, data.get(key) === 'on'])),
      });
      form.reset();
      categories.reload();
      return `Category ${pathOf(created)} created.`;
    });
  };

  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const category = editing!;
    const changes = categoryChanges(category, new FormData(event.currentTarget));
    void run(async () => {
      if (Object.keys(changes).length === 0) return `Nothing to change in ${pathOf(category)}.`;
      const saved = await api.categories.update(category.id, changes);
      setEditing(undefined);
      categories.reload();
      return `Category ${pathOf(saved)} saved.`;
    });
  };

  const remove = (category: CategoryView) =>
    void run(async () => {
      await api.categories.remove(category.id);
      if (editing?.id === category.id) setEditing(undefined);
      categories.reload();
      return `Category ${pathOf(category)} removed.`;
    });

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
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {categories.value?.map((c) => (
            <tr key={c.id}>
              <th scope="row">{pathOf(c)}</th>
              <td>{principalsText(c.allowed) || <span className="muted">inherited</span>}</td>
              <td>{principalsText(c.denied)}</td>
              <td>{principalsText(c.creators)}</td>
              <td>{CATEGORY_SETTINGS.filter(([key]) => c.settings[key]).map(([, label]) => label).join(', ') || 'none'}</td>
              <td>{c.roomCount}</td>
              <td>
                <button type="button" className="quiet" disabled={busy} onClick={() => setEditing(c)} aria-label={`Edit ${pathOf(c)}`}>
                  Edit
                </button>{' '}
                <ConfirmButton action="Remove" what={pathOf(c)} disabled={busy} onConfirm={() => remove(c)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing && (
        // Keyed by category: another category's Edit starts from that category's values.
        <EditForm key={editing.id} id="edit-category-title" title={`Edit ${pathOf(editing)}`} busy={busy} onSubmit={save} onCancel={() => setEditing(undefined)}>
          <CategoryFields category={editing} parents={parentChoices(categories.value ?? [], editing)} />
        </EditForm>
      )}
      <form onSubmit={create} className="admin-form" aria-labelledby="new-category-title">
        <h3 id="new-category-title">New category</h3>
        <CategoryFields parents={categories.value ?? []} />
        <button type="submit" disabled={busy}>
          Create category
        </button>
      </form>
      <ActionMessage message={message} />
    </section>
  );
}
