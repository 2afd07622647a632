import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { UserError } from '../common/user-error';
import type { RequestContext } from '../graphql/request-context';
import { MailQueue, siteUrl } from '../mail/mail-queue.service';
import { PostgresThrottlerStorage } from '../security/postgres-throttler.storage';
import { EMAIL_MAX, PASSWORD_MAX, passwordProblem } from './account-rules';
import { AccountPayload, failure, PasswordResetLink, EmailLinkStatus, RequestPasswordResetInput, RequestPasswordResetPayload, ResetPasswordInput, success } from './account.models';
import { AccountsService } from './accounts.service';
import { PasswordHasher } from './password-hasher.service';
import { SessionsService } from './sessions.service';
import { TwoStepService } from './two-step.service';
import { User } from './user.entity';
import { newSecretToken, secretTokenDigest } from '../common/secret-token';

/** How long a reset link works. */
export const RESET_LINK_MINUTES = 30;
/** One job per request: look the name up, make a link for each account it names, mail it. */
export const RESET_QUEUE = 'password-reset-email';
/** Links mailed to one account per hour, however many addresses ask; further requests send nothing. */
export const RESETS_PER_ACCOUNT_PER_HOUR = 3;
/** Requests per hour naming one username or email address, from anywhere; further ones send nothing. */
export const RESETS_PER_NAME_PER_HOUR = 5;
/** Accounts one request may reach (an email address can belong to several). */
const ACCOUNTS_PER_REQUEST = 5;
const HOUR_MS = 60 * 60_000;
/** A token is 32 random bytes in base64url (43 characters); anything longer is not one of ours. */
const TOKEN_MAX = 64;

const UNAVAILABLE = 'Resetting a password by email is not available on this site. Ask an administrator to set a new password for you.';
const LINK_PROBLEMS: Record<Exclude<EmailLinkStatus, EmailLinkStatus.Valid>, { code: UserError['code']; message: string }> = {
  [EmailLinkStatus.Invalid]: { code: 'RESET_LINK_INVALID', message: 'This password reset link is not right: it may have been cut short or changed. Ask for a new link.' },
  [EmailLinkStatus.Expired]: { code: 'RESET_LINK_EXPIRED', message: `This password reset link has expired: links work for ${RESET_LINK_MINUTES} minutes. Ask for a new link.` },
  [EmailLinkStatus.Used]: { code: 'RESET_LINK_USED', message: 'This password reset link has already been used. Ask for a new link if you still need one.' },
};

/**
 * Password reset by email. Asking always gets the same answer after the same work: the request
 * only counts the name and queues a job naming what was typed, whether or not any account has it.
 * The job (on MailQueue's pg-boss, so any process may run it, after the answer has gone) looks the
 * name up, makes a random token per account with a confirmed address, keeps only its SHA-256, and mails the link. A link
 * works once, for RESET_LINK_MINUTES; using it sets the password, voids the person's other links,
 * ends every session of theirs and signs this browser in.
 */
