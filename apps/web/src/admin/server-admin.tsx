import type { FormEvent } from 'react';
import type { AdminApi } from './admin-api.js';
import { ActionMessage } from './admin-message.js';
import { field, useAction, useLoaded } from './use-admin.js';

/** Server configuration (the global Persistent Chat policy is on the Access page, with the others). */
export function ServerAdmin({ api }: { api: AdminApi }) {
  const settings = useLoaded(() => api.config.get());
  const { busy, message, run } = useAction();

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

  return (
    <section aria-labelledby="server-title" className="admin-page">
      <h2 id="server-title">Server</h2>
      {settings.error && <p className="error">{settings.error}</p>}
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
      <ActionMessage message={message} />
    </section>
  );
}
