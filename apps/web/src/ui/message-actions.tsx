import { useState, type KeyboardEvent } from 'react';
import type { ChatMessage } from '../chat/timeline.js';

export interface MessageActionsProps {
  message: ChatMessage;
  onEdit: (seq: number, text: string) => Promise<void>;
  onRedact: (seq: number) => Promise<void>;
}

/** Edit and withdraw, on your own messages: an inline editor (Enter saves, Escape cancels) and a delete that asks once more. */
export function MessageActions({ message, onRedact, editing, setEditing }: Omit<MessageActionsProps, 'onEdit'> & { editing: boolean; setEditing: (on: boolean) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  const act = async (action: () => Promise<void>) => {
    setError(undefined);
    try {
      await action();
      setConfirming(false);
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  if (editing) return null;
  return (
    <span className="actions">
      {confirming ? (
        <>
          <button type="button" className="danger" onClick={() => void act(() => onRedact(message.seq))}>
            Delete for everyone
          </button>
          <button type="button" className="quiet" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </>
      ) : (
        <>
          {!message.file && (
            <button type="button" className="quiet" onClick={() => setEditing(true)} aria-label="Edit message">
              Edit
            </button>
          )}
          <button type="button" className="quiet" onClick={() => setConfirming(true)} aria-label="Delete message">
            Delete
          </button>
        </>
      )}
      {error && <span className="error">{error}</span>}
    </span>
  );
}

/** The editor that replaces a message's text while it is edited. */
export function MessageEditor({ message, onEdit, done }: { message: ChatMessage; onEdit: MessageActionsProps['onEdit']; done: () => void }) {
  const [text, setText] = useState(message.text ?? '');
  const [error, setError] = useState<string>();
  const save = async () => {
    const trimmed = text.trim();
    if (!trimmed || trimmed === message.text) return done();
    try {
      await onEdit(message.seq, trimmed);
      done();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  const onKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape') done();
    else if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void save();
    }
  };
  return (
    <form
      className="editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <textarea aria-label="Edit your message" value={text} onChange={(e) => setText(e.target.value)} onKeyDown={onKey} autoFocus rows={2} />
      <button type="submit">Save</button>
      <button type="button" className="quiet" onClick={done}>
        Cancel
      </button>
      {error && <span className="error">{error}</span>}
    </form>
  );
}
