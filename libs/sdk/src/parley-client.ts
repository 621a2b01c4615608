import { EndpointsSchema } from '@parley/contracts';
import { AccountClient } from './account.client.js';
import { AddinsClient, ConfigClient, PoliciesClient, RolesClient } from './administration.client.js';
import { answer } from './answers.js';
import { CategoriesClient } from './categories.client.js';
import { DirectoryClient } from './directory.client.js';
import { GroupsClient } from './groups.client.js';
import { HttpClient } from './http-client.js';
import { RoomsClient } from './rooms.client.js';
import { Session } from './session.js';
import { MemoryTokenStore, type TokenStore } from './token-store.js';
import type { Endpoints } from './types.js';
import { UsersClient } from './users.client.js';

export interface ParleyClientOptions {
  /** The provisioning service's base URL (http://127.0.0.1:8083 in the single-server topology). */
  server: string;
  /** Where the session's tokens are kept between calls and processes; memory by default. */
  tokens?: TokenStore;
  /** Per-request timeout in milliseconds (default 15 s). */
  timeoutMs?: number;
  /** The fetch to use (tests pass a fake); the global one by default. */
  fetch?: typeof fetch;
  /** The clock, in milliseconds since the epoch. */
  now?: () => number;
}

/**
 * Parley's administration API, typed from the contracts' schemas: sign in through `session`,
 * then every area through its own small client. Errors are ParleyErrors carrying the server's
 * code and message (which names the offending field).
 */
export class ParleyClient {
  readonly server: string;
  readonly session: Session;
  readonly account: AccountClient;
  readonly users: UsersClient;
  readonly groups: GroupsClient;
  readonly directory: DirectoryClient;
  readonly categories: CategoriesClient;
  readonly rooms: RoomsClient;
  readonly config: ConfigClient;
  readonly policies: PoliciesClient;
  readonly addins: AddinsClient;
  readonly roles: RolesClient;
  private readonly anonymous: HttpClient;

  constructor(options: ParleyClientOptions) {
    this.session = new Session({ ...options, tokens: options.tokens ?? new MemoryTokenStore() });
    this.server = this.session.http.baseUrl;
    const http = this.session.http;
    this.account = new AccountClient(http);
    this.users = new UsersClient(http);
    this.groups = new GroupsClient(http);
    this.directory = new DirectoryClient(http);
    this.categories = new CategoriesClient(http);
    this.rooms = new RoomsClient(http);
    this.config = new ConfigClient(http);
    this.policies = new PoliciesClient(http);
    this.addins = new AddinsClient(http);
    this.roles = new RolesClient(http);
    this.anonymous = new HttpClient({ baseUrl: this.server, timeoutMs: options.timeoutMs, fetch: options.fetch });
  }

  /** Where the other services are (public: no sign-in needed); live sessions go to `channel`. */
  async endpoints(): Promise<Endpoints> {
    return answer(EndpointsSchema, 'GET /v1/endpoints')(await this.anonymous.get('/v1/endpoints'));
  }
}
