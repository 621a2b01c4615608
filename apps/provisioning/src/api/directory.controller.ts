import { Body, Controller, Inject } from '@nestjs/common';
import { DirectoryStatusSchema, DirectorySyncRequestSchema, DirectorySyncResultSchema, ForbiddenError, parseOrThrow } from '@parley/contracts';
import { Endpoint } from '@parley/nest-kit';
import { ProvisioningRuntime } from '../provisioning.runtime.js';

const tag = 'directory';

@Controller()
export class DirectoryController {
  constructor(@Inject(ProvisioningRuntime) private readonly runtime: ProvisioningRuntime) {}

  @Endpoint({
    method: 'POST',
    path: '/v1/directory/sync',
    summary: 'Sync users, groups and OUs from LDAP / Active Directory now',
    description: 'Incremental by default (what changed since the last sync); `full` re-reads everything.',
    tag,
    access: 'administrator',
    body: DirectorySyncRequestSchema,
    response: DirectorySyncResultSchema,
  })
  async sync(@Body() body: unknown) {
    const { full } = parseOrThrow(DirectorySyncRequestSchema, body ?? {}, 'invalid sync request');
    if (!this.runtime.directory) throw new ForbiddenError('no directory is configured (PARLEY_DIRECTORY_URL)');
    return this.runtime.directory.sync(full);
  }

  @Endpoint({
    method: 'GET',
    path: '/v1/directory/status',
    summary: 'Is a directory configured, and when did it last sync',
    tag,
    access: 'administrator',
    response: DirectoryStatusSchema,
  })
  status() {
    const last = this.runtime.state.view.lastSync;
    return { configured: !!this.runtime.directory, lastSync: last ? { mode: last.mode, at: last.at } : null };
  }
}