@Injectable()
export class PasswordResetsService implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mail: MailQueue,
    private readonly counters: PostgresThrottlerStorage,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly accounts: AccountsService,
    private readonly twoStep: TwoStepService,
  ) {}

  get available(): boolean {
    return this.mail.enabled;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.mail.enabled) return;
    await this.mail.createQueue(RESET_QUEUE, { retryLimit: 3, retryDelay: 10 });
    await this.mail.workEach<{ name: string }>(RESET_QUEUE, async (job) => {
      await this.sendLinks(job.name);
    });
  }

  async request(input: RequestPasswordResetInput): Promise<RequestPasswordResetPayload> {
    const boss = this.mail.boss;
    if (!boss) return { errors: [{ field: null, code: 'RESET_UNAVAILABLE', message: UNAVAILABLE }] };
    const raw = input.usernameOrEmail;
    // Cut to length before normalising: normalising a megabyte costs the whole thread.
    const name = (raw.length > EMAIL_MAX * 4 ? raw.slice(0, EMAIL_MAX + 1) : raw.normalize('NFKC')).trim();
    if (name === '') return { errors: [{ field: 'usernameOrEmail', code: 'REQUIRED', message: 'Enter your username or email address' }] };
    if (name.length > EMAIL_MAX) return { errors: [] }; // no account has it: the same answer
    const key = `password-reset-name:${name.toLowerCase()}`;
    const counted = process.env.RATE_LIMITS === 'off' ? { hits: 0 } : await this.counters.add(key, HOUR_MS, 1);
    if (counted.hits <= RESETS_PER_NAME_PER_HOUR) await boss.send(RESET_QUEUE, { name });
    return { errors: [] };
  }

  /** The queued job: a link for each account the name belongs to (by username or email address). */
  async sendLinks(name: string): Promise<number> {
    const accounts: { id: number; username: string; display_name: string; email: string }[] = await this.dataSource.query(
      `SELECT id, username, display_name, email FROM users
        WHERE email IS NOT NULL AND email_confirmed_at IS NOT NULL AND (lower(username) = lower($1) OR lower(email) = lower($1))
        ORDER BY id LIMIT ${ACCOUNTS_PER_REQUEST}`,
      [name],
    );
    let sent = 0;
    for (const account of accounts) {
      if (process.env.RATE_LIMITS !== 'off') {
        const { hits } = await this.counters.add(`password-reset-account:${account.id}`, HOUR_MS, 1);
        if (hits > RESETS_PER_ACCOUNT_PER_HOUR) continue;
      }
      const token = newSecretToken();
      const tokenHash = secretTokenDigest(token);
      await this.dataSource.query(`INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, now() + $3 * interval '1 minute')`, [
        tokenHash,
        account.id,
        RESET_LINK_MINUTES,
      ]);
      try {
        await this.mail.send({ to: account.email, subject: 'Commonplace: reset your password', text: resetText(account.display_name, account.username, token) });
      } catch (error) {
        // Never sent, so never usable; the retry makes a new one.
        await this.dataSource.query('DELETE FROM password_resets WHERE token_hash = $1', [tokenHash]);
        throw error;
      }
      sent++;
    }
    return sent;
  }

  /** What a link is good for, for the page it opens (before anyone types a password). */
  async link(token: string): Promise<PasswordResetLink> {
    const row = await this.find(token);
    return { status: statusOf(row), username: row && statusOf(row) === EmailLinkStatus.Valid ? row.username : null };
  }

  async reset(input: ResetPasswordInput, context: RequestContext): Promise<AccountPayload> {
    const row = await this.find(input.token);
    const status = statusOf(row);
    if (status !== EmailLinkStatus.Valid) return failure('token', LINK_PROBLEMS[status].code, LINK_PROBLEMS[status].message);
    const problem = passwordProblem(input.newPassword, row!.username);
    if (problem) return failure('newPassword', 'WEAK_PASSWORD', problem);
    const passwordHash = await this.hasher.hash(input.newPassword.slice(0, PASSWORD_MAX));
    const userId = await this.dataSource.transaction(async (db) => {
      // Checked and used in one statement: two uses at once, one wins.
      // (TypeORM answers an UPDATE … RETURNING as [rows, count].)
      const [used]: [{ user_id: number }[], number] = await db.query(
        `UPDATE password_resets SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING user_id`,
        [secretTokenDigest(input.token)],
      );
      if (used.length === 0) return null;
      const id = used[0].user_id;
      await db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [id, passwordHash]);
      // Any other link sent meanwhile is void too: the password it would reset is gone.
      await db.query('UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [id]);
      return id;
    });
    if (userId === null) return failure('token', LINK_PROBLEMS[EmailLinkStatus.Used].code, LINK_PROBLEMS[EmailLinkStatus.Used].message);
    // Whoever else is signed in as this person (perhaps whoever learnt the old password) is signed out.
    await this.sessions.endOthers(userId, null);
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: userId });
    // A reset link proves the mailbox, not the second step: with two-step sign-in on, the code is still asked for.
    if (user.twoStepEnabledAt) await this.twoStep.startPending(user.id, context);
    else await this.accounts.beginSession(user, context);
    return success(user);
  }

  private async find(token: string): Promise<{ username: string; expired: boolean; used: boolean } | null> {
    if (token.length === 0 || token.length > TOKEN_MAX) return null;
    const [row]: { username: string; expired: boolean; used: boolean }[] = await this.dataSource.query(
      `SELECT u.username, r.expires_at <= now() AS expired, r.used_at IS NOT NULL AS used
         FROM password_resets r JOIN users u ON u.id = r.user_id WHERE r.token_hash = $1`,
      [secretTokenDigest(token)],
    );
    return row ?? null;
  }
}

function statusOf(row: { expired: boolean; used: boolean } | null): EmailLinkStatus {
  if (!row) return EmailLinkStatus.Invalid;
  if (row.used) return EmailLinkStatus.Used;
  if (row.expired) return EmailLinkStatus.Expired;
  return EmailLinkStatus.Valid;
}

function resetText(name: string, username: string, token: string): string {
  return [
    `Hello ${name},`,
    '',
    `Someone (we hope you) asked to reset the password of your Commonplace account "${username}".`,
    '',
    `To choose a new password, follow this link within ${RESET_LINK_MINUTES} minutes. It works once:`,
    '',
    `${siteUrl()}/reset-password?token=${token}`,
    '',
    'Choosing a new password signs you out everywhere else.',
    'If you did not ask for this, ignore this email: your password stays as it is.',
    '',
  ].join('\n');
}
