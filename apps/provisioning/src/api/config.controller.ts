import { randomUUID } from 'node:crypto';
import { Body, Controller, Inject, Param } from '@nestjs/common';
import {
  AddinViewSchema,
  ClearPolicyRequestSchema,
  CreateAddinRequestSchema,
  IdParamSchema,
  parseOrThrow,
  PolicyViewSchema,
  RoleAssignmentSchema,
  RoleChangeRequestSchema,
  SERVER_CONFIG_ID,
  ServerSettingsSchema,
  SetPolicyRequestSchema,
  SettingsPatchSchema,
  UpdateAddinRequestSchema,
  type PolicyTarget,
  type PrincipalRef,
} from '@parley/contracts';
import { decideServerConfig, type ServerConfigCommand } from '@parley/domain';
import { CurrentCaller, Endpoint, type Caller } from '@parley/nest-kit';
import { z } from 'zod';
import { ProvisioningRuntime } from '../provisioning.runtime.js';
import { resolveMember } from './principals.js';

const access = 'administrator';

/** Server settings (as in the 2007 R2 / Lync server configuration), persistent-chat policies, add-ins and roles. */
@Controller()
export class ConfigController {
  constructor(@Inject(ProvisioningRuntime) private readonly runtime: ProvisioningRuntime) {}

  @Endpoint({ method: 'GET', path: '/v1/config', summary: 'Server settings', tag: 'configuration', access: 'user', response: ServerSettingsSchema })
  settings() {
    return this.runtime.state.view.settings;
  }

  @Endpoint({ method: 'PATCH', path: '/v1/config', summary: 'Change server settings', tag: 'configuration', access, body: SettingsPatchSchema, response: ServerSettingsSchema })
  async changeSettings(@Body() body: unknown, @CurrentCaller() caller: Caller) {
    await this.execute(caller, { type: 'ChangeSettings', changes: parseOrThrow(SettingsPatchSchema, body, 'invalid settings') });
    return this.runtime.state.view.settings;
  }

  @Endpoint({ method: 'GET', path: '/v1/policies', summary: 'Persistent-chat policies (global, per group, per user)', tag: 'policies', access, response: z.array(PolicyViewSchema) })
  policies() {
    return this.runtime.queries.policies();
  }

  @Endpoint({ method: 'PUT', path: '/v1/policies', summary: 'Set a persistent-chat policy', tag: 'policies', access, body: SetPolicyRequestSchema, response: z.array(PolicyViewSchema) })
  async setPolicy(@Body() body: unknown, @CurrentCaller() caller: Caller) {
    const input = parseOrThrow(SetPolicyRequestSchema, body, 'invalid policy');
    await this.execute(caller, { type: 'SetPolicy', target: this.target(input.target), persistentChatEnabled: input.persistentChatEnabled });
    return this.runtime.queries.policies();
  }

  @Endpoint({ method: 'POST', path: '/v1/policies/clear', summary: 'Remove a policy (the next level applies)', tag: 'policies', access, body: ClearPolicyRequestSchema, response: z.array(PolicyViewSchema) })
  async clearPolicy(@Body() body: unknown, @CurrentCaller() caller: Caller) {
    await this.execute(caller, { type: 'ClearPolicy', target: this.target(parseOrThrow(ClearPolicyRequestSchema, body, 'invalid policy').target) });
    return this.runtime.queries.policies();
  }

  @Endpoint({ method: 'GET', path: '/v1/addins', summary: 'Add-ins rooms can show', tag: 'add-ins', access: 'user', response: z.array(AddinViewSchema) })
  addins() {
    return this.runtime.queries.addins();
  }

  @Endpoint({ method: 'POST', path: '/v1/addins', summary: 'Register an add-in', tag: 'add-ins', access, status: 201, body: CreateAddinRequestSchema, response: AddinViewSchema })
  async createAddin(@Body() body: unknown, @CurrentCaller() caller: Caller) {
    const input = parseOrThrow(CreateAddinRequestSchema, body, 'invalid add-in');
    const addinId = randomUUID();
    await this.execute(caller, { type: 'RegisterAddin', addinId, ...input });
    return { id: addinId, name: input.name.trim(), url: input.url };
  }

  @Endpoint({ method: 'PATCH', path: '/v1/addins/:id', summary: 'Change an add-in', tag: 'add-ins', access, params: IdParamSchema, body: UpdateAddinRequestSchema, response: AddinViewSchema })
  async updateAddin(@Param() params: unknown, @Body() body: unknown, @CurrentCaller() caller: Caller) {
    const { id } = parseOrThrow(IdParamSchema, params, 'invalid add-in id');
    await this.execute(caller, { type: 'UpdateAddin', addinId: id, ...parseOrThrow(UpdateAddinRequestSchema, body, 'invalid add-in change') });
    return this.runtime.state.view.addins.get(id)!;
  }

  @Endpoint({ method: 'DELETE', path: '/v1/addins/:id', summary: 'Remove an add-in', tag: 'add-ins', access, status: 204, params: IdParamSchema })
  async removeAddin(@Param() params: unknown, @CurrentCaller() caller: Caller) {
    await this.execute(caller, { type: 'RemoveAddin', addinId: parseOrThrow(IdParamSchema, params, 'invalid add-in id').id });
  }

  @Endpoint({ method: 'GET', path: '/v1/roles', summary: 'Who holds the administrator and compliance-officer roles', tag: 'roles', access, response: z.array(RoleAssignmentSchema) })
  roles() {
    return this.runtime.queries.roles();
  }

  @Endpoint({ method: 'POST', path: '/v1/roles', summary: 'Grant a role to a user or a group', tag: 'roles', access, body: RoleChangeRequestSchema, response: z.array(RoleAssignmentSchema) })
  async grant(@Body() body: unknown, @CurrentCaller() caller: Caller) {
    const input = parseOrThrow(RoleChangeRequestSchema, body, 'invalid role grant');
    await this.execute(caller, { type: 'GrantRole', role: input.role, principal: resolveMember(this.runtime.state.view, input.principal, 'principal') });
    return this.runtime.queries.roles();
  }

  @Endpoint({ method: 'POST', path: '/v1/roles/revoke', summary: 'Revoke a role (one administrator must remain)', tag: 'roles', access, body: RoleChangeRequestSchema, response: z.array(RoleAssignmentSchema) })
  async revoke(@Body() body: unknown, @CurrentCaller() caller: Caller) {
    const input = parseOrThrow(RoleChangeRequestSchema, body, 'invalid role revocation');
    await this.execute(caller, { type: 'RevokeRole', role: input.role, principal: resolveMember(this.runtime.state.view, input.principal, 'principal') });
    return this.runtime.queries.roles();
  }

  private target(target: { kind: 'global' } | PrincipalRef): PolicyTarget {
    if (target.kind === 'global') return { kind: 'global' };
    return resolveMember(this.runtime.state.view, target as PrincipalRef, 'target');
  }

  private async execute(caller: Caller, command: ServerConfigCommand): Promise<void> {
    const { state } = this.runtime;
    const events = await state.execute({ kind: 'server', id: SERVER_CONFIG_ID }, { kind: 'user', id: caller.userId }, () => decideServerConfig(command, state.view));
    await this.runtime.settled(events.at(-1)?.streamSeq);
  }
}
