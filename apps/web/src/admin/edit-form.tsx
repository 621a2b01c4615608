import type { FormEvent, ReactNode } from 'react';

/**
 * A console page's form for changing one item: its fields, then Save changes and Cancel. Give it a
 * `key` of the item, so that another item's Edit starts from that item's values.
 */
export function EditForm({ id, title, busy, onSubmit, onCancel, children }: { id: string; title: string; busy: boolean; onSubmit: (event: FormEvent<HTMLFormElement>) => void; onCancel: () => void; children: ReactNode }) {
  return (
    <form onSubmit={onSubmit} className="admin-form" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
      <span>
        <button type="submit" disabled={busy}>
          Save changes
        </button>{' '}
        <button type="button" className="quiet" onClick={onCancel}>
          Cancel
        </button>
      </span>
    </form>
  );
}
