import { applyDecorators, HttpCode, RequestMapping, RequestMethod, SetMetadata } from '@nestjs/common';
import type { z } from 'zod';

/** Who may call an endpoint: anyone, any signed-in user, or holders of a role (checked live). */
export type Access = 'public' | 'user' | 'administrator' | 'compliance-officer';

export interface EndpointSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Full path with `:param` segments, e.g. `/v1/users/:id`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  /** Success status; 200 by default (201 for creations, 204 for empty answers). */
  status?: number;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The success body; omit for 204. */
  response?: z.ZodType;
}

export const ENDPOINT = Symbol('parley:endpoint');

/** Every endpoint declared in this process, for the OpenAPI document. */
export const endpointRegistry: EndpointSpec[] = [];

/**
 * Declares an HTTP endpoint once: Nest's route, its status code, who may call it (read by the
 * access guard) and the schemas the OpenAPI document is generated from. Handlers parse their
 * inputs with the same schemas (`parseOrThrow`), so the documentation cannot drift from the checks.
 */
export function Endpoint(spec: EndpointSpec): MethodDecorator {
  endpointRegistry.push(spec);
  return applyDecorators(
    RequestMapping({ path: spec.path, method: RequestMethod[spec.method] }),
    HttpCode(spec.status ?? 200),
    SetMetadata(ENDPOINT, spec),
  );
}
