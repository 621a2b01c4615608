import { Module } from '@nestjs/common';

/** The compliance service: The compliance archive of every fact, with exports, legal hold and replay. */
@Module({})
export class ComplianceModule {}
