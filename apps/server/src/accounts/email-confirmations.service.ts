import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { UserError } from '../common/user-error';
import type { RequestContext } from '../graphql/request-context';
import { MailQueue, siteUrl } from '../mail/mail-queue.service';
import { Access, assertAccess } from './access';
import { emailProblem, PASSWORD_MAX } from './account-rules';
import { AccountPayload, ChangeEmailInput, ConfirmEmailInput, ConfirmEmailPayload, EmailConfirmationLink, EmailLinkStatus, success } from './account.models';
import { PasswordHasher } from './password-hasher.service';
import { User } from './user.entity';
import { newSecretToken, secretTokenDigest } from '../common/secret-token';

/** How long a confirmation link works. */
export const CONFIRM_LINK_HOURS = 24;
/** Jobs: a confirmation link for an address, or a note to an old address that it was replaced. */
export const ACCOUNT_EMAIL_QUEUE = 'account-email';
const TOKEN_MAX = 64;

type AccountEmailJob = { kind: 'confirm'; userId: number; email: string } | { kind: 'replaced'; userId: number; to: string };

const LINK_PROBLEMS: Record<Exclude<EmailLinkStatus, EmailLinkStatus.Valid>, { code: UserError['code']; message: string }> = {
  [EmailLinkStatus.Invalid]: {
    code: 'CONFIRM_LINK_INVALID',
    message: 'This confirmation link is not right: it may have been cut short or changed, or the address is no longer on the account. Ask for a new link from your email address page.',
  },
  [EmailLinkStatus.Expired]: { code: 'CONFIRM_LINK_EXPIRED', message: `This confirmation link has expired: links work for ${CONFIRM_LINK_HOURS} hours. Ask for a new link from your email address page.` },
  [EmailLinkStatus.Used]: { code: 'CONFIRM_LINK_USED', message: 'This confirmation link has already been used.' },
};

/**
 * Email addresses are confirmed before anything but the confirmation goes to them: setting one
 * (registering with it, or changing it with the current password) queues a job on MailQueue that
 * makes a random token, keeps its SHA-256 with the address in `email_confirmations`, and mails the
 * link (single use, CONFIRM_LINK_HOURS). Following it stamps `users.email_confirmed_at`, if the
 * account still has that address. Replacing a confirmed address also tells the old one.
 */
