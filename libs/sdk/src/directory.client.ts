import { DirectoryStatusSchema, DirectorySyncResultSchema, type DirectorySyncResult } from '@parley/contracts';
import { answer } from './answers.js';
import type { HttpClient } from './http-client.js';
import type { DirectoryStatus } from './types.js';

/** LDAP / Active Directory synchronisation (`/v1/directory`, administrators). */
export class DirectoryClient {
  constructor(private readonly http: HttpClient) {}

  /** Syncs now: what changed since the last sync, or everything with `full`. */
  async sync(options: { full?: boolean } = {}): Promise<DirectorySyncResult> {
    return answer(DirectorySyncResultSchema, 'POST /v1/directory/sync')(await this.http.post('/v1/directory/sync', { full: options.full ?? false }));
  }

  /** Whether a directory is configured, and when it last synced. */
  async status(): Promise<DirectoryStatus> {
    return answer(DirectoryStatusSchema, 'GET /v1/directory/status')(await this.http.get('/v1/directory/status'));
  }
}
