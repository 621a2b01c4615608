import type { FormEvent } from 'react';
import type { AdminApi } from './admin-api.js';
import { ActionMessage } from './admin-message.js';
import { field, useAction, useLoaded } from './use-admin.js';

/** Server configuration and the global Persistent Chat policy. */
export function ServerAdmin({ api }: { api: AdminApi }) {
  const settings = useLoaded(() => api.config.get());
  const policies = useLoaded(() => api.policies.list());
  const { busy, message, run } = useAction();
  const global = policies.value?.find((p) => p.target.kind === 'global');

  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    void run(async () => {
      await api.config.update({
        backchatSize: Number(field(data, 'backchatSize')),
        maxFileSizeKb: Number(field(data, 'maxFileSizeKb')),
        participantUpdateLimit: Number(field(data, 'participantUpdateLimit')),
        roomManagementUrl: field(data, 'roomManagementUrl'),
      });
      settings.reload();
      return 'Server settings saved.';
    });
  };

  const setGlobal = (enabled: boolean) =>
    void run(async () => {
      await api.policies.set({ kind: 'global' }, enabled);
      policies.reload();
      return `Persistent Chat is ${enabled ? 'on' : 'off'} for everyone without a policy of their own.`;
    });

  return (
    <section aria-labelledby="server-title" className="admin-page">
      <h2 id="server-title">Server</h2>
      {(settings.error ?? policies.error) && <p className="error">{settings.error ?? policies.error}</p>}
      {settings.value && (
        <form onSubmit={save} className="admin-form" aria-label="Server settings" key={JSON.stringify(settings.value)}>
          <label>
            Messages a joining client receives (backchat)
            <input name="backchatSize" type="number" min={1} max={500} required defaultValue={settings.value.backchatSize} />
          </label>
          <label>
            Largest file, in KB
            <input name="maxFileSizeKb" type="number" min={1} required defaultValue={settings.value.maxFileSizeKb} />
          </label>
          <label>
            Participants above which join and leave notices stop
            <input name="participantUpdateLimit" type="number" min={1} required defaultValue={settings.value.participantUpdateLimit} />
          </label>
          <label>
            Room management address (empty for none)
            <input name="roomManagementUrl" type="url" defaultValue={settings.value.roomManagementUrl} />
          </label>
          <button type="submit" disabled={busy}>
            Save settings
          </button>
        </form>
      )}
      <h3>Policies</h3>
      <ul className="policies">
        {policies.value?.map((p) => (
          <li key={p.target.kind === 'global' ? 'global' : p.target.id}>
            {p.target.kind === 'global' ? 'Everyone (global)' : `${p.target.kind} ${p.target.label}`}: Persistent Chat {p.persistentChatEnabled ? 'on' : 'off'}
          </li>
        ))}
      </ul>
      {policies.value && (
        <button type="button" disabled={busy} onClick={() => setGlobal(!(global?.persistentChatEnabled ?? true))}>
          Turn Persistent Chat {(global?.persistentChatEnabled ?? true) ? 'off' : 'on'} for everyone
        </button>
      )}
      <ActionMessage message={message} />
    </section>
  );
}
