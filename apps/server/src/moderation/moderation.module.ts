import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntry } from './audit-entry.entity';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditLogResolver } from './audit-log.resolver';
import { AuditLogService } from './audit-log.service';
import { AuditService } from './audit.service';
import { Flag } from './flag.entity';
import { FlagResolver, ModerationResolver, ReplyModerationFieldsResolver, ThreadModerationFieldsResolver } from './moderation.resolver';
import { ModerationService } from './moderation.service';

/**
 * The audit log every moderator act writes to, flags, the moderation queue and moderators' acts on
 * discussions. The domains whose acts are audited (pages, recommendations) import it for AuditService.
 */
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntry, Flag]), AccountsModule],
  providers: [AuditService, AuditLogService, AuditLogResolver, ModerationService, ModerationResolver, FlagResolver, ReplyModerationFieldsResolver, ThreadModerationFieldsResolver],
  exports: [AuditService],
})
export class ModerationModule {}
