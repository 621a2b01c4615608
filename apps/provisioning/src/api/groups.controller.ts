import { randomUUID } from 'node:crypto';
import { Body, Controller, Inject, Param, Query } from '@nestjs/common';
import {
  CreateGroupRequestSchema,
  GroupDetailSchema,
  GroupListQuerySchema,
  GroupViewSchema,
  IdParamSchema,
  pageOf,
  parseOrThrow,
  UpdateGroupRequestSchema,
} from '@parley/contracts';
import { decideGroup, type GroupCommand } from '@parley/domain';
import { CurrentCaller, Endpoint, type Caller } from '@parley/nest-kit';
import { ProvisioningRuntime } from '../provisioning.runtime.js';
import { resolveMember } from './principals.js';

const tag = 'groups';
const access = 'administrator';

@Controller()
export class GroupsController {
  constructor(@Inject(ProvisioningRuntime) private readonly runtime: ProvisioningRuntime) {}

  @Endpoint({ method: 'GET', path: '/v1/groups', summary: 'List groups', tag, access, query: GroupListQuerySchema, response: pageOf(GroupViewSchema) })
  list(@Query() query: unknown) {
    return this.runtime.queries.groups(parseOrThrow(GroupListQuerySchema, query, 'invalid query'));
  }

  @Endpoint({ method: 'GET', path: '/v1/groups/:id', summary: 'Show a group and its direct members', tag, access, params: IdParamSchema, response: GroupDetailSchema })
  show(@Param() params: unknown) {
    return this.runtime.queries.group(parseOrThrow(IdParamSchema, params, 'invalid group id').id);
  }

  @Endpoint({ method: 'POST', path: '/v1/groups', summary: 'Create a local group', tag, access, status: 201, body: CreateGroupRequestSchema, response: GroupDetailSchema })
  async create(@Body() body: unknown, @CurrentCaller() caller: Caller) {
    const input = parseOrThrow(CreateGroupRequestSchema, body, 'invalid group');
    const view = this.runtime.state.view;
    const members = input.members.map((m, i) => resolveMember(view, m, `members.${i}`));
    const id = randomUUID();
    return this.execute(id, caller, [{ type: 'ProvisionGroup', source: 'local', name: input.name, description: input.description, externalId: null, dn: null, members }]);
  }

  @Endpoint({ method: 'PATCH', path: '/v1/groups/:id', summary: 'Rename a local group, or change its members', tag, access, params: IdParamSchema, body: UpdateGroupRequestSchema, response: GroupDetailSchema })
  async update(@Param() params: unknown, @Body() body: unknown, @CurrentCaller() caller: Caller) {
    const { id } = parseOrThrow(IdParamSchema, params, 'invalid group id');
    const input = parseOrThrow(UpdateGroupRequestSchema, body, 'invalid group change');
    const view = this.runtime.state.view;
    // Resolve everything first: a request either changes all it asks for or nothing.
    const commands: GroupCommand[] = [];
    if (input.name !== undefined || input.description !== undefined) {
      commands.push({ type: 'UpdateGroup', by: 'administrator', changes: { name: input.name, description: input.description } });
    }
    if (input.members) {
      const add = input.members.add.map((m, i) => resolveMember(view, m, `members.add.${i}`));
      const remove = input.members.remove.map((m, i) => resolveMember(view, m, `members.remove.${i}`));
      commands.push({ type: 'ChangeGroupMembers', by: 'administrator', add, remove });
    }
    return this.execute(id, caller, commands);
  }

  @Endpoint({ method: 'DELETE', path: '/v1/groups/:id', summary: 'Remove a local group', tag, access, status: 204, params: IdParamSchema })
  async remove(@Param() params: unknown, @CurrentCaller() caller: Caller) {
    await this.execute(parseOrThrow(IdParamSchema, params, 'invalid group id').id, caller, [{ type: 'RemoveGroup', by: 'administrator' }], false);
  }

  /** Decides the commands together, as one append: all of them or none. */
  private async execute(id: string, caller: Caller, commands: GroupCommand[], answer = true) {
    const { state } = this.runtime;
    const memberExists = (m: { kind: 'user' | 'group'; id: string }) => (m.kind === 'user' ? state.authz.isActive(m.id) : state.view.groups.get(m.id)?.removed === false);
    // Membership changes do not depend on the name: each command is decided against the group as it stands.
    const events = await state.execute({ kind: 'group', id }, { kind: 'user', id: caller.userId }, () =>
      commands.flatMap((command) => decideGroup(command, state.view.groups.get(id), id, memberExists)),
    );
    if (!answer) return undefined;
    await this.runtime.settled(events.at(-1)?.streamSeq);
    return this.runtime.queries.group(id);
  }
}
