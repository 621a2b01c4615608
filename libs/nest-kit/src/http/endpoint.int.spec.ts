import { Body, Controller, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { parseOrThrow, UnauthorizedError, type Role } from '@parley/contracts';
import { startNats, type TestNats } from '@parley/testing';
import { z } from 'zod';
import { runService, type RunningService } from '../run-service.js';
import { AccessGuard, CALLER_VERIFIER, CurrentCaller, type Caller, type CallerVerifier } from './access.guard.js';
import { Endpoint } from './endpoint.js';

const Greeting = z.strictObject({ name: z.string().min(1).max(20) });

@Controller()
class GreetController {
  @Endpoint({ method: 'POST', path: '/v1/greetings', summary: 'Greet someone', tag: 'test', access: 'user', status: 201, body: Greeting, response: z.object({ text: z.string() }) })
  greet(@Body() body: unknown, @CurrentCaller() caller: Caller) {
    const { name } = parseOrThrow(Greeting, body, 'invalid greeting');
    return { text: `hello ${name}, from ${caller.name}` };
  }

  @Endpoint({ method: 'GET', path: '/v1/admin-only', summary: 'Administrators only', tag: 'test', access: 'administrator', response: z.object({ ok: z.boolean() }) })
  adminOnly() {
    return { ok: true };
  }

  @Endpoint({ method: 'GET', path: '/v1/open', summary: 'Anyone', tag: 'test', access: 'public', response: z.object({ ok: z.boolean() }) })
  open() {
    return { ok: true };
  }
}

/** Tokens are `role:name`; the real verifier (libs/auth) is exercised by its own tests. */
const verifier: CallerVerifier = {
  async verify(token) {
    const [role, name] = token.split(':');
    if (!name) throw new UnauthorizedError('invalid token');
    return { userId: name, name, roles: role === 'admin' ? (['administrator'] as Role[]) : [], sessionId: 's' };
  },
};

@Module({ controllers: [GreetController], providers: [{ provide: CALLER_VERIFIER, useValue: verifier }, { provide: APP_GUARD, useClass: AccessGuard }] })
class GreetModule {}

describe('@Endpoint, the access guard and the API docs', () => {
  let nats: TestNats;
  let service: RunningService<unknown>;
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    nats = await startNats();
    service = await runService(
      { name: 'lookup', module: GreetModule, settings: {}, apiTitle: 'Test API' },
      { PARLEY_NATS_URL: nats.url, PARLEY_HTTP_PORT: '0', PARLEY_HTTP_HOST: '127.0.0.1', PARLEY_LOG_LEVEL: 'silent' },
    );
  });
  afterAll(async () => {
    await service.close();
    await nats.stop();
  });

  it('lets a signed-in caller in, with the declared status, and names bad fields', async () => {
    expect(await call('POST', '/v1/greetings', 'user:ann', { name: 'bo' })).toEqual({ status: 201, body: { text: 'hello bo, from ann' } });
    const bad = await call('POST', '/v1/greetings', 'user:ann', { name: '', extra: 1 });
    expect(bad.status).toBe(400);
    expect((bad.body['error'] as { issues: { path: string }[] }).issues.map((i) => i.path).sort()).toEqual(['extra', 'name']);
  });

  it('refuses a missing or invalid token with 401 and a missing role with 403', async () => {
    expect((await call('POST', '/v1/greetings', undefined, { name: 'x' })).status).toBe(401);
    expect((await call('POST', '/v1/greetings', 'garbage', { name: 'x' })).body).toEqual({ error: { code: 'UNAUTHORIZED', message: 'invalid token' } });
    expect(await call('GET', '/v1/admin-only', 'user:ann')).toEqual({ status: 403, body: { error: { code: 'FORBIDDEN', message: 'this needs the administrator role' } } });
    expect((await call('GET', '/v1/admin-only', 'admin:root')).status).toBe(200);
    expect((await call('GET', '/v1/open')).status).toBe(200);
  });

  it('serves an OpenAPI document generated from the same schemas, and Swagger UI', async () => {
    const doc = (await call('GET', '/docs/openapi.json')).body as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: object } }> } }>> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/greetings', '/v1/admin-only', '/v1/open']));
    expect(doc.paths['/v1/greetings']!['post']!.requestBody!.content['application/json']!.schema.properties).toHaveProperty('name');
    const ui = await fetch(`${service.url}/docs`);
    expect(await ui.text()).toContain('SwaggerUIBundle');
  });
});
