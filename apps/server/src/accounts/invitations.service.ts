import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { UserError } from '../common/user-error';
import type { RequestContext } from '../graphql/request-context';
import { MailQueue, siteUrl } from '../mail/mail-queue.service';
import { SiteSettingsService } from '../site/site-settings.service';
import { Access, assertAccess } from './access';
import { EMAIL_MAX, emailProblem, splitAddresses } from './account-rules';
import { CancelInvitationInput, CancelInvitationPayload, EmailLinkStatus, InvitationLink, InvitePeopleInput, InvitePeoplePayload, PendingInvitation } from './account.models';
import { UserRole } from './user.entity';
import { newSecretToken, secretTokenDigest } from '../common/secret-token';

/** How long an invitation link works: a week, time enough for a workshop's participants to get round to it. */
export const INVITATION_DAYS = 7;
/** Addresses one invitation form may name: a workshop's list, not a mailing list. */
export const MAX_ADDRESSES_PER_INVITE = 100;
/** One job per address: make the link, mail it (so the token is never in the job table). */
export const INVITATION_QUEUE = 'invitation-email';
const TOKEN_MAX = 64;
/** Pending invitations the page lists, newest first. */
export const PENDING_SHOWN = 50;
/** The whole list, before splitting: 100 addresses of the longest kind, with separators. */
const LIST_MAX = MAX_ADDRESSES_PER_INVITE * (EMAIL_MAX + 2);

type InvitationJob = { email: string; role: UserRole; invitedBy: number };

export const INVITATION_PROBLEMS: Record<Exclude<EmailLinkStatus, EmailLinkStatus.Valid>, { code: UserError['code']; message: string }> = {
  [EmailLinkStatus.Invalid]: { code: 'INVITATION_INVALID', message: 'This invitation link is not right: it may have been cut short or changed, or the invitation cancelled. Ask the person who invited you for a new one.' },
  [EmailLinkStatus.Expired]: { code: 'INVITATION_EXPIRED', message: `This invitation has expired: invitations work for ${INVITATION_DAYS} days. Ask the person who invited you for a new one.` },
  [EmailLinkStatus.Used]: { code: 'INVITATION_USED', message: 'This invitation has already been used to create an account. Sign in with that account, or ask for a new invitation.' },
};

/**
 * Invitations: an administrator names one or many addresses (and a role); each gets a link, made in
 * a MailQueue job like password reset links (a random token, only its SHA-256 kept, single use,
 * INVITATION_DAYS). Following it, a person registers with that address already confirmed and that
 * role. On a private site, registering needs one.
 */
