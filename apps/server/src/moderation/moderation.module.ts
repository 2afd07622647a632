import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntry } from './audit-entry.entity';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditLogResolver } from './audit-log.resolver';
import { AuditLogService } from './audit-log.service';
import { AuditService } from './audit.service';

/** The audit log every moderator act writes to (and, later, flags and the moderation queue). */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntry]), AccountsModule],
  providers: [AuditService, AuditLogService, AuditLogResolver],
  exports: [AuditService],
})
export class ModerationModule {}
