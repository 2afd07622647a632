import { createHash } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
// A namespace import: the package is an ES module, which Node 20.19+ require()s as its namespace.
import * as replyParser from 'email-reply-parser';
import { GraphQLError } from 'graphql';
import { simpleParser } from 'mailparser';
import { DataSource } from 'typeorm';
import { User } from '../accounts/user.entity';
import { PostingService } from '../discussions/posting.service';
import { MailQueue, siteUrl } from '../mail/mail-queue.service';
import { readReplyAddress, REPLY_ADDRESS_DAYS, replyAddressSettings, type ReplyToken } from './reply-address';

/** One email back per refused (or partly posted) email reply: it says why, and quotes the words. */
export const NOTICE_QUEUE = 'email-reply-notice';
/** Replies by email one person may send in an hour; more are refused (a loop between mail systems, a flood). */
export const EMAIL_REPLIES_PER_HOUR = 20;
/** Emails back one person gets in an hour at most, so a flood of refused emails does not become a flood of answers. */
export const NOTICES_PER_HOUR = 5;
/** A message's reply addresses acted on: one is usual, a few allowed (Cc to two threads). */
export const MAX_REPLY_ADDRESSES = 5;

export interface ReceivedEmail {
  /** The From header's address, lower-cased. */
  from: string;
  messageId: string | null;
  /** The person's own words: quoted text and signature taken away. */
  text: string;
  attachments: number;
}

type Outcome = { outcome: 'posted' | 'posted-without-attachments'; replyId: number; reason: string | null } | { outcome: string; replyId: null; reason: string };

/**
 * Taking part by email (issue 16, item 6): a message to a reply address (`reply+<token>@REPLY_DOMAIN`)
 * posts its text into the thread as the person the address was made for, through the same
 * PostingService.postReply as the site (locks, hidden threads, suspension, mentions, notifications).
 * The SMTP listener (InboundSmtp) hands each message here and answers 250 only once this returned,
 * so a crash makes the sending server try again; that retry, a double delivery or a second listening
 * process posts once: postReply's idempotency key is made from the Message-ID (or the text) and the
 * address, and `email_replies` remembers each message's outcome.
 */
