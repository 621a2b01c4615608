import { errorFromBody, UnavailableError, type ErrorBody } from '@parley/contracts';

export interface HttpClientOptions {
  /** The server's base URL, e.g. https://chat.example.com or http://127.0.0.1:8083. */
  baseUrl: string;
  /** Returns the current access token, refreshing it if needed; undefined for anonymous calls. */
  accessToken?: () => Promise<string | undefined>;
  /** Per-request timeout in milliseconds (default 15 s). */
  timeoutMs?: number;
}

/**
 * A small JSON-over-HTTP client for Parley's public APIs: bearer tokens, one error shape
 * (`{ error: { code, message, issues } }` becomes the matching ParleyError), timeouts, and
 * network failures reported as UnavailableError naming the server.
 */
export class HttpClient {
  private readonly baseUrl: string;

  constructor(private readonly options: HttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  get<T>(path: string, query?: Record<string, string | number | boolean | undefined>): Promise<T> {
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

  async request<T>(method: string, path: string, body?: unknown, query?: Record<string, string | number | boolean | undefined>): Promise<T> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const token = await this.options.accessToken?.();
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new UnavailableError(`cannot reach ${this.baseUrl} (${cause})`, { cause: error });
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    const parsed: unknown = text ? safeJson(text) : undefined;
    if (!response.ok) {
      const body = (parsed as { error?: ErrorBody } | undefined)?.error;
      if (body?.code) throw errorFromBody(body);
      throw new UnavailableError(`${this.baseUrl} answered ${response.status} ${response.statusText}`);
    }
    return parsed as T;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
