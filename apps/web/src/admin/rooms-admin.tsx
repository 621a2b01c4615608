import { useState, type FormEvent } from 'react';
import type { RoomView, UpdateRoomRequest } from '@parley/sdk';
import type { AdminApi } from './admin-api.js';
import { ActionMessage } from './admin-message.js';
import { listChange, parsePrincipals, principalsText } from './principals.js';
import { field, useAction, useLoaded } from './use-admin.js';

/** Rooms shown with their details at once; a search narrows the list. */
const SHOWN = 50;

/** What an edit form changes in a room: only the fields that differ, lists as additions and removals. */
export function roomChanges(room: RoomView, data: FormData): UpdateRoomRequest {
  const changes: UpdateRoomRequest = {};
  for (const key of ['name', 'description', 'disclaimer'] as const) if (field(data, key) !== room[key]) changes[key] = field(data, key);
  if (field(data, 'privacy') !== room.privacy) changes.privacy = field(data, 'privacy') as RoomView['privacy'];
  if (field(data, 'roomType') !== room.roomType) changes.roomType = field(data, 'roomType') as RoomView['roomType'];
  for (const key of ['members', 'managers', 'presenters'] as const) {
    const change = listChange(room[key], field(data, key));
    if (change) changes[key] = change;
  }
  return changes;
}

/** Rooms: create them (privacy, type, members, managers, presenters), change them, disable and enable them. */
export function RoomsAdmin({ api }: { api: AdminApi }) {
  const [query, setQuery] = useState('');
  const categories = useLoaded(() => api.categories.list());
  const rooms = useLoaded(async () => {
    const found = await api.rooms.list(query.trim() ? { q: query.trim() } : {});
    return Promise.all(found.slice(0, SHOWN).map((r) => api.rooms.get(r.id)));
  });
  const { busy, message, run } = useAction();
  const [editing, setEditing] = useState<RoomView>();

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
      {rooms.error && <p className="error">{rooms.error}</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">Room</th>
            <th scope="col">Privacy</th>
            <th scope="col">Type</th>
            <th scope="col">Members</th>
            <th scope="col">Managers</th>
            <th scope="col">Presenters</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {rooms.value?.map((r) => (
            <tr key={r.id}>
              <th scope="row">{r.name}</th>
              <td>{r.privacy}</td>
              <td>{r.roomType}</td>
              <td>{principalsText(r.members)}</td>
              <td>{principalsText(r.managers)}</td>
              <td>{principalsText(r.presenters)}</td>
              <td>
                <button type="button" disabled={busy} onClick={() => toggle(r)} aria-label={`${r.disabled ? 'Enable' : 'Disable'} ${r.name}`}>
                  {r.disabled ? 'Enable' : 'Disable'}
                </button>{' '}
                <button type="button" className="quiet" disabled={busy} onClick={() => setEditing(r)} aria-label={`Edit ${r.name}`}>
                  Edit
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing && (
        // Keyed by room: another room's Edit starts from that room's values.
        <form key={editing.id} onSubmit={save} className="admin-form" aria-labelledby="edit-room-title">
          <h3 id="edit-room-title">Edit {editing.name}</h3>
          <RoomFields room={editing} />
          <span>
            <button type="submit" disabled={busy}>
              Save changes
            </button>{' '}
            <button type="button" className="quiet" onClick={() => setEditing(undefined)}>
              Cancel
            </button>
          </span>
        </form>
      )}
      <form onSubmit={create} className="admin-form" aria-labelledby="new-room-title">
        <h3 id="new-room-title">New room</h3>
        <label>
          Category
          <select name="categoryId" required aria-label="Category">
            {categories.value?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.path.join(' / ')}
              </option>
            ))}
          </select>
        </label>
        <RoomFields />
        <button type="submit" disabled={busy}>
          Create room
        </button>
      </form>
      <ActionMessage message={message} />
    </section>
  );
}

/** The fields of a room's form: empty for a new room, its values when editing one. */
function RoomFields({ room }: { room?: RoomView }) {
  return (
    <>
      <label>
        Name
        <input name="name" required defaultValue={room?.name} />
      </label>
      <label>
        Description
        <input name="description" defaultValue={room?.description} />
      </label>
      <label>
        Privacy
        <select name="privacy" defaultValue={room?.privacy ?? 'open'} aria-label="Privacy">
          <option value="open">Open: anyone allowed by the category may join</option>
          <option value="closed">Closed: members only, others see it exists</option>
          <option value="secret">Secret: members only, hidden from others</option>
        </select>
      </label>
      <label>
        Type
        <select name="roomType" defaultValue={room?.roomType ?? 'normal'} aria-label="Type">
          <option value="normal">Normal: every member may post</option>
          <option value="auditorium">Auditorium: only presenters post</option>
        </select>
      </label>
      <label>
        Disclaimer
        <input name="disclaimer" defaultValue={room?.disclaimer} />
      </label>
      <label>
        Members
        <textarea name="members" rows={2} placeholder="alice, group:Traders" defaultValue={room && principalsText(room.members)} />
      </label>
      <label>
        {room ? 'Managers' : 'Managers (empty: you)'}
        <textarea name="managers" rows={2} defaultValue={room && principalsText(room.managers)} />
      </label>
      <label>
        Presenters
        <textarea name="presenters" rows={2} defaultValue={room && principalsText(room.presenters)} />
      </label>
    </>
  );
}
