import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { NotificationMailer } from './notification-mailer.service';
import { AreaWatchingResolver, NotificationsResolver, PageWatchingResolver, ThreadWatchingResolver } from './notifications.resolver';
import { NotificationsService } from './notifications.service';

/**
 * Watching and notifications. The domains whose events people hear of (pages, discussions) import
 * it; it depends on none of them (its service works on the tables directly), so there is no cycle.
 */
@Module({
  imports: [MailModule],
  providers: [NotificationsService, NotificationMailer, NotificationsResolver, ThreadWatchingResolver, PageWatchingResolver, AreaWatchingResolver],
  exports: [NotificationsService],
})
export class NotificationsModule {}