@Injectable()
export class EmailConfirmationsService implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mail: MailQueue,
    private readonly hasher: PasswordHasher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.mail.enabled) return;
    await this.mail.createQueue(ACCOUNT_EMAIL_QUEUE, { retryLimit: 3, retryDelay: 10 });
    await this.mail.workEach<AccountEmailJob>(ACCOUNT_EMAIL_QUEUE, (job) =>
      job.kind === 'confirm' ? this.sendConfirmation(job.userId, job.email) : this.sendReplacedNote(job.userId, job.to),
    );
  }

  /** After an address was set: its confirmation link goes out from the queue (nothing without SMTP_URL). */
  async addressSet(userId: number, email: string): Promise<void> {
    await this.mail.boss?.send(ACCOUNT_EMAIL_QUEUE, { kind: 'confirm', userId, email } satisfies AccountEmailJob);
  }

  async changeEmail(input: ChangeEmailInput, context: RequestContext): Promise<AccountPayload> {
    assertAccess(context.viewer, Access.SignedIn);
    const id = context.viewer!.user.id;
    const current = await this.dataSource.getRepository(User).createQueryBuilder('user').addSelect('user.passwordHash').where('user.id = :id', { id }).getOneOrFail();
    const email = input.email.length > 1000 ? input.email.slice(0, 1000) : input.email.trim();
    const errors: UserError[] = [];
    const problem = emailProblem(email);
    if (problem) errors.push({ field: 'email', code: 'INVALID_EMAIL', message: problem });
    else if (email === '' && current.email === null) errors.push({ field: 'email', code: 'REQUIRED', message: 'Enter your new email address' });
    else if (current.email !== null && email.toLowerCase() === current.email.toLowerCase() && current.emailConfirmedAt) {
      errors.push({ field: 'email', code: 'UNCHANGED', message: 'That is already your email address, and it is confirmed' });
    }
    if (input.currentPassword === '') errors.push({ field: 'currentPassword', code: 'REQUIRED', message: 'Enter your current password' });
    else if (!(await this.hasher.verify(current.passwordHash, input.currentPassword.slice(0, PASSWORD_MAX)))) {
      errors.push({ field: 'currentPassword', code: 'WRONG_PASSWORD', message: 'Your current password is not right' });
    }
    if (errors.length > 0) return { user: null, errors };

    const oldConfirmed = current.emailConfirmedAt ? current.email : null;
    const sameAddress = current.email !== null && email.toLowerCase() === current.email.toLowerCase();
    await this.dataSource.query('UPDATE users SET email = $2, email_confirmed_at = NULL WHERE id = $1', [id, email || null]);
    // Links sent to an earlier address confirm nothing now.
    if (!sameAddress) await this.dataSource.query('UPDATE email_confirmations SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [id]);
    if (email) await this.addressSet(id, email);
    if (oldConfirmed && !sameAddress) await this.mail.boss?.send(ACCOUNT_EMAIL_QUEUE, { kind: 'replaced', userId: id, to: oldConfirmed } satisfies AccountEmailJob);
    current.passwordHash = null;
    return success(Object.assign(current, { email: email || null, emailConfirmedAt: null }));
  }

  async link(token: string): Promise<EmailConfirmationLink> {
    const row = await this.find(token);
    const status = statusOf(row);
    return { status, email: status === EmailLinkStatus.Valid ? row!.email : null };
  }

  async confirm(input: ConfirmEmailInput): Promise<ConfirmEmailPayload> {
    const row = await this.find(input.token);
    const status = statusOf(row);
    if (status !== EmailLinkStatus.Valid) return { email: null, errors: [{ field: 'token', ...LINK_PROBLEMS[status] }] };
    const confirmed = await this.dataSource.transaction(async (db) => {
      const [used]: [{ user_id: number; email: string }[], number] = await db.query(
        `UPDATE email_confirmations SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING user_id, email`,
        [secretTokenDigest(input.token)],
      );
      if (used.length === 0) return false;
      const [, count]: [unknown, number] = await db.query('UPDATE users SET email_confirmed_at = now() WHERE id = $1 AND email = $2', [used[0].user_id, used[0].email]);
      return count === 1;
    });
    if (!confirmed) return { email: null, errors: [{ field: 'token', ...LINK_PROBLEMS[EmailLinkStatus.Used] }] };
    return { email: row!.email, errors: [] };
  }

  /** The queued job: a link, if the account still has this address unconfirmed. */
  async sendConfirmation(userId: number, email: string): Promise<boolean> {
    const [account]: { display_name: string; username: string }[] = await this.dataSource.query(
      'SELECT display_name, username FROM users WHERE id = $1 AND email = $2 AND email_confirmed_at IS NULL',
      [userId, email],
    );
    if (!account) return false;
    const token = newSecretToken();
    const tokenHash = secretTokenDigest(token);
    await this.dataSource.query(`INSERT INTO email_confirmations (token_hash, user_id, email, expires_at) VALUES ($1, $2, $3, now() + $4 * interval '1 hour')`, [
      tokenHash,
      userId,
      email,
      CONFIRM_LINK_HOURS,
    ]);
    try {
      await this.mail.send({
        to: email,
        subject: 'Commonplace: confirm your email address',
        text: [
          `Hello ${account.display_name},`,
          '',
          `This address was given for the Commonplace account "${account.username}". To confirm it is yours, follow this link within ${CONFIRM_LINK_HOURS} hours:`,
          '',
          `${siteUrl()}/confirm-email?token=${token}`,
          '',
          'Until then we send nothing else to this address. If you did not ask for this, ignore this email.',
          '',
        ].join('\n'),
      });
    } catch (error) {
      await this.dataSource.query('DELETE FROM email_confirmations WHERE token_hash = $1', [tokenHash]);
      throw error;
    }
    return true;
  }

  private async sendReplacedNote(userId: number, to: string): Promise<void> {
    const [account]: { display_name: string; username: string }[] = await this.dataSource.query('SELECT display_name, username FROM users WHERE id = $1', [userId]);
    if (!account) return;
    await this.mail.send({
      to,
      subject: 'Commonplace: your email address was changed',
      text: [
        `Hello ${account.display_name},`,
        '',
        `The email address of the Commonplace account "${account.username}" was changed, so this address will get nothing more from us.`,
        '',
        `If you did not change it, sign in and change your password, or ask an administrator for help: ${siteUrl()}/sign-in`,
        '',
      ].join('\n'),
    });
  }

  private async find(token: string): Promise<{ email: string; expired: boolean; used: boolean; stale: boolean } | null> {
    if (token.length === 0 || token.length > TOKEN_MAX) return null;
    const [row]: { email: string; expired: boolean; used: boolean; stale: boolean }[] = await this.dataSource.query(
      `SELECT c.email, c.expires_at <= now() AS expired, c.used_at IS NOT NULL AS used, u.email IS DISTINCT FROM c.email AS stale
         FROM email_confirmations c JOIN users u ON u.id = c.user_id WHERE c.token_hash = $1`,
      [secretTokenDigest(token)],
    );
    return row ?? null;
  }
}

function statusOf(row: { expired: boolean; used: boolean; stale: boolean } | null): EmailLinkStatus {
  if (!row || row.stale) return EmailLinkStatus.Invalid;
  if (row.used) return EmailLinkStatus.Used;
  if (row.expired) return EmailLinkStatus.Expired;
  return EmailLinkStatus.Valid;
}
