import type { FormEvent } from 'react';
import type { PolicyTargetRef, PolicyView } from '@parley/sdk';
import type { AdminApi } from './admin-api.js';
import { ActionMessage } from './admin-message.js';
import { holderText, parseHolder } from './principals.js';
import { field, useAction, useLoaded } from './use-admin.js';

type Target = PolicyView['target'];

const targetText = (target: Target) => (target.kind === 'global' ? 'everyone (global)' : holderText(target));
const targetRef = (target: Target): PolicyTargetRef => (target.kind === 'global' ? target : { kind: target.kind, id: target.id });
/** The global policy first, then users' and groups' by name. */
const byTarget = (a: PolicyView, b: PolicyView) => (a.target.kind === 'global' ? -1 : b.target.kind === 'global' ? 1 : targetText(a.target).localeCompare(targetText(b.target)));

/** Persistent Chat policies: global, per group and per user; set and clear them, as `parley policy` does. */
export function PoliciesAdmin({ api }: { api: AdminApi }) {
  const policies = useLoaded(async () => (await api.policies.list()).sort(byTarget));
  const { busy, message, run } = useAction();
  const globalOn = policies.value?.find((p) => p.target.kind === 'global')?.persistentChatEnabled ?? true;

  const set = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const enabled = field(data, 'chat') === 'on';
    void run(async () => {
      await api.policies.set(parseHolder(field(data, 'holder')), enabled);
      form.reset();
      policies.reload();
      return `Persistent Chat is ${enabled ? 'on' : 'off'} for ${field(data, 'holder')}.`;
    });
  };

  const setGlobal = (enabled: boolean) =>
    void run(async () => {
      await api.policies.set({ kind: 'global' }, enabled);
      policies.reload();
      return `Persistent Chat is ${enabled ? 'on' : 'off'} for everyone without a policy of their own.`;
    });

  const clear = (target: Target) =>
    void run(async () => {
      await api.policies.clear(targetRef(target));
      policies.reload();
      return `The policy for ${targetText(target)} is cleared: the next level applies.`;
    });

  return (
    <section aria-labelledby="policies-title" className="admin-page">
      <h2 id="policies-title">Persistent Chat policies</h2>
      <p className="muted">A user’s own policy wins; then their groups’ (any group turning it off turns it off); then the global one.</p>
      {policies.error && <p className="error">{policies.error}</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">For</th>
            <th scope="col">Persistent Chat</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {policies.value?.map(({ target, persistentChatEnabled }) => (
            <tr key={target.kind === 'global' ? 'global' : target.id}>
              <th scope="row">{targetText(target)}</th>
              <td>{persistentChatEnabled ? 'on' : 'off'}</td>
              <td>
                <button type="button" className="quiet" disabled={busy} onClick={() => clear(target)} aria-label={`Clear the policy for ${targetText(target)}`}>
                  Clear
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {policies.value && (
        <p>
          <button type="button" disabled={busy} onClick={() => setGlobal(!globalOn)}>
            Turn Persistent Chat {globalOn ? 'off' : 'on'} for everyone
          </button>
        </p>
      )}
      <form onSubmit={set} className="admin-form" aria-labelledby="set-policy-title">
        <h3 id="set-policy-title">Set a policy</h3>
        <label>
          User or group
          <input name="holder" required autoComplete="off" placeholder="alice, user:alice or group:Contractors" />
        </label>
        <label>
          Persistent Chat
          <select name="chat" defaultValue="off" aria-label="Persistent Chat">
            <option value="on">On</option>
            <option value="off">Off</option>
          </select>
        </label>
        <button type="submit" disabled={busy}>
          Set policy
        </button>
      </form>
      <ActionMessage message={message} />
    </section>
  );
}
