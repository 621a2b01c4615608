import { Body, Controller, Inject, Param, Query } from '@nestjs/common';
import { HoldListQuerySchema, HoldViewSchema, parseOrThrow, PlaceHoldRequestSchema, ReleaseHoldRequestSchema, UuidSchema } from '@parley/contracts';
import { CurrentCaller, Endpoint, type Caller } from '@parley/nest-kit';
import { z } from 'zod';
import { ComplianceRuntime } from '../compliance.runtime.js';

const tag = 'legal holds';
const HoldParamSchema = z.strictObject({ id: UuidSchema });
const actor = (caller: Caller) => ({ kind: 'user', id: caller.userId }) as const;

/** Legal holds: records of a held user or room are exempt from retention purges until the hold is released. */
@Controller()
export class HoldsController {
  constructor(@Inject(ComplianceRuntime) private readonly runtime: ComplianceRuntime) {}

  @Endpoint({ method: 'GET', path: '/v1/compliance/holds', summary: 'Legal holds, active and released (or only one kind)', tag, access: 'compliance-officer', query: HoldListQuerySchema, response: z.array(HoldViewSchema) })
  list(@Query() query: unknown) {
    const { active } = parseOrThrow(HoldListQuerySchema, query, 'invalid query');
    return this.runtime.policy.holds(active === undefined ? undefined : active === 'true');
  }

  @Endpoint({
    method: 'POST',
    path: '/v1/compliance/holds',
    summary: 'Place a legal hold on a user or a room, for a case',
    description: 'A user by name or id; a room by id, URI or path. Everything by or about the user, or in the room, is exempt from purges while the hold is active.',
    tag,
    access: 'compliance-officer',
    status: 201,
    body: PlaceHoldRequestSchema,
    response: HoldViewSchema,
  })
  place(@Body() body: unknown, @CurrentCaller() caller: Caller) {
    return this.runtime.policy.placeHold(actor(caller), parseOrThrow(PlaceHoldRequestSchema, body, 'invalid legal hold'));
  }

  @Endpoint({ method: 'GET', path: '/v1/compliance/holds/:id', summary: 'One legal hold', tag, access: 'compliance-officer', params: HoldParamSchema, response: HoldViewSchema })
  show(@Param() params: unknown) {
    return this.runtime.policy.hold(parseOrThrow(HoldParamSchema, params, 'invalid hold id').id);
  }

  @Endpoint({
    method: 'POST',
    path: '/v1/compliance/holds/:id/release',
    summary: 'Release a legal hold',
    description: 'Its records become subject to retention again (unless another hold keeps them).',
    tag,
    access: 'compliance-officer',
    params: HoldParamSchema,
    body: ReleaseHoldRequestSchema,
    response: HoldViewSchema,
  })
  release(@Param() params: unknown, @Body() body: unknown, @CurrentCaller() caller: Caller) {
    const { id } = parseOrThrow(HoldParamSchema, params, 'invalid hold id');
    const { note } = parseOrThrow(ReleaseHoldRequestSchema, body ?? {}, 'invalid release');
    return this.runtime.policy.releaseHold(actor(caller), id, note);
  }
}
