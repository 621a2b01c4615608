import type { FormEvent } from 'react';
import { RoleSchema, type Role } from '@parley/contracts';
import type { RoleAssignment } from '@parley/sdk';
import type { AdminApi } from './admin-api.js';
import { ActionMessage } from './admin-message.js';
import { holderText, parseHolder, refOf } from './principals.js';
import { field, useAction, useLoaded } from './use-admin.js';

const byRole = (a: RoleAssignment, b: RoleAssignment) => a.role.localeCompare(b.role) || holderText(a.principal).localeCompare(holderText(b.principal));

/** Server roles (administrator, compliance officer): who holds them; grant and revoke them, as `parley role` does. */
export function RolesAdmin({ api }: { api: AdminApi }) {
  const roles = useLoaded(async () => (await api.roles.list()).sort(byRole));
  const { busy, message, run } = useAction();

  const grant = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const role = field(data, 'role') as Role;
    void run(async () => {
      await api.roles.grant(role, parseHolder(field(data, 'holder')));
      form.reset();
      roles.reload();
      return `Granted ${role} to ${field(data, 'holder')}.`;
    });
  };

  const revoke = ({ role, principal }: RoleAssignment) =>
    void run(async () => {
      await api.roles.revoke(role, refOf(principal));
      roles.reload();
      return `Revoked ${role} from ${holderText(principal)}.`;
    });

  return (
    <section aria-labelledby="roles-title" className="admin-page">
      <h2 id="roles-title">Roles</h2>
      <p className="muted">Administrators manage everything here; compliance officers read the compliance archive, run exports and set legal holds.</p>
      {roles.error && <p className="error">{roles.error}</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">Role</th>
            <th scope="col">Held by</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {roles.value?.map((assignment) => (
            <tr key={`${assignment.role} ${assignment.principal.id}`}>
              <th scope="row">{assignment.role}</th>
              <td>{holderText(assignment.principal)}</td>
              <td>
                <button type="button" className="quiet" disabled={busy} onClick={() => revoke(assignment)} aria-label={`Revoke ${assignment.role} from ${holderText(assignment.principal)}`}>
                  Revoke
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={grant} className="admin-form" aria-labelledby="grant-role-title">
        <h3 id="grant-role-title">Grant a role</h3>
        <label>
          Role
          <select name="role" aria-label="Role">
            {RoleSchema.options.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        </label>
        <label>
          User or group
          <input name="holder" required autoComplete="off" placeholder="alice, user:alice or group:it-admins" />
        </label>
        <button type="submit" disabled={busy}>
          Grant role
        </button>
      </form>
      <ActionMessage message={message} />
    </section>
  );
}
