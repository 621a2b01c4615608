import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { z } from 'zod';

/** A load scenario, as a YAML (or JSON) file states it. Unknown fields are refused. */
export const ScenarioSchema = z
  .strictObject({
    /** Shown in the report. */
    name: z.string().min(1).max(100),
    /** Virtual users: each signs in, opens one live session and joins its rooms. */
    users: z.int().min(1).max(100_000),
    /** Groups of rooms: `count` rooms, each with `members` of the users in it (taken in turn). */
    rooms: z.array(z.strictObject({ count: z.int().min(1).max(10_000), members: z.int().min(1) })).min(1),
    posts: z.strictObject({
      /** Posts per second across all users, at full rate (after the ramp-up). */
      perSecond: z.number().positive().max(100_000),
      /** Length of each post's text, in bytes. */
      textBytes: z.int().min(40).max(8_000).default(100),
    }),
    /** Users join a room they are not in, stay a while and leave, while posts go on (off by default). */
    churn: z
      .strictObject({
        joinsPerSecond: z.number().positive().max(10_000),
        /** How long each visit lasts. */
        staySeconds: z.number().min(0).max(3_600).default(2),
      })
      .optional(),
    /** History and search requests from random users in their own rooms, while posts go on (off by default). */
    reads: z
      .strictObject({
        /** The latest page of a room's history (as a client opening the room). */
        historyPerSecond: z.number().min(0).max(10_000).default(0),
        /** A search for a word of the posts, in one of the user's rooms. */
        searchPerSecond: z.number().min(0).max(10_000).default(0),
        /** Messages per history page. */
        pageSize: z.int().min(1).max(200).default(50),
      })
      .optional(),
    /** Files posted to random rooms by their members, while posts go on (off by default). */
    files: z
      .strictObject({
        perSecond: z.number().positive().max(1_000),
        /** Size of each file. */
        bytes: z.int().min(0).max(100 * 1024 * 1024).default(64 * 1024),
      })
      .optional(),
    /** Users connect spread over this many seconds; posting starts when all are in. */
    rampUpSeconds: z.number().min(0).max(3_600).default(0),
    /** How long posts are sent. */
    durationSeconds: z.number().positive().max(86_400),
    /** How long to wait after the last post for deliveries still on their way. */
    drainSeconds: z.number().min(0).max(600).default(5),
  })
  .superRefine((scenario, ctx) => {
    scenario.rooms.forEach((group, i) => {
      if (group.members > scenario.users) ctx.addIssue({ code: 'custom', path: ['rooms', i, 'members'], message: `must be at most users (${scenario.users})` });
    });
  });

export type Scenario = z.output<typeof ScenarioSchema>;

export interface ScenarioIssue {
  /** 1-based line in the file. */
  line: number;
  /** The field, e.g. `rooms[0].members` (empty for the file as a whole). */
  field: string;
  message: string;
}

/** A scenario file that cannot be run; its message lists every issue as `file:line: field: message`. */
export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly issues: ScenarioIssue[],
  ) {
    super(issues.map((i) => `${file}:${i.line}: ${i.field ? `${i.field}: ` : ''}${i.message}`).join('\n'));
    this.name = 'ScenarioError';
  }
}

const fieldName = (path: readonly PropertyKey[]) =>
  path.reduce<string>((name, key) => (typeof key === 'number' ? `${name}[${key}]` : name ? `${name}.${String(key)}` : String(key)), '');

/** Reads a scenario from the text of `file` (YAML; JSON is YAML too); a ScenarioError names each bad line and field. */
export function parseScenario(text: string, file: string): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  if (doc.errors.length > 0) {
    throw new ScenarioError(file, doc.errors.map((e) => ({ line: lineAt(e.pos[0]), field: '', message: e.message.split('\n')[0]! })));
  }
  const result = ScenarioSchema.safeParse(doc.toJS() ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.flatMap((issue): ScenarioIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ line: lineAt(keyOffset(doc, issue.path, key)), field: fieldName([...issue.path, key]), message: 'unknown field' }));
    }
    return [{ line: lineAt(nodeOffset(doc, issue.path)), field: fieldName(issue.path), message: issue.message }];
  });
  throw new ScenarioError(file, issues.sort((a, b) => a.line - b.line));
}

/** Where the value at `path` starts, or its nearest parent that exists (a missing field: where it belongs). */
function nodeOffset(doc: Document, path: readonly PropertyKey[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : (doc.getIn(path.slice(0, n) as unknown[], true) as Node | undefined);
    if (node && (isScalar(node) || isMap(node) || 'range' in node) && node.range) return node.range[0];
  }
  return 0;
}

/** Where the key `key` of the mapping at `path` is written. */
function keyOffset(doc: Document, path: readonly PropertyKey[], key: string): number {
  const map = path.length === 0 ? doc.contents : doc.getIn(path as unknown[], true);
  if (isMap(map)) {
    const pair = map.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
    if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
  }
  return nodeOffset(doc, path);
}
