/** The outcome of the last console action, announced to screen readers. */
export function ActionMessage({ message }: { message: { ok: boolean; text: string } | undefined }) {
  if (!message) return null;
  return (
    <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'} data-testid="admin-message">
      {message.text}
    </p>
  );
}
