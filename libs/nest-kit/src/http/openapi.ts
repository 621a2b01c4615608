import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { endpointRegistry, type EndpointSpec } from './endpoint.js';

const ErrorBody = z.object({
  error: z.object({
    code: z.enum(['VALIDATION', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'PAYLOAD_TOO_LARGE', 'RATE_LIMITED', 'UNAVAILABLE', 'INTERNAL']),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' });

function parameters(spec: EndpointSpec) {
  const out: object[] = [];
  for (const [where, schema] of [['path', spec.params], ['query', spec.query]] as const) {
    if (!schema) continue;
    const s = jsonSchema(schema, 'input') as { properties?: Record<string, object>; required?: string[] };
    for (const [name, prop] of Object.entries(s.properties ?? {})) {
      out.push({ name, in: where, required: where === 'path' || (s.required ?? []).includes(name), schema: prop });
    }
  }
  return out;
}

/** The OpenAPI 3 document of every endpoint declared with @Endpoint in this process. */
export function openApiDocument(title: string, version: string, specs: readonly EndpointSpec[] = endpointRegistry): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const spec of specs) {
    const path = spec.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const status = String(spec.status ?? 200);
    const errors = ['400', '401', '403', '404', '409', '429'].filter((s) => spec.access !== 'public' || !['401', '403'].includes(s));
    (paths[path] ??= {})[spec.method.toLowerCase()] = {
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: [spec.tag],
      ...(spec.access === 'public' ? { security: [] } : {}),
      parameters: parameters(spec),
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } } } : {}),
      responses: {
        [status]: spec.response
          ? { description: 'success', content: { 'application/json': { schema: jsonSchema(spec.response, 'output') } } }
          : { description: 'success' },
        ...Object.fromEntries(errors.map((s) => [s, { $ref: '#/components/responses/Error' }])),
      },
      ...(spec.access === 'administrator' || spec.access === 'compliance-officer' ? { 'x-parley-role': spec.access } : {}),
    };
  }
  return {
    openapi: '3.0.3',
    info: { title, version },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      responses: { Error: { description: 'a coded error', content: { 'application/json': { schema: jsonSchema(ErrorBody, 'output') } } } },
    },
    security: [{ bearer: [] }],
    paths,
  };
}

const UI_FILES = ['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js'] as const;

/** Serves the OpenAPI document at /docs/openapi.json and Swagger UI at /docs (no internet needed). */
export function serveApiDocs(fastify: FastifyInstance, document: object): void {
  const dir = dirname(require.resolve('swagger-ui-dist/package.json'));
  const files = new Map(UI_FILES.map((f) => [f, readFileSync(join(dir, f))]));
  fastify.get('/docs/openapi.json', async () => document);
  for (const [name, content] of files) {
    fastify.get(`/docs/${name}`, (_req, reply) => {
      void reply.type(name.endsWith('.css') ? 'text/css' : 'application/javascript').header('cache-control', 'public, max-age=86400').send(content);
    });
  }
  const page = `<!doctype html><html><head><meta charset="utf-8"><title>Parley API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script><script src="/docs/swagger-ui-standalone-preset.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/docs/openapi.json', dom_id: '#ui', presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });</script>
</body></html>`;
  fastify.get('/docs', (_req, reply) => void reply.type('text/html').send(page));
}
