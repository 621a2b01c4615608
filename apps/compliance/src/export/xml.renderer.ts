import type { RoomInfo, SenderInfo } from './export-context.js';
import type { Rendered, Renderer } from './renderer.js';

// Characters XML 1.0 cannot carry at all (most control characters, lone surrogates, U+FFFE/U+FFFF).
// eslint-disable-next-line no-control-regex
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SPECIAL = /[&<>"\t\n\r]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

/** An attribute value: escaped, line breaks and tabs kept as character references, invalid characters replaced. */
export function attr(value: string): string {
  return value.replace(INVALID, '\uFFFD').replace(SPECIAL, (c) => ENTITIES[c]!);
}

const TICKS_AT_EPOCH = 621_355_968_000_000_000n;

/** Group Chat's three spellings of one instant: ms since 1970, ISO 8601, and .NET ticks (100 ns since year 1). */
export function dateTime(element: string, ms: number, indent: string): string {
  const ticks = BigInt(ms) * 10_000n + TICKS_AT_EPOCH;
  return `${indent}<${element} since1970="${ms}" string="${new Date(ms).toISOString()}" long="${ticks}" />\n`;
}

function sender(s: SenderInfo): string {
  const details = s.details ? ` displayName="${attr(s.details.displayName)}" source="${attr(s.details.source)}"` : '';
  return `<Sender UserName="${attr(s.userName)}" id="${attr(s.id)}" email="${attr(s.email)}" internal="true" uri="${attr(s.uri)}"${details} />`;
}

function channel(room: RoomInfo | null): string {
  if (!room) return '<Channel uri="parley://server" name="Directory and administration" islogged="true" />';
  const d = room.details;
  const details = d ? ` category="${attr(d.category)}" description="${attr(d.description)}" privacy="${attr(d.privacy)}" roomType="${attr(d.type)}" removed="${d.removed}"` : '';
  return `<Channel uri="${attr(room.uri)}" name="${attr(room.name)}" islogged="${room.logged}"${details} />`;
}

function message(element: string, r: Rendered, indent: string): string {
  const { row, message: m } = r;
  const extra = `${m.ref !== null ? ` ref="${attr(m.ref)}"` : ''}${m.alert ? ' alert="true"' : ''}${row.purged_by !== null ? ` purgedBy="${attr(row.purged_by)}"` : ''}`;
  return (
    `${indent}<${element} type="${m.type}" content="${attr(m.content)}" id="${attr(row.event_id)}" event="${attr(row.type)}" position="${row.log}:${row.stream_seq}" seq="${row.seq}"${extra}>\n` +
    `${indent}  ${sender(r.sender)}\n` +
    dateTime('DateTimeUTC', row.occurred_ms, `${indent}  `) +
    `${indent}</${element}>\n`
  );
}

/**
 * The Group Chat compliance XML (apps/compliance/schemas/groupchat-export.xsd): a Conversation per
 * room, its messages in time order. Records about no room (sign-ins, directory and administration)
 * form a conversation of their own, so the file holds every record of the export.
 */
export class XmlRenderer implements Renderer {
  readonly format = 'xml' as const;

  constructor(private readonly comment: string) {}

  begin(): string {
    return `<?xml version="1.0" encoding="utf-8"?>\n<!-- ${this.comment.replace(/--/g, '- -')} -->\n<Conversations xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">\n`;
  }

  startRoom(room: RoomInfo | null, first: Rendered): string {
    return `  <Conversation>\n    ${channel(room)}\n${message('FirstMessage', first, '    ')}    <Messages>\n`;
  }

  record(r: Rendered): string {
    return message('Message', r, '      ');
  }

  endRoom(firstMs: number, lastMs: number): string {
    return `    </Messages>\n${dateTime('StartTimeUTC', firstMs, '    ')}${dateTime('EndTimeUTC', lastMs, '    ')}  </Conversation>\n`;
  }

  end(): string {
    return '</Conversations>\n';
  }
}
