import { EndpointsSchema } from '@parley/contracts';
import { AccountClient } from './account.client.js';
import { AddinsClient, ConfigClient, PoliciesClient, RolesClient } from './administration.client.js';
import { answer } from './answers.js';
import { CategoriesClient } from './categories.client.js';
import { ComplianceClient } from './compliance.client.js';
import { DirectoryClient } from './directory.client.js';
import { EngagementClient } from './engagement.client.js';
import { FilesClient } from './files.client.js';
import { GroupsClient } from './groups.client.js';
import { HistoryClient } from './history.client.js';
import { HttpClient } from './http-client.js';
import { LookupClient } from './lookup.client.js';
import { ProjectionsClient } from './projections.client.js';
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
  readonly projections: ProjectionsClient;
  private readonly anonymous: HttpClient;

  constructor(private readonly options: ParleyClientOptions) {
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
    this.projections = new ProjectionsClient(http);
    this.anonymous = new HttpClient({ baseUrl: this.server, timeoutMs: options.timeoutMs, fetch: options.fetch });
  }

  /** The compliance service's API at `url`, with this session (compliance officers). */
  compliance(url: string): ComplianceClient {
    return new ComplianceClient(this.session, url, this.options);
  }

  /** Invitations, followed rooms and unread counts on the channel server at `url` (`channel` of the endpoints), with this session. */
  engagement(url: string): EngagementClient {
    return new EngagementClient(this.session, url, this.options);
  }

  /** The files service at `url` (`files` of the endpoints), with this session: streamed uploads and downloads. */
  files(url: string): FilesClient {
    return new FilesClient(url, this.session, this.options.fetch);
  }

  /** History pages and search on the channel server at `url` (`channel` of the endpoints), with this session. */
  history(url: string): HistoryClient {
    return new HistoryClient(this.session, url, this.options);
  }

  /** Where the other services are (public: no sign-in needed). */
  async endpoints(): Promise<Endpoints> {
    return answer(EndpointsSchema, 'GET /v1/endpoints')(await this.anonymous.get('/v1/endpoints'));
  }

  /** The lookup service's API at `url` (`lookup` of the endpoints), with this session. */
  lookup(url: string): LookupClient {
    return new LookupClient(this.session, url, this.options);
  }

  /**
   * How a live session finds a channel server, asked again on every (re)connection: the one lookup
   * names (the least loaded, avoiding the one the session was just on), or the endpoints' `channel`
   * where there is no lookup service. Pass it as `channel` of a LiveClient.
   */
  liveChannel(): () => Promise<string> {
    let current: string | undefined;
    return async () => {
      const endpoints = await this.endpoints();
      if (!endpoints.lookup) return endpoints.channel;
      const target = await this.lookup(endpoints.lookup).session(current);
      current = target.instanceId;
      return target.url;
    };
  }
}
