import { useState, type FormEvent } from 'react';
import type { RoomView } from '@parley/sdk';
import type { AdminApi } from './admin-api.js';
import { ActionMessage } from './admin-message.js';
import { parsePrincipals, principalsText } from './principals.js';
import { field, useAction, useLoaded } from './use-admin.js';

/** Rooms shown with their details at once; a search narrows the list. */
const SHOWN = 50;

/** Rooms: create them (privacy, type, members, managers, presenters), disable and enable them. */
export function RoomsAdmin({ api }: { api: AdminApi }) {
  const [query, setQuery] = useState('');
  const categories = useLoaded(() => api.categories.list());
  const rooms = useLoaded(async () => {
    const found = await api.rooms.list(query.trim() ? { q: query.trim() } : {});
    return Promise.all(found.slice(0, SHOWN).map((r) => api.rooms.get(r.id)));
  });
  const { busy, message, run } = useAction();

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
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
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
        <label>
          Name
          <input name="name" required />
        </label>
        <label>
          Description
          <input name="description" />
        </label>
        <label>
          Privacy
          <select name="privacy" defaultValue="open" aria-label="Privacy">
            <option value="open">Open: anyone allowed by the category may join</option>
            <option value="closed">Closed: members only, others see it exists</option>
            <option value="secret">Secret: members only, hidden from others</option>
          </select>
        </label>
        <label>
          Type
          <select name="roomType" defaultValue="normal" aria-label="Type">
            <option value="normal">Normal: every member may post</option>
            <option value="auditorium">Auditorium: only presenters post</option>
          </select>
        </label>
        <label>
          Disclaimer
          <input name="disclaimer" />
        </label>
        <label>
          Members
          <textarea name="members" rows={2} placeholder="alice, group:Traders" />
        </label>
        <label>
          Managers (empty: you)
          <textarea name="managers" rows={2} />
        </label>
        <label>
          Presenters
          <textarea name="presenters" rows={2} />
        </label>
        <button type="submit" disabled={busy}>
          Create room
        </button>
      </form>
      <ActionMessage message={message} />
    </section>
  );
}
