import { Body, Controller, Inject } from '@nestjs/common';
import { ClearRetentionRequestSchema, parseOrThrow, PurgeResultSchema, RetentionPolicyViewSchema, SetRetentionRequestSchema } from '@parley/contracts';
import { CurrentCaller, Endpoint, type Caller } from '@parley/nest-kit';
import { z } from 'zod';
import { ComplianceRuntime } from '../compliance.runtime.js';

const tag = 'retention';
const actor = (caller: Caller) => ({ kind: 'user', id: caller.userId }) as const;
const Policies = z.array(RetentionPolicyViewSchema);

/** Retention: how long conversation records are kept, globally, per category and per room. */
@Controller()
export class RetentionController {
  constructor(@Inject(ComplianceRuntime) private readonly runtime: ComplianceRuntime) {}

  @Endpoint({ method: 'GET', path: '/v1/compliance/retention', summary: 'Retention policies', tag, access: 'compliance-officer', response: Policies })
  list() {
    return this.runtime.policy.retention();
  }

  @Endpoint({
    method: 'PUT',
    path: '/v1/compliance/retention',
    summary: 'Set a retention policy: keep conversation records this many days',
    description: 'A room’s own policy wins, then its category’s (or the nearest ancestor’s), then the global one. Answers every policy.',
    tag,
    access: 'compliance-officer',
    body: SetRetentionRequestSchema,
    response: Policies,
  })
  set(@Body() body: unknown, @CurrentCaller() caller: Caller) {
    const { scope, days } = parseOrThrow(SetRetentionRequestSchema, body, 'invalid retention policy');
    return this.runtime.policy.setRetention(actor(caller), scope, days);
  }

  @Endpoint({ method: 'POST', path: '/v1/compliance/retention/clear', summary: 'Remove a retention policy, so the next level applies', tag, access: 'compliance-officer', body: ClearRetentionRequestSchema, response: Policies })
  clear(@Body() body: unknown, @CurrentCaller() caller: Caller) {
    return this.runtime.policy.clearRetention(actor(caller), parseOrThrow(ClearRetentionRequestSchema, body, 'invalid retention scope').scope);
  }

  @Endpoint({
    method: 'POST',
    path: '/v1/compliance/retention/run',
    summary: 'Purge what retention says is too old, now',
    description: 'Conversation records older than their policy, except those under legal hold, leave the archive (their hash-chain links stay) and history; the purge is itself on record.',
    tag,
    access: 'compliance-officer',
    response: PurgeResultSchema,
  })
  run(@CurrentCaller() caller: Caller) {
    return this.runtime.policy.runRetention(actor(caller));
  }
}
