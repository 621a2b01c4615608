import { Module } from '@nestjs/common';

/** The provisioning service: Users, groups, categories, policies, sign-in and the admin API. */
@Module({})
export class ProvisioningModule {}
