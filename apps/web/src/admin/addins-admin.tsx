import { useState, type FormEvent } from 'react';
import type { AddinView, UpdateAddinRequest } from '@parley/sdk';
import type { AdminApi } from './admin-api.js';
import { ActionMessage } from './admin-message.js';
import { EditForm } from './edit-form.js';
import { ConfirmButton } from './confirm-button.js';
import { field, useAction, useLoaded } from './use-admin.js';

/** Add-ins: web pages a room can show above its conversation (given to a room on the Rooms page); register, change and remove them. */
export function AddinsAdmin({ api }: { api: AdminApi }) {
  const addins = useLoaded(() => api.addins.list());
  const { busy, message, run } = useAction();
  const [editing, setEditing] = useState<AddinView>();

  const register = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    void run(async () => {
      const created = await api.addins.create({ name: field(data, 'name'), url: field(data, 'url') });
      form.reset();
      addins.reload();
      return `Add-in ${created.name} registered.`;
    });
  };

  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const addin = editing!;
    const data = new FormData(event.currentTarget);
    const changes: UpdateAddinRequest = {};
    for (const key of ['name', 'url'] as const) if (field(data, key) !== addin[key]) changes[key] = field(data, key);
    void run(async () => {
      if (Object.keys(changes).length === 0) return `Nothing to change in ${addin.name}.`;
      const saved = await api.addins.update(addin.id, changes);
      setEditing(undefined);
      addins.reload();
      return `Add-in ${saved.name} saved.`;
    });
  };

  const remove = (addin: AddinView) =>
    void run(async () => {
      await api.addins.remove(addin.id);
      if (editing?.id === addin.id) setEditing(undefined);
      addins.reload();
      return `Add-in ${addin.name} removed.`;
    });

  return (
    <section aria-labelledby="addins-title" className="admin-page">
      <h2 id="addins-title">Add-ins</h2>
      <p className="muted">Web pages a room can show above its conversation. Give one to a room on the Rooms page.</p>
      {addins.error && <p className="error">{addins.error}</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">Add-in</th>
            <th scope="col">Address</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {addins.value?.map((a) => (
            <tr key={a.id}>
              <th scope="row">{a.name}</th>
              <td>{a.url}</td>
              <td>
                <button type="button" className="quiet" disabled={busy} onClick={() => setEditing(a)} aria-label={`Edit ${a.name}`}>
                  Edit
                </button>{' '}
                <ConfirmButton action="Remove" what={a.name} disabled={busy} onConfirm={() => remove(a)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing && (
        <EditForm key={editing.id} id="edit-addin-title" title={`Edit ${editing.name}`} busy={busy} onSubmit={save} onCancel={() => setEditing(undefined)}>
          <AddinFields addin={editing} />
        </EditForm>
      )}
      <form onSubmit={register} className="admin-form" aria-labelledby="new-addin-title">
        <h3 id="new-addin-title">New add-in</h3>
        <AddinFields />
        <button type="submit" disabled={busy}>
          Register add-in
        </button>
      </form>
      <ActionMessage message={message} />
    </section>
  );
}

function AddinFields({ addin }: { addin?: AddinView }) {
  return (
    <>
      <label>
        Name
        <input name="name" required defaultValue={addin?.name} />
      </label>
      <label>
        Address (http or https)
        <input name="url" type="url" required placeholder="https://wiki.example.com/rooms" defaultValue={addin?.url} />
      </label>
    </>
  );
}
