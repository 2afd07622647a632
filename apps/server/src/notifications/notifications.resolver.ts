import { Args, Context, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Access, Allow } from '../accounts/access';
import { Thread } from '../discussions/thread.entity';
import type { RequestContext } from '../graphql/request-context';
import { Page } from '../pages/page.entity';
import { Area } from '../recommendations/area.entity';
import {
  MarkNotificationReadInput,
  NotificationConnection,
  NotificationSettings,
  NotificationSettingsPayload,
  NotificationsReadPayload,
  UpdateNotificationSettingsInput,
  WatchInput,
  WatchPayload,
} from './notification.models';
import { MAX_NOTIFICATIONS, NotificationsService } from './notifications.service';
import { loadWatching } from './watching-loader';

@Resolver()
export class NotificationsResolver {
  constructor(private readonly service: NotificationsService) {}

  @Allow(Access.SignedIn)
  @Mutation(() => WatchPayload, { description: 'Watch a thread, a page (its threads and edits) or an area (its pages and recommendations): name exactly one.' })
  watch(@Args('input') input: WatchInput, @Context() context: RequestContext): Promise<WatchPayload> {
    return this.service.watch(input, context.viewer, true);
  }

  @Allow(Access.SignedIn)
  @Mutation(() => WatchPayload, { description: 'Stop watching a thread, page or area.' })
  unwatch(@Args('input') input: WatchInput, @Context() context: RequestContext): Promise<WatchPayload> {
    return this.service.watch(input, context.viewer, false);
  }

  @Allow(Access.SignedInEvenIfSuspended)
  @Query(() => NotificationConnection, { description: "The viewer's notifications, newest first (signed-in only)." })
  notifications(
    @Context() context: RequestContext,
    @Args('first', { type: () => Int, defaultValue: 20, description: `How many, from 1 to ${MAX_NOTIFICATIONS}` }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<NotificationConnection> {
    return this.service.notifications(context.viewer, first, after);
  }

  @Allow(Access.Public)
  @Query(() => Int, { nullable: true, description: "How many of the viewer's notifications are unread; null when signed out." })
  async unreadNotificationCount(@Context() context: RequestContext): Promise<number | null> {
    return context.viewer ? this.service.unreadCount(context.viewer) : null;
  }

  @Allow(Access.Public)
  @Query(() => Boolean, { nullable: true, description: 'Whether the viewer paused live updates; null when signed out (the browser remembers it then).' })
  viewerLiveUpdatesPaused(@Context() context: RequestContext): boolean | null {
    return context.viewer ? context.viewer.user.liveUpdatesPaused : null;
  }

  @Allow(Access.SignedInEvenIfSuspended)
  @Query(() => NotificationSettings, { description: "The viewer's notification settings (signed-in only)." })
  notificationSettings(@Context() context: RequestContext): Promise<NotificationSettings> {
    return this.service.settings(context.viewer);
  }

  @Allow(Access.SignedIn)
  @Mutation(() => NotificationsReadPayload, { description: 'Mark one of the viewer’s notifications as read.' })
  markNotificationRead(@Args('input') input: MarkNotificationReadInput, @Context() context: RequestContext): Promise<NotificationsReadPayload> {
    return this.service.markRead(context.viewer, input.notificationId);
  }

  @Allow(Access.SignedIn)
  @Mutation(() => NotificationsReadPayload, { description: 'Mark all of the viewer’s notifications as read.' })
  markAllNotificationsRead(@Context() context: RequestContext): Promise<NotificationsReadPayload> {
    return this.service.markRead(context.viewer, null);
  }

  @Allow(Access.SignedIn)
  @Mutation(() => NotificationSettingsPayload, { description: 'Whether starting or replying watches the thread, and how often email comes.' })
  updateNotificationSettings(@Args('input') input: UpdateNotificationSettingsInput, @Context() context: RequestContext): Promise<NotificationSettingsPayload> {
    return this.service.updateSettings(input, context.viewer);
  }
}

@Resolver(() => Thread)
export class ThreadWatchingResolver {
  constructor(private readonly notifications: NotificationsService) {}

  @ResolveField(() => Boolean, { description: 'Whether the viewer watches this thread itself; false when signed out' })
  viewerWatching(@Parent() thread: Thread, @Context() context: RequestContext): Promise<boolean> {
    return loadWatching(context, this.notifications, 'thread_id', thread.id);
  }
}

@Resolver(() => Page)
export class PageWatchingResolver {
  constructor(private readonly notifications: NotificationsService) {}

  @ResolveField(() => Boolean, { description: 'Whether the viewer watches this page; false when signed out' })
  viewerWatching(@Parent() page: Page, @Context() context: RequestContext): Promise<boolean> {
    return loadWatching(context, this.notifications, 'page_id', page.id);
  }
}

@Resolver(() => Area)
export class AreaWatchingResolver {
  constructor(private readonly notifications: NotificationsService) {}

  @ResolveField(() => Boolean, { description: 'Whether the viewer watches this area; false when signed out' })
  viewerWatching(@Parent() area: Area, @Context() context: RequestContext): Promise<boolean> {
    return loadWatching(context, this.notifications, 'area_id', area.id);
  }
}
