import { Global, Module } from '@nestjs/common';
import { NotificationMailer } from './notification-mailer.service';
import { AreaWatchingResolver, NotificationsResolver, PageWatchingResolver, ThreadWatchingResolver } from './notifications.resolver';
import { NotificationsService } from './notifications.service';

/**
 * Watching and notifications. Global so that the services that make events (posting, page
 * editing) can record them without importing this module (and without an import cycle).
 */
@Global()
@Module({
  providers: [NotificationsService, NotificationMailer, NotificationsResolver, ThreadWatchingResolver, PageWatchingResolver, AreaWatchingResolver],
  exports: [NotificationsService],
})
export class NotificationsModule {}
