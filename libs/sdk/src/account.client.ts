import { UserDetailSchema } from '@parley/contracts';
import { answer } from './answers.js';
import type { HttpClient } from './http-client.js';
import type { UserDetail } from './types.js';

/** The signed-in user's own account (`/v1/me`). */
export class AccountClient {
  constructor(private readonly http: HttpClient) {}

  /** Who am I: my account, groups, roles and whether persistent chat is on for me. */
  async me(): Promise<UserDetail> {
    return answer(UserDetailSchema, 'GET /v1/me')(await this.http.get('/v1/me'));
  }

  /** Changes my password (local accounts); my other sessions end. */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await this.http.post('/v1/me/password', { currentPassword, newPassword });
  }
}
