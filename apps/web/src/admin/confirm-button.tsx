import { useEffect, useRef, useState } from 'react';

/**
 * A button for what cannot be undone (removing a room, a category, an add-in): it asks once more,
 * in place. Focus goes to the confirming button, and back to this one when the answer is Keep or
 * the action was refused.
 */
export function ConfirmButton({ action, what, disabled, onConfirm }: { action: string; what: string; disabled: boolean; onConfirm: () => void }) {
  const [asking, setAsking] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  useEffect(() => {
    if (asked.current && !asking) trigger.current?.focus();
    asked.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button ref={trigger} type="button" className="quiet" disabled={disabled} onClick={() => setAsking(true)} aria-label={`${action} ${what}`}>
        {action}
      </button>
    );
  }
  return (
    <span className="actions" role="group" aria-label={`${action} ${what}?`}>
      <button
        type="button"
        className="danger"
        autoFocus
        disabled={disabled}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {action} {what}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Keep
      </button>
    </span>
  );
}
