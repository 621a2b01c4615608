import { randomBytes } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Param, Query } from '@nestjs/common';
import {
  CreatedUserSchema,
  CreateUserRequestSchema,
  IdParamSchema,
  NotFoundError,
  pageOf,
  parseOrThrow,
  ResetPasswordRequestSchema,
  ResetPasswordResponseSchema,
  UpdateUserRequestSchema,
  UserDetailSchema,
  UserListQuerySchema,
  UserViewSchema,
} from '@parley/contracts';
import { checkPasswordPolicy } from '@parley/auth';
import { decideUser, type UserCommand } from '@parley/domain';
import { CurrentCaller, Endpoint, type Caller } from '@parley/nest-kit';
import { localUserId } from '../directory/directory-ids.js';
import { ProvisioningRuntime } from '../provisioning.runtime.js';
import { userDetail, userView, withEffectiveRoles } from './views.js';

const tag = 'users';
const access = 'administrator';

@Controller()
export class UsersController {
  constructor(@Inject(ProvisioningRuntime) private readonly runtime: ProvisioningRuntime) {}

  @Endpoint({ method: 'GET', path: '/v1/users', summary: 'List users', tag, access, query: UserListQuerySchema, response: pageOf(UserViewSchema) })
  async list(@Query() query: unknown) {
    const q = parseOrThrow(UserListQuerySchema, query, 'invalid query');
    const page = await this.runtime.queries.users({ ...q, enabled: q.enabled === undefined ? undefined : q.enabled === 'true' });
    return { items: page.items.map((u) => withEffectiveRoles(this.runtime, u)), next: page.next };
  }

  @Endpoint({ method: 'GET', path: '/v1/users/:id', summary: 'Show a user, with groups and policy', tag, access, params: IdParamSchema, response: UserDetailSchema })
  show(@Param() params: unknown) {
    return userDetail(this.runtime, parseOrThrow(IdParamSchema, params, 'invalid user id').id);
  }

  @Endpoint({
    method: 'POST',
    path: '/v1/users',
    summary: 'Create a local user',
    description: 'Without a password, one is generated and returned once, in generatedPassword.',
    tag,
    access,
    status: 201,
    body: CreateUserRequestSchema,
    response: CreatedUserSchema,
  })
  async create(@Body() body: unknown, @CurrentCaller() caller: Caller) {
    const input = parseOrThrow(CreateUserRequestSchema, body, 'invalid user');
    const { state, signIn } = this.runtime;
    const id = localUserId(input.username);
    const generated = input.password === undefined ? randomBytes(12).toString('base64url') : undefined;
    const password = input.password ?? generated!;
    checkPasswordPolicy(password);
    const events = await state.execute({ kind: 'user', id }, { kind: 'user', id: caller.userId }, () =>
      decideUser(
        { type: 'ProvisionUser', source: 'local', username: input.username, displayName: input.displayName || input.username, email: input.email, externalId: null, dn: null, ouDn: null, enabled: true },
        state.view.users.get(id),
        (name) => state.view.userIdByName(name) !== undefined,
      ),
    );
    await signIn.setPassword(state.view.users.get(id)!, password, 'administrator');
    await this.runtime.settled(events.at(-1)?.streamSeq);
    return { ...(await userView(this.runtime, id)), ...(generated ? { generatedPassword: generated } : {}) };
  }

  @Endpoint({ method: 'PATCH', path: '/v1/users/:id', summary: 'Change a local user’s display name or e-mail', tag, access, params: IdParamSchema, body: UpdateUserRequestSchema, response: UserViewSchema })
  update(@Param() params: unknown, @Body() body: unknown, @CurrentCaller() caller: Caller) {
    const changes = parseOrThrow(UpdateUserRequestSchema, body, 'invalid user change');
    return this.run(params, caller, { type: 'UpdateUser', by: 'administrator', changes });
  }

  @Endpoint({ method: 'POST', path: '/v1/users/:id/disable', summary: 'Disable a user: sign-in stops, sessions end', tag, access, params: IdParamSchema, response: UserViewSchema })
  @HttpCode(200)
  disable(@Param() params: unknown, @CurrentCaller() caller: Caller) {
    return this.run(params, caller, { type: 'DisableUser', by: 'administrator' });
  }

  @Endpoint({ method: 'POST', path: '/v1/users/:id/enable', summary: 'Enable a user again', tag, access, params: IdParamSchema, response: UserViewSchema })
  @HttpCode(200)
  enable(@Param() params: unknown, @CurrentCaller() caller: Caller) {
    return this.run(params, caller, { type: 'EnableUser', by: 'administrator' });
  }

  @Endpoint({ method: 'DELETE', path: '/v1/users/:id', summary: 'Remove a local user (directory users: disable them, or remove them in the directory)', tag, access, status: 204, params: IdParamSchema })
  async remove(@Param() params: unknown, @CurrentCaller() caller: Caller) {
    await this.run(params, caller, { type: 'RemoveUser', by: 'administrator' }, false);
  }

  @Endpoint({
    method: 'POST',
    path: '/v1/users/:id/password',
    summary: 'Set a local user’s password (generated and returned once when none is given); their sessions end',
    tag,
    access,
    params: IdParamSchema,
    body: ResetPasswordRequestSchema,
    response: ResetPasswordResponseSchema,
  })
  @HttpCode(200)
  async resetPassword(@Param() params: unknown, @Body() body: unknown) {
    const { id } = parseOrThrow(IdParamSchema, params, 'invalid user id');
    const { password } = parseOrThrow(ResetPasswordRequestSchema, body, 'invalid password');
    const user = this.runtime.state.view.users.get(id);
    if (!user || user.removed) throw new NotFoundError(`no user ${id}`);
    const generated = password === undefined ? randomBytes(12).toString('base64url') : undefined;
    await this.runtime.signIn.setPassword(user, password ?? generated!, 'administrator');
    return generated ? { generatedPassword: generated } : {};
  }

  private async run(params: unknown, caller: Caller, command: UserCommand, answer = true) {
    const { id } = parseOrThrow(IdParamSchema, params, 'invalid user id');
    const { state } = this.runtime;
    const events = await state.execute({ kind: 'user', id }, { kind: 'user', id: caller.userId }, () =>
      decideUser(command, state.view.users.get(id), (name) => state.view.userIdByName(name) !== undefined),
    );
    if (!answer) return undefined;
    await this.runtime.settled(events.at(-1)?.streamSeq);
    return userView(this.runtime, id);
  }
}
