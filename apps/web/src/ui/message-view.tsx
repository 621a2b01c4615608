import type { ReactNode } from 'react';
import type { ChatMessage } from '../chat/timeline.js';
import { messagePieces } from '../render/message-text.js';

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

export function MessageView({ message, author, me }: { message: ChatMessage; author: string; me: string }) {
  const kind = message.story ? 'story' : message.alert ? 'alert' : 'message';
  return (
    <li className={`message ${kind}`} data-seq={message.seq} data-testid="message">
      <div className="meta">
        <span className="author">{author}</span>
        <time dateTime={message.postedAt}>{time(message.postedAt)}</time>
        {message.alert && <span className="tag alert-tag">Alert</span>}
        {message.story && <span className="tag story-tag">Story</span>}
        {message.edited && <span className="muted">(edited)</span>}
      </div>
      {message.redacted ? (
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
            <span className="file">
              📎 {message.file.name} ({Math.ceil(message.file.size / 1024)} KB){message.text ? ' — ' : ''}
            </span>
          )}
          <MessageText text={message.text ?? ''} me={me} />
        </p>
      )}
    </li>
  );
}
