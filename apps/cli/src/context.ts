import { LiveClient, ParleyClient, type LiveClientOptions } from '@parley/sdk';
import { progressLine } from './progress.js';
import { CredentialsFile, credentialsPath } from './session/credentials-file.js';
import { readPassword, type PasswordRequest } from './session/password.js';
import { serverUrl } from './session/server-url.js';

/** What chat commands use of a live session (the SDK's LiveClient). */
export type LiveSession = Pick<LiveClient, 'user' | 'join' | 'part' | 'post' | 'updates' | 'close' | 'onEngagement'>;

/** What commands need from the world, so tests can run them against fakes. */
export interface CliContext {
  /** Writes one result to standard output. */
  print(text: string): void;
  /** Writes a note for people to standard error: what a long-running command is doing (reconnecting), never a result. */
  note(text: string): void;
  /** Shows how far a long command got on standard error (see progressLine); undefined ends it. */
  progress(text: string | undefined): void;
  /** A password from standard input or typed at the terminal (see readPassword). */
  password(request: PasswordRequest): Promise<string>;
  /** Standard input, read to its end. */
  stdin(): Promise<string>;
  /** The server a command talks to: --server if given, else the one last signed in to. */
  server(option: string | undefined): Promise<string | undefined>;
  /** A client for `server`, with its stored session. */
  client(server: string): ParleyClient;
  /** Opens a live session on a channel server. */
  live(options: LiveClientOptions): Promise<LiveSession>;
  /** Resolves when the user interrupts the command (Ctrl-C) or the process is asked to stop. */
  interrupted(): Promise<void>;
  /** Makes `server` the one commands use without --server. */
  useServer(server: string): Promise<void>;
  /** Where sessions are stored, for messages. */
  readonly credentialsPath: string;
}

export function nodeContext(env: NodeJS.ProcessEnv): CliContext {
  const file = new CredentialsFile(credentialsPath(env));
  return {
    print: (text) => void process.stdout.write(`${text}\n`),
    note: (text) => void process.stderr.write(`${text}\n`),
    progress: progressLine(process.stderr),
    password: (request) => readPassword(request),
    stdin: async () => {
      let text = '';
      process.stdin.setEncoding('utf8');
      for await (const chunk of process.stdin) text += String(chunk);
      return text;
    },
    server: async (option) => (option !== undefined ? serverUrl(option) : file.current()),
    client: (server) => new ParleyClient({ server, tokens: file.store(server) }),
    live: (options) => LiveClient.connect(options),
    interrupted: () => new Promise((resolve) => ['SIGINT', 'SIGTERM'].forEach((signal) => process.once(signal, () => resolve()))),
    useServer: (server) => file.use(server),
    credentialsPath: file.path,
  };
}
