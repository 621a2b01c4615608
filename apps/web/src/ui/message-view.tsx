import { useState, type ReactNode } from 'react';
import type { ChatMessage } from '../chat/timeline.js';
import { messagePieces } from '../render/message-text.js';
import { MessageActions, MessageEditor, type MessageActionsProps } from './message-actions.js';
import { FileLink } from './room-files.js';

/** A message's text as text nodes, safe links and mentions: never HTML. */
export function MessageText({ text, me }: { text: string; me: string }): ReactNode {
  return messagePieces(text).map((piece, i) => {
    switch (piece.kind) {
      case 'text':
        return piece.text;
      case 'link':
        return (
          <a key={i} href={piece.href} target="_blank" rel="noopener noreferrer nofollow">
            {piece.text}
          </a>
        );
      case 'mention':
        return (
          <span key={i} className={`mention${piece.name.toLowerCase() === me.toLowerCase() ? ' me' : ''}`}>
            {piece.text}
          </span>
        );
    }
  });
}

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

type PostedFile = NonNullable<ChatMessage['file']>;

interface MessageViewProps {
  message: ChatMessage;
  author: string;
  me: string;
  /** Posted by the signed-in user: it may be edited and withdrawn here. */
  mine: boolean;
  /** The message asked for (a search hit shown in the conversation): marked for a moment. */
  focused?: boolean;
  onDownload: (file: PostedFile) => void;
  onEdit: MessageActionsProps['onEdit'];
  onRedact: MessageActionsProps['onRedact'];
}

export function MessageView({ message, author, me, mine, focused, onDownload, onEdit, onRedact }: MessageViewProps) {
  const [editing, setEditing] = useState(false);
  const kind = message.story ? 'story' : message.alert ? 'alert' : 'message';
  return (
    <li className={`message ${kind}${focused ? ' focused' : ''}`} data-seq={message.seq} data-testid="message" aria-current={focused ? 'true' : undefined}>
      <div className="meta">
        <span className="author">{author}</span>
        <time dateTime={message.postedAt}>{time(message.postedAt)}</time>
        {message.alert && <span className="tag alert-tag">Alert</span>}
        {message.story && <span className="tag story-tag">Story</span>}
        {message.edited && <span className="muted">(edited)</span>}
        {mine && !message.redacted && <MessageActions message={message} onRedact={onRedact} editing={editing} setEditing={setEditing} />}
      </div>
      {editing ? (
        <MessageEditor message={message} onEdit={onEdit} done={() => setEditing(false)} />
      ) : message.redacted ? (
        <p className="body muted">This message was withdrawn.</p>
      ) : message.story ? (
        <details className="body">
          <summary>
            <strong>{message.story.title}</strong> — <MessageText text={message.text ?? ''} me={me} />
          </summary>
          <div className="story-body">
            <MessageText text={message.story.body} me={me} />
          </div>
        </details>
      ) : (
        <p className="body" data-testid="message-text">
          {message.file && (
            <>
              <FileLink file={message.file} onDownload={onDownload} />
              {message.text ? ' — ' : ''}
            </>
          )}
          <MessageText text={message.text ?? ''} me={me} />
        </p>
      )}
    </li>
  );
}
