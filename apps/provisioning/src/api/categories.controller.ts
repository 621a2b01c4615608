import { randomUUID } from 'node:crypto';
import { Body, Controller, Inject, Param } from '@nestjs/common';
import {
  CATEGORY_TREE_ID,
  CategoryViewSchema,
  CreateCategoryRequestSchema,
  IdParamSchema,
  parseOrThrow,
  UpdateCategoryRequestSchema,
  type ScopeList,
} from '@parley/contracts';
import { decideCategoryTreeAll, type CategoryTreeCommand } from '@parley/domain';
import { CurrentCaller, Endpoint, type Caller } from '@parley/nest-kit';
import { z } from 'zod';
import { ProvisioningRuntime } from '../provisioning.runtime.js';
import { resolvePrincipals } from './principals.js';

const tag = 'categories';

@Controller()
export class CategoriesController {
  constructor(@Inject(ProvisioningRuntime) private readonly runtime: ProvisioningRuntime) {}

  @Endpoint({ method: 'GET', path: '/v1/categories', summary: 'The category tree, in path order', tag, access: 'user', response: z.array(CategoryViewSchema) })
  list() {
    return this.runtime.queries.categories();
  }

  @Endpoint({ method: 'GET', path: '/v1/categories/:id', summary: 'Show a category', tag, access: 'user', params: IdParamSchema, response: CategoryViewSchema })
  show(@Param() params: unknown) {
    return this.runtime.queries.category(parseOrThrow(IdParamSchema, params, 'invalid category id').id);
  }

  @Endpoint({
    method: 'POST',
    path: '/v1/categories',
    summary: 'Create a category',
    description: 'An empty allowed list inherits the parent’s; denied members can never be in any room of the category or its sub-categories.',
    tag,
    access: 'administrator',
    status: 201,
    body: CreateCategoryRequestSchema,
    response: CategoryViewSchema,
  })
  async create(@Body() body: unknown, @CurrentCaller() caller: Caller) {
    const input = parseOrThrow(CreateCategoryRequestSchema, body, 'invalid category');
    const view = this.runtime.state.view;
    const categoryId = randomUUID();
    await this.execute(caller, [
      {
        type: 'CreateCategory',
        categoryId,
        name: input.name,
        description: input.description,
        parentId: input.parentId,
        allowed: resolvePrincipals(view, input.allowed, 'allowed'),
        denied: resolvePrincipals(view, input.denied, 'denied'),
        creators: resolvePrincipals(view, input.creators, 'creators'),
        settings: input.settings,
      },
    ]);
    return this.runtime.queries.category(categoryId);
  }

  @Endpoint({ method: 'PATCH', path: '/v1/categories/:id', summary: 'Rename, move, change scope lists or settings of a category', tag, access: 'administrator', params: IdParamSchema, body: UpdateCategoryRequestSchema, response: CategoryViewSchema })
  async update(@Param() params: unknown, @Body() body: unknown, @CurrentCaller() caller: Caller) {
    const { id } = parseOrThrow(IdParamSchema, params, 'invalid category id');
    const input = parseOrThrow(UpdateCategoryRequestSchema, body, 'invalid category change');
    const view = this.runtime.state.view;
    const commands: CategoryTreeCommand[] = [];
    if (input.name !== undefined || input.description !== undefined) commands.push({ type: 'UpdateCategory', categoryId: id, name: input.name, description: input.description });
    if (input.parentId !== undefined) commands.push({ type: 'MoveCategory', categoryId: id, parentId: input.parentId });
    if (input.settings) commands.push({ type: 'ChangeCategorySettings', categoryId: id, changes: input.settings });
    for (const list of ['allowed', 'denied', 'creators'] as const satisfies readonly ScopeList[]) {
      const change = input[list];
      if (change) {
        commands.push({
          type: 'ChangeCategoryScope',
          categoryId: id,
          list,
          add: resolvePrincipals(view, change.add, `${list}.add`),
          remove: resolvePrincipals(view, change.remove, `${list}.remove`),
        });
      }
    }
    await this.execute(caller, commands);
    return this.runtime.queries.category(id);
  }

  @Endpoint({ method: 'DELETE', path: '/v1/categories/:id', summary: 'Remove an empty category (no rooms, no sub-categories)', tag, access: 'administrator', status: 204, params: IdParamSchema })
  async remove(@Param() params: unknown, @CurrentCaller() caller: Caller) {
    await this.execute(caller, [{ type: 'RemoveCategory', categoryId: parseOrThrow(IdParamSchema, params, 'invalid category id').id }]);
  }

  /** All of a request's commands are decided together: one fails, none is written. */
  private async execute(caller: Caller, commands: CategoryTreeCommand[]): Promise<void> {
    const { state } = this.runtime;
    const events = await state.execute({ kind: 'category', id: CATEGORY_TREE_ID }, { kind: 'user', id: caller.userId }, () => decideCategoryTreeAll(commands, state.tree));
    await this.runtime.settled(events.at(-1)?.streamSeq);
  }
}
