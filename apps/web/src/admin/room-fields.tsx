import type { AddinView, CategoryView, RoomView } from '@parley/sdk';
import { principalsText } from './principals.js';

/** The choices a room's form offers: the categories it may be in, the add-ins it may show. */
export interface RoomChoices {
  categories: readonly CategoryView[];
  addins: readonly AddinView[];
}

/** The fields of a room's form: empty for a new room, its values when editing one. */
export function RoomFields({ room, choices }: { room?: RoomView; choices: RoomChoices }) {
  return (
    <>
      <label>
        Category
        <select name="categoryId" required defaultValue={room?.categoryId} aria-label="Category">
          {choices.categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.path.join(' / ')}
            </option>
          ))}
        </select>
      </label>
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
        Add-in (a page shown above the conversation)
        <select name="addinId" defaultValue={room?.addinId ?? ''} aria-label="Add-in">
          <option value="">(none)</option>
          {choices.addins.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
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
