import { errorFromBody, UnavailableError, type ErrorBody } from '@parley/contracts';

export type Query = Record<string, string | number | boolean | undefined>;

export interface HttpClientOptions {
  /** The server's base URL, e.g. https://chat.example.com or http://127.0.0.1:8083. */
  baseUrl: string;
  /** Returns the current access token, refreshing it if needed; undefined for anonymous calls. */
  accessToken?: () => Promise<string | undefined>;
  /**
   * Called when the server refuses the access token a request carried (401); resolves true once a
   * new token is at hand, and the request is then sent once more. Rejects when none can be had.
   */
  renewAccess?: (refused: string) => Promise<boolean>;
  /** Per-request timeout in milliseconds (default 15 s). */
  timeoutMs?: number;
  /** The fetch to use (tests pass a fake); the global one by default. */
  fetch?: typeof fetch;
}

/**
 * A small JSON-over-HTTP client for Parley's public APIs: bearer tokens, one error shape
 * (`{ error: { code, message, issues } }` becomes the matching ParleyError), timeouts, and
 * network failures reported as UnavailableError naming the server.
 */
export class HttpClient {
  readonly baseUrl: string;

  constructor(private readonly options: HttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, undefined, query);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body ?? {});
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  async request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    let token = await this.options.accessToken?.();
    let response = await this.send(method, url, body, token);
    if (response.status === 401 && token && this.options.renewAccess && (await this.options.renewAccess(token))) {
      token = await this.options.accessToken?.();
      response = await this.send(method, url, body, token);
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    const parsed: unknown = text ? safeJson(text) : undefined;
    if (!response.ok) {
      const error = (parsed as { error?: ErrorBody } | undefined)?.error;
      if (error?.code) throw errorFromBody(error);
      throw new UnavailableError(`${this.baseUrl} answered ${response.status} ${response.statusText}`);
    }
    return parsed as T;
  }

  private async send(method: string, url: URL, body: unknown, token: string | undefined): Promise<Response> {
    try {
      return await (this.options.fetch ?? fetch)(url, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new UnavailableError(`cannot reach ${this.baseUrl} (${cause})`, { cause: error });
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
