import type { CategoryView } from '@parley/sdk';
import { CATEGORY_SETTINGS } from './changes.js';
import { principalsText } from './principals.js';

/** The fields of a category's form: empty for a new category, its values when editing one; `parents` are the choices of parent. */
export function CategoryFields({ category, parents }: { category?: CategoryView; parents: readonly CategoryView[] }) {
  return (
    <>
      <label>
        Name
        <input name="name" required defaultValue={category?.name} />
      </label>
      <label>
        Description
        <input name="description" defaultValue={category?.description} />
      </label>
      <label>
        Parent
        <select name="parentId" defaultValue={category?.parentId ?? ''} aria-label="Parent">
          <option value="">(top level)</option>
          {parents.map((c) => (
            <option key={c.id} value={c.id}>
              {c.path.join(' / ')}
            </option>
          ))}
        </select>
      </label>
      <label>
        Allowed (who may be in its rooms)
        <textarea name="allowed" rows={2} placeholder="everyone, group:Traders, alice, ou:OU=Sales,DC=example,DC=com" defaultValue={category && principalsText(category.allowed)} />
      </label>
      <label>
        Denied (never, here or below)
        <textarea name="denied" rows={2} defaultValue={category && principalsText(category.denied)} />
      </label>
      <label>
        Creators (who may create rooms)
        <textarea name="creators" rows={2} defaultValue={category && principalsText(category.creators)} />
      </label>
      <fieldset>
        <legend>Settings</legend>
        {CATEGORY_SETTINGS.map(([key, label]) => (
          <label key={key} className="check">
            <input type="checkbox" name={key} defaultChecked={category?.settings[key] ?? true} /> {label}
          </label>
        ))}
      </fieldset>
    </>
  );
}
