import { CreatedUserSchema, pageOf, ResetPasswordResponseSchema, UserDetailSchema, UserViewSchema } from '@parley/contracts';
import { allPages, answer, segment } from './answers.js';
import type { HttpClient } from './http-client.js';
import {
  type CreatedUser,
  type CreateUserRequest,
  type Page,
  type PasswordSet,
  type UpdateUserRequest,
  type UserDetail,
  type UserListQuery,
  type UserView,
} from './types.js';

const userPage = answer(pageOf(UserViewSchema), 'GET /v1/users');
const userView = answer(UserViewSchema, 'a user change');

/** Users, local and from the directory (`/v1/users`, administrators). */
export class UsersClient {
  constructor(private readonly http: HttpClient) {}

  /** One page of users in user-name order. */
  async list(query: UserListQuery = {}): Promise<Page<UserView>> {
    const { enabled, ...rest } = query;
    return userPage(await this.http.get('/v1/users', { ...rest, enabled: enabled === undefined ? undefined : String(enabled) }));
  }

  /** Every user matching `query`, page after page. */
  all(query: Omit<UserListQuery, 'after'> = {}): AsyncGenerator<UserView> {
    return allPages((after) => this.list({ ...query, after }));
  }

  async get(id: string): Promise<UserDetail> {
    return answer(UserDetailSchema, 'GET /v1/users/:id')(await this.http.get(`/v1/users/${segment(id)}`));
  }

  /** Creates a local user; without a password, the server generates one and returns it once. */
  async create(request: CreateUserRequest): Promise<CreatedUser> {
    return answer(CreatedUserSchema, 'POST /v1/users')(await this.http.post('/v1/users', request));
  }

  /** Changes a local user's display name or e-mail address. */
  async update(id: string, changes: UpdateUserRequest): Promise<UserView> {
    return userView(await this.http.patch(`/v1/users/${segment(id)}`, changes));
  }

  /** Sign-in stops and sessions end; for directory users too (a later sync does not undo it). */
  async disable(id: string): Promise<UserView> {
    return userView(await this.http.post(`/v1/users/${segment(id)}/disable`));
  }

  async enable(id: string): Promise<UserView> {
    return userView(await this.http.post(`/v1/users/${segment(id)}/enable`));
  }

  /** Removes a local user (directory users are removed in the directory). */
  async remove(id: string): Promise<void> {
    await this.http.delete(`/v1/users/${segment(id)}`);
  }

  /** Sets a local user's password, or has one generated (returned once); their sessions end. */
  async setPassword(id: string, password?: string): Promise<PasswordSet> {
    const body = password === undefined ? {} : { password };
    return answer(ResetPasswordResponseSchema, 'POST /v1/users/:id/password')(await this.http.post(`/v1/users/${segment(id)}/password`, body));
  }
}