@Injectable()
export class InvitationsService implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mail: MailQueue,
    private readonly site: SiteSettingsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.mail.enabled) return;
    await this.mail.createQueue(INVITATION_QUEUE, { retryLimit: 3, retryDelay: 10 });
    await this.mail.workEach<InvitationJob>(INVITATION_QUEUE, (job) => this.send(job));
  }

  async invite(input: InvitePeopleInput, context: RequestContext): Promise<InvitePeoplePayload> {
    assertAccess(context.viewer, Access.Admin);
    const boss = this.mail.boss;
    if (!boss) {
      return { invited: [], errors: [{ field: null, code: 'INVITATIONS_UNAVAILABLE', message: 'Invitations go by email, and this site has no email server (SMTP_URL is not set).' }] };
    }
    const fail = (code: UserError['code'], message: string): InvitePeoplePayload => ({ invited: [], errors: [{ field: 'emails', code, message }] });
    if (input.emails.length > LIST_MAX) return fail('TOO_MANY_ADDRESSES', `Invite at most ${MAX_ADDRESSES_PER_INVITE} people at a time`);
    const addresses = splitAddresses(input.emails);
    if (addresses.length === 0) return fail('REQUIRED', 'Enter the email address of at least one person to invite');
    if (addresses.length > MAX_ADDRESSES_PER_INVITE) return fail('TOO_MANY_ADDRESSES', `Invite at most ${MAX_ADDRESSES_PER_INVITE} people at a time`);
    const wrong = addresses.filter((address) => emailProblem(address) !== null);
    if (wrong.length > 0) {
      // All or nothing: the administrator corrects the list and sends it again, without doubles.
      const shown = wrong.slice(0, 3).map((address) => `“${address.slice(0, 60)}”`).join(', ');
      return fail('INVALID_EMAIL', `${wrong.length === 1 ? 'This is not an email address' : 'These are not email addresses'}: ${shown}${wrong.length > 3 ? ` and ${wrong.length - 3} more` : ''}. Write one address a line, like name@example.com`);
    }
    // An address with an account already would make a second account for the same person: refused,
    // all or nothing as above. A deleted account's address is free again (the row stays for authorship).
    const taken: { email: string }[] = await this.dataSource.query(
      'SELECT DISTINCT lower(email) AS email FROM users WHERE deleted_at IS NULL AND email IS NOT NULL AND lower(email) = ANY($1)',
      [addresses.map((address) => address.toLowerCase())],
    );
    if (taken.length > 0) {
      const shown = taken.slice(0, 3).map(({ email }) => `“${email}”`).join(', ');
      return fail(
        'ALREADY_HAS_ACCOUNT',
        `${taken.length === 1 ? 'This address already has an account' : 'These addresses already have accounts'}: ${shown}${taken.length > 3 ? ` and ${taken.length - 3} more` : ''}. Take ${taken.length === 1 ? 'it' : 'them'} out of the list; the person can sign in, or reset their password`,
      );
    }
    const invitedBy = context.viewer!.user.id;
    for (const email of addresses) await boss.send(INVITATION_QUEUE, { email, role: input.role, invitedBy } satisfies InvitationJob);
    return { invited: addresses, errors: [] };
  }

  /** Invitations not yet used and not expired, newest first, at most PENDING_SHOWN. */
  async pending(context: RequestContext): Promise<PendingInvitation[]> {
    assertAccess(context.viewer, Access.Admin);
    return this.dataSource.query(
      `SELECT i.token_hash AS id, i.email, i.role, u.display_name AS "invitedBy", i.created_at AS "createdAt", i.expires_at AS "expiresAt"
         FROM invitations i LEFT JOIN users u ON u.id = i.invited_by
        WHERE i.used_at IS NULL AND i.expires_at > now()
        ORDER BY i.created_at DESC, i.token_hash LIMIT $1`,
      [PENDING_SHOWN],
    );
  }

  /**
   * Cancelling deletes the unused row, so the link is at once unknown: it answers as an altered
   * link does (INVITATION_INVALID, whose message says it may have been cancelled). No new status:
   * the holder of the link needs the same advice either way (ask for a new one).
   */
  async cancel(input: CancelInvitationInput, context: RequestContext): Promise<CancelInvitationPayload> {
    assertAccess(context.viewer, Access.Admin);
    const id = input.id.slice(0, TOKEN_MAX * 2);
    const [, count]: [unknown, number] = await this.dataSource.query('DELETE FROM invitations WHERE token_hash = $1 AND used_at IS NULL', [id]);
    if (count === 0) return { cancelled: false, errors: [{ field: null, code: 'INVITATION_NOT_PENDING', message: 'That invitation has already been used or cancelled' }] };
    return { cancelled: true, errors: [] };
  }

  /** The queued job: a link for one address. */
  async send(job: InvitationJob): Promise<void> {
    const token = newSecretToken();
    const tokenHash = secretTokenDigest(token);
    await this.dataSource.query(`INSERT INTO invitations (token_hash, email, role, invited_by, expires_at) VALUES ($1, $2, $3, $4, now() + $5 * interval '1 day')`, [
      tokenHash,
      job.email,
      job.role,
      job.invitedBy,
      INVITATION_DAYS,
    ]);
    const [inviter]: { display_name: string }[] = await this.dataSource.query('SELECT display_name FROM users WHERE id = $1', [job.invitedBy]);
    const { name } = await this.site.get();
    try {
      await this.mail.send({
        to: job.email,
        subject: `You are invited to ${name}`,
        text: [
          'Hello,',
          '',
          `${inviter?.display_name ?? 'An administrator'} has invited you to ${name}${job.role === UserRole.Participant ? '' : ` as ${job.role === UserRole.Admin ? 'an administrator' : 'a moderator'}`}.`,
          '',
          `To create your account, follow this link within ${INVITATION_DAYS} days. It works once:`,
          '',
          `${siteUrl()}/register?invitation=${token}`,
          '',
          'Your account will have this email address, already confirmed. If you were not expecting this, ignore this email.',
          '',
        ].join('\n'),
      });
    } catch (error) {
      await this.dataSource.query('DELETE FROM invitations WHERE token_hash = $1', [tokenHash]);
      throw error;
    }
  }

  async link(token: string): Promise<InvitationLink> {
    const row = await this.find(token, this.dataSource.manager);
    const status = statusOf(row);
    return status === EmailLinkStatus.Valid ? { status, email: row!.email, role: row!.role } : { status, email: null, role: null };
  }

  /**
   * Uses the invitation inside the registering transaction: checked and marked used in one
   * statement, so two registrations with one link cannot both succeed. Null and a problem if not.
   */
  async use(token: string, db: EntityManager): Promise<{ email: string; role: UserRole } | { problem: UserError }> {
    const row = await this.find(token, db);
    const status = statusOf(row);
    if (status !== EmailLinkStatus.Valid) return { problem: { field: 'invitation', ...INVITATION_PROBLEMS[status] } };
    const [used]: [{ email: string; role: UserRole }[], number] = await db.query(
      'UPDATE invitations SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING email, role',
      [secretTokenDigest(token)],
    );
    if (used.length === 0) return { problem: { field: 'invitation', ...INVITATION_PROBLEMS[EmailLinkStatus.Used] } };
    return used[0];
  }

  /** After the account exists (same transaction): who used it. */
  async usedBy(token: string, userId: number, db: EntityManager): Promise<void> {
    await db.query('UPDATE invitations SET used_by = $2 WHERE token_hash = $1', [secretTokenDigest(token), userId]);
  }

  private async find(token: string, db: EntityManager): Promise<{ email: string; role: UserRole; expired: boolean; used: boolean } | null> {
    if (token.length === 0 || token.length > TOKEN_MAX) return null;
    const [row]: { email: string; role: UserRole; expired: boolean; used: boolean }[] = await db.query(
      'SELECT email, role, expires_at <= now() AS expired, used_at IS NOT NULL AS used FROM invitations WHERE token_hash = $1',
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
