import { Module } from '@nestjs/common';

/** The lookup service: Room directory, session distribution and load balancing across channel servers. */
@Module({})
export class LookupModule {}
