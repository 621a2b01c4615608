/** One request as the fake server saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  body: unknown;
}

export type Route = (request: SeenRequest) => { status: number; body?: unknown };

/**
 * A fetch that answers from `route` in memory, recording every request, so client behaviour
 * (tokens, refreshes, error bodies) is tested without sockets.
 */
export function fakeServer(route: Route): { fetch: typeof fetch; seen: SeenRequest[] } {
  const seen: SeenRequest[] = [];
  const fake = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const headers = new Headers(init?.headers);
    const request: SeenRequest = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: headers.get('authorization') ?? undefined,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    seen.push(request);
    const { status, body } = route(request);
    return Promise.resolve(new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
  };
  return { fetch: fake as typeof fetch, seen };
}

/** A sign-in answer with numbered tokens. */
export function tokens(n: number, expiresIn = 600) {
  return {
    accessToken: `access-${n}`,
    expiresIn,
    refreshToken: `refresh-${n}`,
    user: { id: 'u1', username: 'admin', displayName: 'Administrator', roles: ['administrator'] },
  };
}
