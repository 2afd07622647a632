import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DataVersion } from '../database/data-version.service';
import type { LiveEventMap, LiveEventName, ServerToClientEvents } from '@commonplace/live-events';
import { RealtimeGateway } from './realtime.gateway';

/**
 * Pushes live events to socket.io rooms. Services call it after their transaction commits, so an
 * event never announces something that was rolled back. It never throws: a change that committed
 * stays committed even if an event cannot be sent (viewers then see it on their next load).
 */
@Injectable()
export class LiveEvents implements OnModuleInit {
  private readonly logger = new Logger('LiveEvents');

  constructor(
    private readonly gateway: RealtimeGateway,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dataVersion: DataVersion,
  ) {}

  /**
   * People whose notifications changed (migration Notified: PostgreSQL tells every process on
   * commit) hear it in their `user:<id>` room. Every process hears every NOTIFY, so each sends only
   * to its own sockets (`local`), even when rooms are shared through Redis.
   */
  onModuleInit(): void {
    this.dataVersion.onNotification('commonplace_notified', (payload) => {
      const rooms = payload.split(',').filter((id) => /^[1-9][0-9]*$/.test(id)).map((id) => `user:${id}`);
      if (rooms.length > 0) this.emit(rooms, 'notifications:changed', {}, true);
    });
  }

  replyPosted(reply: { id: number; threadId: number; parentReplyId: number | null; createdAt: Date }, author: { username: string; displayName: string }): void {
    this.emit([`thread:${reply.threadId}`], 'reply:posted', {
      threadId: reply.threadId,
      replyId: reply.id,
      parentReplyId: reply.parentReplyId ?? null,
      author: { username: author.username, displayName: author.displayName },
      createdAt: reply.createdAt.toISOString(),
    });
  }

  replyEdited(threadId: number, replyId: number): void {
    this.emit([`thread:${threadId}`], 'reply:edited', { threadId, replyId });
  }

  /** A moderator locked, unlocked, pinned, unpinned, moved, hid or showed the thread. */
  threadChanged(threadId: number): void {
    const room = `thread:${threadId}`;
    this.later(async () => {
      // Hidden: those who may no longer read it leave its room first, so nothing later reaches
      // them; they still hear this change (through their own rooms), and their page refetches.
      const removed = this.gateway.server
        ? await this.gateway.recheckRoom(room).catch((error: unknown) => {
            this.logger.warn(`Could not check who may stay in ${room}: ${error instanceof Error ? error.message : String(error)}`);
            return [];
          })
        : [];
      this.emit([room, ...removed], 'thread:changed', { threadId });
    });
  }

  replyDeleted(threadId: number, replyId: number): void {
    this.emit([`thread:${threadId}`], 'reply:deleted', { threadId, replyId });
  }

  /** Counts the yeses afresh (after the commit) and sends them. */
  valuableChanged(threadId: number, replyId: number | null): void {
    this.later(async () => {
      const [{ count }]: { count: number }[] = await this.dataSource.query(
        `SELECT count(*) FILTER (WHERE value)::int AS count FROM valuable_votes WHERE ${replyId === null ? 'thread_id' : 'reply_id'} = $1`,
        [replyId ?? threadId],
      );
      this.emit([`thread:${threadId}`], 'valuable:changed', { threadId, replyId, count });
    });
  }

  /**
   * To the page the thread is on, and to the area of its recommendation if it has one. Without its
   * subject: connection-state recovery replays missed events before a socket's rooms are checked
   * again, so a thread hidden meanwhile would otherwise reach readers by its subject.
   */
  threadStarted(thread: { id: number; recommendationId: number | null }, pageSlug: string): void {
    this.later(async () => {
      const rooms = [`page:${pageSlug}`];
      if (thread.recommendationId !== null) {
        const rows: { slug: string }[] = await this.dataSource.query(
          'SELECT a.slug FROM recommendations r JOIN areas a ON a.id = r.area_id WHERE r.id = $1',
          [thread.recommendationId],
        );
        if (rows[0]) rooms.push(`area:${rows[0].slug}`);
      }
      this.emit(rooms, 'thread:started', { threadId: thread.id, pageSlug });
    });
  }

  /** To the page that lists the recommendations and the recommendation's area, with the new count. */
  starChanged(recommendationId: number): void {
    this.later(async () => {
      const rows: { area_slug: string; count: number; page_slug: string | null }[] = await this.dataSource.query(
        `SELECT a.slug AS area_slug,
                (SELECT count(*) FROM stars WHERE recommendation_id = r.id)::int AS count,
                (SELECT p.slug FROM pages p JOIN revisions v ON v.id = p.current_revision_id
                 WHERE p.deleted_at IS NULL AND v.body LIKE '%{{recommendations}}%' ORDER BY p.id LIMIT 1) AS page_slug
         FROM recommendations r JOIN areas a ON a.id = r.area_id WHERE r.id = $1`,
        [recommendationId],
      );
      if (!rows[0]) return;
      const rooms = [`area:${rows[0].area_slug}`, ...(rows[0].page_slug ? [`page:${rows[0].page_slug}`] : [])];
      this.emit(rooms, 'star:changed', { recommendationId, count: rows[0].count });
    });
  }

  /**
   * A page that hears an event reloads at once, often from this process: the event waits until this
   * process's read cache has heard of the change (DataVersion.afterSettle, one round trip), or the
   * reload could be served the page as it was; the mutation's own answer leaves after the event. Events sent on hearing a notification (`localOnly`) come
   * after the change's own notification already (PostgreSQL delivers them in commit order).
   */
  private emit<E extends LiveEventName>(rooms: string[], event: E, payload: LiveEventMap[E], localOnly = false): void {
    if (!this.gateway.server) return;
    if (localOnly) return this.send(rooms, event, payload, true);
    this.dataVersion.afterSettle(() => this.send(rooms, event, payload, false));
  }

  private send<E extends LiveEventName>(rooms: string[], event: E, payload: LiveEventMap[E], localOnly: boolean): void {
    const server = this.gateway.server;
    if (!server) return;
    try {
      // socket.io's emit cannot follow a generic event name through its mapped types; the signature above ties the payload to the event.
      (localOnly ? server.local : server).to(rooms).emit(event, ...([payload] as Parameters<ServerToClientEvents[E]>));
    } catch (error) {
      this.logger.warn(`Could not send ${event}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private later(work: () => Promise<void>): void {
    work().catch((error: unknown) => this.logger.warn(`Could not prepare a live event: ${error instanceof Error ? error.message : String(error)}`));
  }
}
