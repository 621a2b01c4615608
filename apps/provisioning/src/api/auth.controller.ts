import { Body, Controller, HttpCode, Inject, Req } from '@nestjs/common';
import {
  ChangePasswordRequestSchema,
  EndpointsSchema,
  LoginRequestSchema,
  OidcLoginRequestSchema,
  parseOrThrow,
  RefreshRequestSchema,
  TokenResponseSchema,
  UserDetailSchema,
} from '@parley/contracts';
import { CurrentCaller, Endpoint, type Caller } from '@parley/nest-kit';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ProvisioningRuntime } from '../provisioning.runtime.js';
import { userDetail } from './views.js';

const tag = 'sign-in';

@Controller()
export class AuthController {
  constructor(@Inject(ProvisioningRuntime) private readonly runtime: ProvisioningRuntime) {}

  @Endpoint({ method: 'POST', path: '/v1/auth/login', summary: 'Sign in with a user name and password', tag, access: 'public', body: LoginRequestSchema, response: TokenResponseSchema })
  login(@Body() body: unknown, @Req() request: FastifyRequest) {
    const { username, password } = parseOrThrow(LoginRequestSchema, body, 'invalid sign-in');
    return this.runtime.signIn.withPassword(username, password, request.ip);
  }

  @Endpoint({ method: 'POST', path: '/v1/auth/refresh', summary: 'Exchange a refresh token for new tokens', tag, access: 'public', body: RefreshRequestSchema, response: TokenResponseSchema })
  refresh(@Body() body: unknown, @Req() request: FastifyRequest) {
    return this.runtime.signIn.refresh(parseOrThrow(RefreshRequestSchema, body, 'invalid refresh').refreshToken, request.ip);
  }

  @Endpoint({ method: 'POST', path: '/v1/auth/oidc', summary: 'Sign in with an ID token from the trusted OpenID Connect issuer', tag, access: 'public', body: OidcLoginRequestSchema, response: TokenResponseSchema })
  oidc(@Body() body: unknown, @Req() request: FastifyRequest) {
    return this.runtime.signIn.withExternalToken(parseOrThrow(OidcLoginRequestSchema, body, 'invalid sign-in').idToken, request.ip);
  }

  @Endpoint({ method: 'POST', path: '/v1/auth/logout', summary: 'Sign out: end this session (its refresh token stops working)', tag, access: 'user', status: 204 })
  @HttpCode(204)
  async logout(@CurrentCaller() caller: Caller) {
    await this.runtime.signIn.signOut(caller.sessionId);
  }

  @Endpoint({ method: 'GET', path: '/.well-known/jwks.json', summary: 'Public keys that verify access tokens', tag, access: 'public', response: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }) })
  jwks() {
    return this.runtime.ring.jwks(new Date());
  }

  @Endpoint({ method: 'GET', path: '/v1/endpoints', summary: 'Where clients find the other services', tag, access: 'public', response: EndpointsSchema })
  endpoints() {
    const { publicChannelUrl, publicFilesUrl, publicLookupUrl, publicComplianceUrl } = this.runtime.config;
    const base = (url: string) => url.replace(/\/+$/, '');
    return {
      channel: base(publicChannelUrl),
      files: base(publicFilesUrl),
      ...(publicLookupUrl ? { lookup: base(publicLookupUrl) } : {}),
      ...(publicComplianceUrl ? { compliance: base(publicComplianceUrl) } : {}),
    };
  }

  @Endpoint({ method: 'GET', path: '/v1/me', summary: 'Who am I', tag, access: 'user', response: UserDetailSchema })
  me(@CurrentCaller() caller: Caller) {
    return userDetail(this.runtime, caller.userId);
  }

  @Endpoint({ method: 'POST', path: '/v1/me/password', summary: 'Change my password (local accounts); other sessions end', tag, access: 'user', status: 204, body: ChangePasswordRequestSchema })
  async changePassword(@Body() body: unknown, @CurrentCaller() caller: Caller) {
    const { currentPassword, newPassword } = parseOrThrow(ChangePasswordRequestSchema, body, 'invalid password change');
    await this.runtime.signIn.changePassword(caller.userId, currentPassword, newPassword);
  }
}
