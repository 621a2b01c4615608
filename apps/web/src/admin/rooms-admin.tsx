import { useState, type FormEvent } from 'react';
import { NotFoundError } from '@parley/contracts';
import type { RoomView } from '@parley/sdk';
import type { AdminApi } from './admin-api.js';
import { ActionMessage } from './admin-message.js';
import { EditForm } from './edit-form.js';
import { roomChanges } from './changes.js';
import { ConfirmButton } from './confirm-button.js';
import { parsePrincipals, principalsText } from './principals.js';
import { RoomFields, type RoomChoices } from './room-fields.js';
import { field, useAction, useLoaded } from './use-admin.js';

/** Rooms shown with their details at once; a search narrows the list. */
const SHOWN = 50;

/** Rooms: create them (category, privacy, type, add-in, members, managers, presenters), change and move them, disable, enable and remove them. */
export function RoomsAdmin({ api }: { api: AdminApi }) {
  const [query, setQuery] = useState('');
  const choices = useLoaded(async (): Promise<RoomChoices> => {
    const [categories, addins] = await Promise.all([api.categories.list(), api.addins.list()]);
    return { categories, addins };
  });
  const rooms = useLoaded(async () => {
    const found = await api.rooms.list(query.trim() ? { q: query.trim() } : {});
    // The list follows the log a moment behind the rooms themselves: one removed meanwhile is left out.
    const shown = await Promise.all(found.slice(0, SHOWN).map((r) => api.rooms.get(r.id).catch((e: unknown) => (e instanceof NotFoundError ? undefined : Promise.reject(e)))));
    return shown.filter((room) => room !== undefined);
  });
  const { busy, message, run } = useAction();
  const [editing, setEditing] = useState<RoomView>();
  const categoryPath = (room: RoomView) => choices.value?.categories.find((c) => c.id === room.categoryId)?.path.join(' / ');
  const addinName = (room: RoomView) => choices.value?.addins.find((a) => a.id === room.addinId)?.name;

  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const room = editing!;
    const changes = roomChanges(room, new FormData(event.currentTarget));
    void run(async () => {
      if (Object.keys(changes).length === 0) return `Nothing to change in ${room.name}.`;
      const saved = await api.rooms.update(room.id, changes);
      setEditing(undefined);
      rooms.reload();
      return `Room ${saved.name} saved.`;
    });
  };

  const create = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    void run(async () => {
      const room = await api.rooms.create({
        categoryId: field(data, 'categoryId'),
        name: field(data, 'name'),
        description: field(data, 'description'),
        privacy: field(data, 'privacy') as RoomView['privacy'],
        roomType: field(data, 'roomType') as RoomView['roomType'],
        addinId: field(data, 'addinId') || null,
        disclaimer: field(data, 'disclaimer'),
        members: parsePrincipals(field(data, 'members')),
        managers: parsePrincipals(field(data, 'managers')),
        presenters: parsePrincipals(field(data, 'presenters')),
      });
      form.reset();
      rooms.reload();
      return `Room ${room.name} created.`;
    });
  };

  const toggle = (room: RoomView) =>
    void run(async () => {
      await (room.disabled ? api.rooms.enable(room.id) : api.rooms.disable(room.id));
      rooms.reload();
      return `Room ${room.name} ${room.disabled ? 'enabled' : 'disabled'}.`;
    });

  const remove = (room: RoomView) =>
    void run(async () => {
      await api.rooms.remove(room.id);
      if (editing?.id === room.id) setEditing(undefined);
      rooms.reload();
      return `Room ${room.name} removed.`;
    });

  return (
    <section aria-labelledby="rooms-title" className="admin-page">
      <h2 id="rooms-title">Rooms</h2>
      <form
        className="admin-search"
        onSubmit={(e) => {
          e.preventDefault();
          rooms.reload();
        }}
      >
        <input type="search" aria-label="Search rooms by name" placeholder="Room name starts with…" value={query} onChange={(e) => setQuery(e.target.value)} />
        <button type="submit">Search</button>
      </form>
      {(rooms.error ?? choices.error) && <p className="error">{rooms.error ?? choices.error}</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">Room</th>
            <th scope="col">Category</th>
            <th scope="col">Privacy</th>
            <th scope="col">Type</th>
            <th scope="col">Members</th>
            <th scope="col">Managers</th>
            <th scope="col">Presenters</th>
            <th scope="col">Add-in</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {rooms.value?.map((r) => (
            <tr key={r.id}>
              <th scope="row">{r.name}</th>
              <td>{categoryPath(r)}</td>
              <td>{r.privacy}</td>
              <td>{r.roomType}</td>
              <td>{principalsText(r.members)}</td>
              <td>{principalsText(r.managers)}</td>
              <td>{principalsText(r.presenters)}</td>
              <td>{addinName(r)}</td>
              <td>
                <button type="button" disabled={busy} onClick={() => toggle(r)} aria-label={`${r.disabled ? 'Enable' : 'Disable'} ${r.name}`}>
                  {r.disabled ? 'Enable' : 'Disable'}
                </button>{' '}
                <button type="button" className="quiet" disabled={busy} onClick={() => setEditing(r)} aria-label={`Edit ${r.name}`}>
                  Edit
                </button>{' '}
                <ConfirmButton action="Remove" what={r.name} disabled={busy} onConfirm={() => remove(r)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing && choices.value && (
        // Keyed by room: another room's Edit starts from that room's values.
        <EditForm key={editing.id} id="edit-room-title" title={`Edit ${editing.name}`} busy={busy} onSubmit={save} onCancel={() => setEditing(undefined)}>
          <RoomFields room={editing} choices={choices.value} />
        </EditForm>
      )}
      {choices.value && (
        <form onSubmit={create} className="admin-form" aria-labelledby="new-room-title">
          <h3 id="new-room-title">New room</h3>
          <RoomFields choices={choices.value} />
          <button type="submit" disabled={busy}>
            Create room
          </button>
        </form>
      )}
      <ActionMessage message={message} />
    </section>
  );
}
