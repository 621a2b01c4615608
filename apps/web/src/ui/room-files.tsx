import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import type { ChatStore, RoomState } from '../chat/chat-store.js';
import type { ChatMessage } from '../chat/timeline.js';

/** A size as people read it. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A button that picks files to send (the file input itself stays hidden, but is what it clicks). */
export function AttachButton({ room, store, disabled }: { room: RoomState; store: ChatStore; disabled: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        aria-label={`Files to send to ${room.name}`}
        onChange={(e) => {
          for (const file of e.target.files ?? []) void store.upload(room.id, file);
          e.target.value = '';
        }}
      />
      <button type="button" className="attach" disabled={disabled} onClick={() => input.current?.click()} title="Send a file (or drop it on the room)">
        Attach file
      </button>
    </>
  );
}

/** Lets files be dropped anywhere on the room; shows where while one is dragged over it. */
export function DropZone({ room, store, children }: { room: RoomState; store: ChatStore; children: ReactNode }) {
  const [over, setOver] = useState(false);
  const carriesFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files');
  return (
    <section
      className={`room${over ? ' dropping' : ''}`}
      aria-labelledby="room-title"
      onDragOver={(e) => {
        if (!carriesFiles(e) || room.closed) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        if (room.closed) return;
        for (const file of e.dataTransfer.files) void store.upload(room.id, file);
      }}
      data-testid="room"
    >
      {children}
      {over && (
        <div className="drop-hint" aria-hidden="true">
          Drop to send to {room.name}
        </div>
      )}
    </section>
  );
}

/** Files on their way, with their progress; failed ones say why until dismissed. */
export function UploadList({ room, store }: { room: RoomState; store: ChatStore }) {
  if (room.uploads.length === 0) return null;
  return (
    <ul className="uploads" aria-label="Files being sent">
      {room.uploads.map((u) => (
        <li key={u.key} data-testid="upload">
          <span className="name">{u.name}</span>
          {u.error ? (
            <>
              <span className="error">Not sent: {u.error}</span>
              <button type="button" onClick={() => store.dismissUpload(room.id, u.key)}>
                Dismiss
              </button>
            </>
          ) : (
            <>
              <progress max={u.total || 1} value={u.sent} aria-label={`Sending ${u.name}`} />
              <span className="muted">
                {formatSize(u.sent)} of {formatSize(u.total)}
              </span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** A posted file: its name and size, and a button that downloads it. */
export function FileLink({ file, onDownload }: { file: NonNullable<ChatMessage['file']>; onDownload: (file: NonNullable<ChatMessage['file']>) => void }) {
  return (
    <span className="file">
      <span className="tag">File</span>{' '}
      <button type="button" className="download" onClick={() => onDownload(file)} aria-label={`Download ${file.name}`}>
        {file.name}
      </button>{' '}
      <span className="muted">({formatSize(file.size)})</span>
    </span>
  );
}
