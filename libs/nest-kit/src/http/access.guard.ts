import { createParamDecorator, Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, UnauthorizedError, type Role } from '@parley/contracts';
import type { FastifyRequest } from 'fastify';
import { ENDPOINT, type EndpointSpec } from './endpoint.js';

/** The signed-in caller of a request, from its verified access token. */
export interface Caller {
  userId: string;
  name: string;
  roles: readonly Role[];
  sessionId: string;
}

/** Verifies a bearer token; provided by each service (libs/auth's verifier). */
export interface CallerVerifier {
  verify(token: string): Promise<Caller>;
}

/** Answers "does this user hold this role now?" where live state is at hand (provisioning). */
export interface RoleCheck {
  hasRole(userId: string, role: Role): boolean;
}

export const CALLER_VERIFIER = Symbol('CALLER_VERIFIER');
export const ROLE_CHECK = Symbol('ROLE_CHECK');

type WithCaller = FastifyRequest & { caller?: Caller };

/**
 * Enforces each endpoint's `access`: public endpoints pass; others need a valid bearer token;
 * role endpoints also need the role — checked against live state when a RoleCheck is provided
 * (so a revoked administrator loses access at once), else against the token's claims.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(CALLER_VERIFIER) private readonly verifier: CallerVerifier,
    @Optional() @Inject(ROLE_CHECK) private readonly roles?: RoleCheck,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const spec = this.reflector.get<EndpointSpec | undefined>(ENDPOINT, context.getHandler());
    if (!spec || spec.access === 'public') return true;
    const request = context.switchToHttp().getRequest<WithCaller>();
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedError('sign in first: this request needs "Authorization: Bearer <access token>"');
    const caller = await this.verifier.verify(match[1]!);
    request.caller = caller;
    if (spec.access === 'user') return true;
    const holds = this.roles ? this.roles.hasRole(caller.userId, spec.access) : caller.roles.includes(spec.access);
    if (!holds) throw new ForbiddenError(`this needs the ${spec.access} role`);
    return true;
  }
}

/** The verified caller of the current request (endpoints with access other than `public`). */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<WithCaller>().caller;
  if (!caller) throw new UnauthorizedError('sign in first');
  return caller;
});
