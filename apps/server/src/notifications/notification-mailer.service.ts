import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { MailQueue, siteUrl } from '../mail/mail-queue.service';
import { NOTIFICATION_STILL_READABLE } from './notifications.service';

/** Every minute: who is due a digest. pg-boss runs it once across all server processes. */
export const SWEEP_QUEUE = 'notification-digest-sweep';
/** One job per person due a digest: build it, send it, mark what it held as emailed. */
export const EMAIL_QUEUE = 'notification-digest-email';

interface PendingRow {
  id: string;
  kind: 'reply' | 'new-thread' | 'page-edit' | 'mention';
  actor: string;
  thread_id: number | null;
  subject: string | null;
  reply_id: number | null;
  page_slug: string | null;
  page_title: string | null;
  created_at: Date;
}

/**
 * Email digests of unread notifications, only when SMTP_URL is set (otherwise notifications are
 * in-app only and pg-boss never starts; MailQueue owns the transport and pg-boss). The notifications themselves are the durable record,
 * written in the same transaction as the event; pg-boss (tables in its own `pgboss` schema, which it
 * creates and migrates itself) runs a sweep every minute that queues one job per person due a
 * digest: "immediately" people at once, "daily" people when their last digest (or, for a first one,
 * their oldest waiting notification) is a day old. A job that fails (SMTP down) is retried by
 * pg-boss, and nothing is marked emailed until the message was accepted, so a restart loses nothing.
 */
@Injectable()
export class NotificationMailer implements OnApplicationBootstrap {
  private boss: PgBoss | null = null;
  /** Digests that could not be sent (each is retried by pg-boss); the metrics read it. */
  failedDeliveries = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mail: MailQueue,
  ) {}

  get enabled(): boolean {
    return this.boss !== null;
  }

  async onApplicationBootstrap(): Promise<void> {
    const boss = this.mail.boss;
    if (!boss) return;
    await this.mail.createQueue(SWEEP_QUEUE, { policy: 'singleton' });
    await this.mail.createQueue(EMAIL_QUEUE, { retryLimit: 5, retryDelay: 60, retryBackoff: true });
    await boss.schedule(SWEEP_QUEUE, '* * * * *');
    await boss.work(SWEEP_QUEUE, async () => {
      await this.sweep();
    });
    await boss.work<{ recipientId: number }>(EMAIL_QUEUE, { pollingIntervalSeconds: 1 }, async (jobs) => {
      for (const job of jobs) {
        try {
          await this.deliver(job.data.recipientId);
        } catch (error) {
          this.failedDeliveries++;
          throw error;
        }
      }
    });
    this.boss = boss;
  }

  /** Digests waiting to be sent (null: email is off). */
  async queuedDigests(): Promise<number | null> {
    return this.boss ? this.boss.getQueueSize(EMAIL_QUEUE) : null;
  }

  /** Queues a digest for everyone due one; returns how many were queued. */
  async sweep(): Promise<number> {
    if (!this.boss || !this.mail.enabled) return 0;
    const due: { id: number }[] = await this.dataSource.query(
      `SELECT u.id FROM (SELECT n.recipient_id, min(n.created_at) AS oldest FROM notifications n
                         WHERE n.emailed_at IS NULL AND n.read_at IS NULL AND ${NOTIFICATION_STILL_READABLE} GROUP BY n.recipient_id) waiting
       JOIN users u ON u.id = waiting.recipient_id
       WHERE u.email IS NOT NULL AND u.email_confirmed_at IS NOT NULL AND u.suspended_at IS NULL AND u.email_frequency <> 'never'
         AND (u.email_frequency = 'immediately' OR coalesce(u.notifications_emailed_at, waiting.oldest) <= now() - interval '1 day')`,
    );
    for (const { id } of due) await this.boss.send(EMAIL_QUEUE, { recipientId: id }, { singletonKey: String(id) });
    return due.length;
  }

  /** Sends one person's digest of what is unread and not yet emailed; marks it emailed once sent. */
  async deliver(recipientId: number): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      // The row lock makes two jobs for one person (a retry racing a new sweep) send one digest.
      const [user]: { email: string | null; display_name: string; email_frequency: string }[] = await db.query(
        // An address not (or no longer) confirmed gets nothing but its confirmation.
        'SELECT CASE WHEN email_confirmed_at IS NOT NULL THEN email END AS email, display_name, email_frequency FROM users WHERE id = $1 FOR UPDATE',
        [recipientId],
      );
      if (!user?.email || user.email_frequency === 'never') return;
      const pending: PendingRow[] = await db.query(
        `SELECT n.id::text AS id, n.kind, a.display_name AS actor, n.thread_id, t.subject, n.reply_id, p.slug AS page_slug, p.title AS page_title, n.created_at
         FROM notifications n JOIN users a ON a.id = n.actor_id
         LEFT JOIN threads t ON t.id = n.thread_id LEFT JOIN pages p ON p.id = n.page_id
         WHERE n.recipient_id = $1 AND n.emailed_at IS NULL AND n.read_at IS NULL AND ${NOTIFICATION_STILL_READABLE}
         ORDER BY n.id LIMIT 200`,
        [recipientId],
      );
      if (pending.length === 0) return;
      await this.mail.send({
        to: user.email,
        subject: `Commonplace: ${pending.length} new ${pending.length === 1 ? 'notification' : 'notifications'}`,
        text: digestText(user.display_name, pending),
      });
      await db.query('UPDATE notifications SET emailed_at = now() WHERE recipient_id = $1 AND emailed_at IS NULL AND id <= $2', [recipientId, pending.at(-1)!.id]);
      await db.query('UPDATE users SET notifications_emailed_at = now() WHERE id = $1', [recipientId]);
    });
  }
}

function digestText(name: string, pending: PendingRow[]): string {
  const site = siteUrl();
  const lines = pending.map((row) => {
    if (row.kind === 'reply') return `- ${row.actor} replied in “${row.subject}”: ${site}/threads/${row.thread_id}#reply-${row.reply_id}`;
    if (row.kind === 'mention') {
      return `- ${row.actor} mentioned you in “${row.subject}”: ${site}/threads/${row.thread_id}${row.reply_id ? `#reply-${row.reply_id}` : ''}`;
    }
    if (row.kind === 'new-thread') return `- ${row.actor} started the thread “${row.subject}” on ${row.page_title}: ${site}/threads/${row.thread_id}`;
    return `- ${row.actor} edited the page “${row.page_title}”: ${site}/wiki/${row.page_slug}/history`;
  });
  return [
    `Hello ${name},`,
    '',
    'Here is what happened in what you watch:',
    '',
    ...lines,
    '',
    `All your notifications: ${site}/notifications`,
    `Change how often you get these emails: ${site}/account/notifications`,
    '',
  ].join('\n');
}
