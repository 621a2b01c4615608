import { AddinViewSchema, PolicyViewSchema, RoleAssignmentSchema, ServerSettingsSchema, type PrincipalRef, type Role, type ServerSettings } from '@parley/contracts';
import { z } from 'zod';
import { answer, segment } from './answers.js';
import type { HttpClient } from './http-client.js';
import type { AddinView, CreateAddinRequest, PolicyTargetRef, PolicyView, RoleAssignment, SettingsPatch, UpdateAddinRequest } from './types.js';

const settings = answer(ServerSettingsSchema, 'the server settings');
const policies = answer(z.array(PolicyViewSchema), 'the policies');
const addin = answer(AddinViewSchema, 'an add-in');
const roles = answer(z.array(RoleAssignmentSchema), 'the role assignments');

/** Server settings (`/v1/config`): backchat size, largest file, participant update limit, room management URL. */
export class ConfigClient {
  constructor(private readonly http: HttpClient) {}

  async get(): Promise<ServerSettings> {
    return settings(await this.http.get('/v1/config'));
  }

  /** Changes some settings (administrators); the server checks ranges. Answers all settings. */
  async update(patch: SettingsPatch): Promise<ServerSettings> {
    return settings(await this.http.patch('/v1/config', patch));
  }
}

/** Persistent-chat policies, global, per group and per user (`/v1/policies`, administrators). */
export class PoliciesClient {
  constructor(private readonly http: HttpClient) {}

  async list(): Promise<PolicyView[]> {
    return policies(await this.http.get('/v1/policies'));
  }

  /** Sets a policy; answers every policy. */
  async set(target: PolicyTargetRef, persistentChatEnabled: boolean): Promise<PolicyView[]> {
    return policies(await this.http.put('/v1/policies', { target, persistentChatEnabled }));
  }

  /** Removes a policy, so the next level applies; answers every policy. */
  async clear(target: PolicyTargetRef): Promise<PolicyView[]> {
    return policies(await this.http.post('/v1/policies/clear', { target }));
  }
}

/** Add-ins rooms can show (`/v1/addins`). */
export class AddinsClient {
  constructor(private readonly http: HttpClient) {}

  async list(): Promise<AddinView[]> {
    return answer(z.array(AddinViewSchema), 'GET /v1/addins')(await this.http.get('/v1/addins'));
  }

  async create(request: CreateAddinRequest): Promise<AddinView> {
    return addin(await this.http.post('/v1/addins', request));
  }

  async update(id: string, changes: UpdateAddinRequest): Promise<AddinView> {
    return addin(await this.http.patch(`/v1/addins/${segment(id)}`, changes));
  }

  async remove(id: string): Promise<void> {
    await this.http.delete(`/v1/addins/${segment(id)}`);
  }
}

/** Who holds the administrator and compliance-officer roles (`/v1/roles`, administrators). */
export class RolesClient {
  constructor(private readonly http: HttpClient) {}

  async list(): Promise<RoleAssignment[]> {
    return roles(await this.http.get('/v1/roles'));
  }

  /** Grants a role to a user or a group; answers every assignment. */
  async grant(role: Role, principal: PrincipalRef): Promise<RoleAssignment[]> {
    return roles(await this.http.post('/v1/roles', { role, principal }));
  }

  /** Revokes a role (one administrator must remain); answers every assignment. */
  async revoke(role: Role, principal: PrincipalRef): Promise<RoleAssignment[]> {
    return roles(await this.http.post('/v1/roles/revoke', { role, principal }));
  }
}