@Injectable()
export class EmailRepliesService implements OnApplicationBootstrap {
  private readonly logger = new Logger(EmailRepliesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly posting: PostingService,
    private readonly mail: MailQueue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.mail.enabled || !replyAddressSettings()) return;
    await this.mail.createQueue(NOTICE_QUEUE, { retryLimit: 5, retryDelay: 60, retryBackoff: true });
    await this.mail.workEach<{ messageKey: string }>(NOTICE_QUEUE, (job) => this.sendNotice(job.messageKey));
  }

  /** Whether mail to this address is taken (asked at RCPT TO): only addresses this site signed. */
  accepts(address: string): boolean {
    const settings = replyAddressSettings();
    return settings !== null && readReplyAddress(settings, address) !== null;
  }

  /** One whole message as received over SMTP, for these envelope recipients. Throws only when it should be tried again later. */
  async receive(raw: Buffer, recipients: string[]): Promise<void> {
    const settings = replyAddressSettings();
    if (!settings) return;
    const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, maxHtmlLengthToParse: 1024 * 1024 });
    const email: ReceivedEmail = {
      from: parsed.from?.value[0]?.address?.trim().toLowerCase() ?? '',
      messageId: parsed.messageId?.trim() || null,
      text: ownWords(parsed.text ?? ''),
      attachments: parsed.attachments.length,
    };
    const addresses = [...new Set(recipients.map((address) => address.trim().toLowerCase()))].slice(0, MAX_REPLY_ADDRESSES);
    for (const address of addresses) {
      const token = readReplyAddress(settings, address);
      if (token) await this.handle(address, token, email);
    }
  }

  /** Posts one email reply, or records why not and queues the email back; once per message and address. */
  async handle(address: string, token: ReplyToken, email: ReceivedEmail): Promise<void> {
    const messageKey = email.messageId ? `id:${sha256(`${email.messageId}\n${address}`)}` : `text:${sha256(`${address}\n${email.text}`)}`;
    const [seen]: { outcome: string; notified_at: Date | null }[] = await this.dataSource.query('SELECT outcome, notified_at FROM email_replies WHERE message_key = $1', [messageKey]);
    if (seen) {
      // Delivered again: nothing new is posted; an email back that did not go yet is queued again.
      if (seen.outcome !== 'posted' && !seen.notified_at) await this.queueNotice(messageKey);
      return;
    }
    const user = await this.dataSource.getRepository(User).findOneBy({ id: token.userId });
    if (!user || user.deletedAt) return; // nobody to post as, nor to tell
    const result = await this.decide(messageKey, token, user, email);
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO email_replies (message_key, user_id, thread_id, outcome, reason, reply_id, body) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (message_key) DO NOTHING RETURNING 1`,
      [messageKey, user.id, token.threadId, result.outcome, result.reason, result.replyId, result.replyId === null ? email.text || null : null],
    );
    if (inserted.length > 0 && result.outcome !== 'posted') await this.queueNotice(messageKey);
  }

  private async decide(messageKey: string, token: ReplyToken, user: User, email: ReceivedEmail): Promise<Outcome> {
    const refused = (outcome: string, reason: string): Outcome => ({ outcome, replyId: null, reason });
    if (token.expiresAt.getTime() < Date.now()) {
      return refused('expired', `the address you replied to has expired (reply addresses work for ${REPLY_ADDRESS_DAYS} days after the email that gave them)`);
    }
    // The token went only to the person's confirmed address; a reply from any other is not taken as theirs.
    if (!user.email || !user.emailConfirmedAt || email.from !== user.email.toLowerCase()) {
      return refused('wrong-sender', `it came from ${email.from || 'no address'}, which is not your confirmed address. If it was you, send it again from ${user.email ?? 'your confirmed address'}`);
    }
    const [{ recent }]: { recent: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS recent FROM email_replies WHERE user_id = $1 AND received_at > now() - interval '1 hour'`,
      [user.id],
    );
    if (recent >= EMAIL_REPLIES_PER_HOUR) return refused('flood', `you sent more than ${EMAIL_REPLIES_PER_HOUR} replies by email in an hour. Wait an hour, or post on the site`);
    if (!email.text) return refused('empty', 'it had no text of its own once the quoted email and signature were taken away');
    try {
      const payload = await this.posting.postReply(
        { threadId: token.threadId, body: email.text, idempotencyKey: `email:${sha256(messageKey).slice(0, 64)}` },
        { user, sessionId: 'email' },
      );
      const error = payload.errors[0];
      if (error || !payload.reply) return refused(error?.code.toLowerCase() ?? 'refused', lowerFirst(error?.message ?? 'it could not be posted'));
      if (email.attachments > 0) {
        const files = email.attachments === 1 ? 'the attachment was' : `the ${email.attachments} attachments were`;
        return { outcome: 'posted-without-attachments', replyId: payload.reply.id, reason: `${files} not: replies by email take text only` };
      }
      return { outcome: 'posted', replyId: payload.reply.id, reason: null };
    } catch (error) {
      // Access refusals (a suspended account, staff without required two-step sign-in) are thrown.
      if (error instanceof GraphQLError) {
        const code = String(error.extensions.code ?? 'refused');
        return refused(code === 'ACCOUNT_SUSPENDED' ? 'suspended' : code.toLowerCase(), lowerFirst(error.message));
      }
      throw error;
    }
  }

  private async queueNotice(messageKey: string): Promise<void> {
    const boss = this.mail.boss;
    if (!boss) return;
    await boss.send(NOTICE_QUEUE, { messageKey }, { singletonKey: messageKey });
  }

  /** The email back, at most once per message (the row lock and `notified_at` decide) and NOTICES_PER_HOUR per person. */
  async sendNotice(messageKey: string): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      const [row]: NoticeRow[] = await db.query(
        `SELECT e.outcome, e.reason, e.body, e.thread_id, e.reply_id, e.user_id, u.display_name,
                CASE WHEN u.email_confirmed_at IS NOT NULL AND u.deleted_at IS NULL THEN u.email END AS email, t.subject
         FROM email_replies e JOIN users u ON u.id = e.user_id LEFT JOIN threads t ON t.id = e.thread_id
         WHERE e.message_key = $1 AND e.notified_at IS NULL FOR UPDATE OF e`,
        [messageKey],
      );
      if (!row) return;
      const [{ sent }]: { sent: number }[] = await db.query(
        `SELECT count(*)::int AS sent FROM email_replies WHERE user_id = $1 AND notified_at > now() - interval '1 hour' AND reason IS NOT NULL`,
        [row.user_id],
      );
      if (row.email && sent < NOTICES_PER_HOUR) await this.mail.send({ to: row.email, ...noticeText(row) });
      else this.logger.warn(`Email reply ${row.outcome}: no email back (${row.email ? 'too many this hour' : 'no confirmed address'})`);
      await db.query('UPDATE email_replies SET notified_at = now(), body = NULL WHERE message_key = $1', [messageKey]);
    });
  }
}

interface NoticeRow {
  outcome: string;
  reason: string;
  body: string | null;
  thread_id: number;
  reply_id: number | null;
  user_id: number;
  display_name: string;
  email: string | null;
  subject: string | null;
}

function noticeText(row: NoticeRow): { subject: string; text: string } {
  const site = siteUrl();
  const thread = row.subject ? `“${row.subject}”` : 'a thread';
  const link = `${site}/threads/${row.thread_id}`;
  if (row.reply_id !== null) {
    return {
      subject: `Your reply to ${thread} was posted without attachments`,
      text: [`Hello ${row.display_name},`, '', `Your reply to ${thread} was posted: ${link}#reply-${row.reply_id}`, '', `But ${row.reason}. Add pictures or files on the site.`, ''].join('\n'),
    };
  }
  const words = row.body ? ['', 'What you wrote, so it is not lost:', '', ...row.body.split('\n').map((line) => `> ${line}`)] : [];
  return {
    subject: `Your reply to ${thread} was not posted`,
    text: [`Hello ${row.display_name},`, '', `Your email reply to ${thread} was not posted: ${row.reason}.`, '', `The thread: ${link}`, ...words, ''].join('\n'),
  };
}

/** The text a person wrote above what they quote, without their signature (email-reply-parser), at most 60 000 characters. */
export function ownWords(text: string): string {
  const bounded = text.length > 60_000 ? text.slice(0, 60_000) : text;
  return new replyParser.default().parseReply(bounded.replace(/\r\n/g, '\n')).trim();
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
