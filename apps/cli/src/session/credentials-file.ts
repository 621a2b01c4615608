import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { TokenResponseSchema } from '@parley/contracts';
import type { StoredSession, TokenStore } from '@parley/sdk';
import { z } from 'zod';

const CredentialsSchema = z.object({
  /** The server commands use without --server: the one last signed in to. */
  current: z.string().optional(),
  sessions: z.record(
    z.string(),
    z.object({
      user: TokenResponseSchema.shape.user,
      accessToken: z.string(),
      accessTokenExpiresAt: z.number(),
      refreshToken: z.string(),
    }),
  ),
});
type Credentials = z.infer<typeof CredentialsSchema>;

/** `$PARLEY_CONFIG_DIR/credentials.json`, else under `$XDG_CONFIG_HOME` or `~/.config`, in `parley/`. */
export function credentialsPath(env: NodeJS.ProcessEnv): string {
  const dir = env['PARLEY_CONFIG_DIR'] || join(env['XDG_CONFIG_HOME'] || join(homedir(), '.config'), 'parley');
  return join(dir, 'credentials.json');
}

/**
 * The CLI's sessions, one per server URL, in one JSON file only its owner can read (0600, in a
 * 0700 directory): tokens and who they belong to, never a password. Every write replaces the
 * file atomically, so a crash never leaves half a file.
 */
export class CredentialsFile {
  constructor(readonly path: string) {}

  async current(): Promise<string | undefined> {
    return (await this.read()).current;
  }

  /** Makes `server` the one commands use without --server. */
  async use(server: string): Promise<void> {
    const data = await this.read();
    await this.write({ ...data, current: server });
  }

  /** The session store for one server, for the SDK. */
  store(server: string): TokenStore {
    return {
      load: async () => (await this.read()).sessions[server],
      save: async (session: StoredSession) => {
        const data = await this.read();
        await this.write({ ...data, sessions: { ...data.sessions, [server]: session } });
      },
      clear: async () => {
        const data = await this.read();
        const { [server]: _gone, ...sessions } = data.sessions;
        await this.write({ current: data.current === server ? undefined : data.current, sessions });
      },
    };
  }

  private async read(): Promise<Credentials> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { sessions: {} };
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = CredentialsSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${this.path} is not a Parley credentials file: remove it and sign in again`);
    return parsed.data;
  }

  private async write(data: Credentials): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, this.path);
  }
}
