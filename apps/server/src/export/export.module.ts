import { Module } from '@nestjs/common';
import { ExportController } from './export.controller';
import { ExportService } from './export.service';

/** The whole wiki as a documented ZIP, for administrators (issue 18): GET /admin/export.zip. */
@Module({ controllers: [ExportController], providers: [ExportService], exports: [ExportService] })
export class ExportModule {}
