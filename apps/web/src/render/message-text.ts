/**
 * A message's text as pieces to render: plain text, links and @mentions. Users' text is never
 * HTML: the pieces are rendered as text nodes and attributes, and only http(s) and mailto links
 * become links (a `javascript:` or `data:` "link" stays text).
 */
export type TextPiece = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string } | { kind: 'mention'; text: string; name: string };

// A URL runs to the next space or angle bracket; trailing punctuation is left to the sentence.
const TOKEN = /(\bhttps?:\/\/[^\s<>"]+|\bmailto:[^\s<>"@]+@[^\s<>"]+|(?<![\w@])@[A-Za-z0-9][\w.-]{0,63})/g;
const TRAILING = /[.,;:!?)\]}'"]+$/;

/** The link a piece of text may become, or undefined when it is not a safe link. */
export function safeHref(candidate: string): string | undefined {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:' ? url.href : undefined;
}

export function messagePieces(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  const pushText = (t: string) => {
    if (!t) return;
    const last = pieces[pieces.length - 1];
    if (last?.kind === 'text') last.text += t;
    else pieces.push({ kind: 'text', text: t });
  };
  let at = 0;
  for (const match of text.matchAll(TOKEN)) {
    const start = match.index;
    let token = match[0];
    pushText(text.slice(at, start));
    at = start + token.length;
    if (token.startsWith('@')) {
      const name = token.slice(1).replace(/[.-]+$/, '');
      pieces.push({ kind: 'mention', text: `@${name}`, name });
      at = start + 1 + name.length;
      continue;
    }
    const trailing = TRAILING.exec(token)?.[0] ?? '';
    // A closing parenthesis that closes one in the URL stays in it (Wikipedia links).
    const keep = trailing.startsWith(')') && token.slice(0, -trailing.length).includes('(') ? 1 : 0;
    token = token.slice(0, token.length - trailing.length + keep);
    at = start + token.length;
    const href = safeHref(token);
    if (href) pieces.push({ kind: 'link', text: token, href });
    else pushText(token);
  }
  pushText(text.slice(at));
  return pieces;
}

/** Whether the text mentions `name` (case-insensitive), to highlight messages for the reader. */
export function mentions(text: string, name: string): boolean {
  const lower = name.toLowerCase();
  return messagePieces(text).some((p) => p.kind === 'mention' && p.name.toLowerCase() === lower);
}
