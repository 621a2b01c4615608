import { ParleyClient } from '@parley/sdk';
import { CredentialsFile, credentialsPath } from './session/credentials-file.js';
import { readPassword, type PasswordRequest } from './session/password.js';
import { serverUrl } from './session/server-url.js';

/** What commands need from the world, so tests can run them against fakes. */
export interface CliContext {
  /** Writes one result to standard output. */
  print(text: string): void;
  /** A password from standard input or typed at the terminal (see readPassword). */
  password(request: PasswordRequest): Promise<string>;
  /** The server a command talks to: --server if given, else the one last signed in to. */
  server(option: string | undefined): Promise<string | undefined>;
  /** A client for `server`, with its stored session. */
  client(server: string): ParleyClient;
  /** Makes `server` the one commands use without --server. */
  useServer(server: string): Promise<void>;
  /** Where sessions are stored, for messages. */
  readonly credentialsPath: string;
}

export function nodeContext(env: NodeJS.ProcessEnv): CliContext {
  const file = new CredentialsFile(credentialsPath(env));
  return {
    print: (text) => void process.stdout.write(`${text}\n`),
    password: (request) => readPassword(request),
    server: async (option) => (option !== undefined ? serverUrl(option) : file.current()),
    client: (server) => new ParleyClient({ server, tokens: file.store(server) }),
    useServer: (server) => file.use(server),
    credentialsPath: file.path,
  };
}
