import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import sanitizeHtml from 'sanitize-html';
import { DataSource } from 'typeorm';
import { replyAddress, replyAddressSettings } from '../email-replies/reply-address';
import { MailQueue, siteUrl } from '../mail/mail-queue.service';
import { MarkdownRenderer } from '../rendering/markdown-renderer.service';
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
  /** The words of the reply or opening post the notification is about (null for page edits). */
  body: string | null;
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
    private readonly renderer: MarkdownRenderer,
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
    await this.mail.workEach<{ recipientId: number }>(EMAIL_QUEUE, async (job) => {
      try {
        await this.deliver(job.recipientId);
      } catch (error) {
        this.failedDeliveries++;
        throw error;
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
        `SELECT n.id::text AS id, n.kind, a.display_name AS actor, n.thread_id, t.subject, n.reply_id, p.slug AS page_slug, p.title AS page_title,
                CASE WHEN n.kind = 'page-edit' THEN NULL WHEN n.reply_id IS NOT NULL THEN r.body ELSE t.body END AS body, n.created_at
         FROM notifications n JOIN users a ON a.id = n.actor_id
         LEFT JOIN threads t ON t.id = n.thread_id LEFT JOIN pages p ON p.id = n.page_id LEFT JOIN replies r ON r.id = n.reply_id
         WHERE n.recipient_id = $1 AND n.emailed_at IS NULL AND n.read_at IS NULL AND ${NOTIFICATION_STILL_READABLE}
         ORDER BY n.id LIMIT 200`,
        [recipientId],
      );
      if (pending.length === 0) return;
      const settings = replyAddressSettings();
      const threads = [...new Set(pending.map((row) => row.thread_id).filter((id): id is number => id !== null))];
      const addresses = new Map(settings ? threads.map((threadId) => [threadId, replyAddress(settings, recipientId, threadId)]) : []);
      const html = await Promise.all(pending.map((row) => (row.body ? this.renderer.render(row.body).then(emailHtml) : null)));
      await this.mail.send({
        to: user.email,
        subject: `Commonplace: ${pending.length} new ${pending.length === 1 ? 'notification' : 'notifications'}`,
        text: digestText(user.display_name, pending, addresses),
        html: digestHtml(user.display_name, pending, addresses, html),
        // About one thread: "Reply" answers in it. About several, each has its own address in the text.
        replyTo: threads.length === 1 ? addresses.get(threads[0]) : undefined,
      });
      await db.query('UPDATE notifications SET emailed_at = now() WHERE recipient_id = $1 AND emailed_at IS NULL AND id <= $2', [recipientId, pending.at(-1)!.id]);
      await db.query('UPDATE users SET notifications_emailed_at = now() WHERE id = $1', [recipientId]);
    });
  }
}

/** One notification's line: who did what, and the link to it. */
function headline(row: PendingRow, site: string): { text: string; href: string } {
  if (row.kind === 'reply') return { text: `${row.actor} replied in “${row.subject}”`, href: `${site}/threads/${row.thread_id}#reply-${row.reply_id}` };
  if (row.kind === 'mention') return { text: `${row.actor} mentioned you in “${row.subject}”`, href: `${site}/threads/${row.thread_id}${row.reply_id ? `#reply-${row.reply_id}` : ''}` };
  if (row.kind === 'new-thread') return { text: `${row.actor} started the thread “${row.subject}” on ${row.page_title}`, href: `${site}/threads/${row.thread_id}` };
  return { text: `${row.actor} edited the page “${row.page_title}”`, href: `${site}/wiki/${row.page_slug}/history` };
}

/** After the last item of a thread: how to answer by email and how to stop hearing of it. */
function threadFooter(threadId: number, addresses: Map<number, string>, site: string): { reply: string | null; stop: string } {
  const address = addresses.get(threadId);
  return {
    reply: address ? (addresses.size === 1 ? 'Reply to this email to answer in the thread' : `Answer in this thread by email: ${address}`) : null,
    stop: `${site}/threads/${threadId}#watch`,
  };
}

/** Whether `index` is the last item about its thread, where the thread's footer goes. */
const lastOfThread = (pending: PendingRow[], index: number) =>
  pending[index].thread_id !== null && !pending.some((other, later) => later > index && other.thread_id === pending[index].thread_id);

/**
 * The plain text: each notification's line (unchanged from before), the full words of the reply or
 * post it is about, and after a thread's last item its reply address and a link to stop watching.
 */
function digestText(name: string, pending: PendingRow[], addresses: Map<number, string>): string {
  const site = siteUrl();
  const lines = pending.flatMap((row, index) => {
    const { text, href } = headline(row, site);
    const item = [`- ${text}: ${href}`];
    if (row.body) item.push('', ...row.body.trim().split('\n').map((line) => `    ${line}`), '');
    if (lastOfThread(pending, index)) {
      const footer = threadFooter(row.thread_id!, addresses, site);
      if (footer.reply) item.push(`  ${footer.reply}.`);
      item.push(`  Stop watching this thread: ${footer.stop}`, '');
    }
    return item;
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

/** The HTML alternative: the same, with each post's words as the site renders them (sanitised, links made absolute). */
function digestHtml(name: string, pending: PendingRow[], addresses: Map<number, string>, rendered: (string | null)[]): string {
  const site = siteUrl();
  const items = pending.map((row, index) => {
    const { text, href } = headline(row, site);
    let item = `<h2 style="font-size:1.1em"><a href="${escapeHtml(href)}">${escapeHtml(text)}</a></h2>`;
    if (rendered[index]) item += `<blockquote style="margin:0 0 1em;padding-left:1em;border-left:4px solid #b1b4b6">${rendered[index]}</blockquote>`;
    if (lastOfThread(pending, index)) {
      const footer = threadFooter(row.thread_id!, addresses, site);
      if (footer.reply) item += `<p>${escapeHtml(footer.reply)}.</p>`;
      item += `<p><a href="${escapeHtml(footer.stop)}">Stop watching this thread</a></p>`;
    }
    return item;
  });
  return [
    `<p>Hello ${escapeHtml(name)},</p>`,
    '<p>Here is what happened in what you watch:</p>',
    ...items,
    `<p><a href="${site}/notifications">All your notifications</a> · <a href="${site}/account/notifications">Change how often you get these emails</a></p>`,
  ].join('\n');
}

/**
 * A post's HTML (already sanitised by the markdown renderer) made fit for an email: sanitised again
 * with a short list of tags, links and images made absolute (the site's are relative), no classes
 * or scripts, every link opening the site.
 */
export function emailHtml(html: string): string {
  const site = siteUrl();
  const absolute = (url: string) => (url.startsWith('/') && !url.startsWith('//') ? `${site}${url}` : url);
  return sanitizeHtml(html, {
    allowedTags: ['p', 'br', 'a', 'strong', 'em', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'del', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'img'],
    allowedAttributes: { a: ['href'], img: ['src', 'alt'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: attribs.href ? { href: absolute(attribs.href) } : ({} as Record<string, string>) }),
      img: (tagName, attribs) => ({ tagName, attribs: { src: absolute(attribs.src ?? ''), alt: attribs.alt ?? '' } }),
    },
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
