import { Module } from '@nestjs/common';
import { ExportController } from './export.controller';
import { ExportService } from './export.service';
import { ImportService } from './import.service';

/** The whole wiki as a documented ZIP, for administrators (issue 18): GET /admin/export.zip. */
@Module({ controllers: [ExportController], providers: [ExportService, ImportService], exports: [ExportService, ImportService] })
export class ExportModule {}
