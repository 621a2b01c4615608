import { Module } from '@nestjs/common';

/** The files service: File posting: uploads and downloads of files in rooms, stored in MinIO or a local folder. */
@Module({})
export class FilesModule {}
