import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { UserError, UserErrorCode } from '../common/user-error';
import type { RequestContext } from '../graphql/request-context';
import { SiteSettingsService } from '../site/site-settings.service';
import { siteNameProblem } from '../site/site-rules';
import { emailProblem, normaliseUsername, passwordProblem, usernameProblem } from './account-rules';
import { AccountPayload, failure, SetUpSiteInput, success } from './account.models';
import { AccountsService } from './accounts.service';
import { EmailConfirmationsService } from './email-confirmations.service';
import { PasswordHasher } from './password-hasher.service';
import { User, UserRole } from './user.entity';
import { newSecretToken, secretTokenDigest } from '../common/secret-token';

const TOKEN_MAX = 64;
const NOT_VALID = 'This set-up address is not right, or the site is already set up. Use the address the server printed when it started, or sign in.';

/**
 * First run in the browser. While no administrator exists, each server process that starts makes a
 * one-time set-up address (a random token, only its SHA-256 kept in `setup_tokens`, so any process
 * can check it) and logs it in one line. The page at that address creates the first administrator
 * and sets the site's name and public or private mode; then every set-up token is deleted and the
 * page is gone (404). The terminal command (`npm run admin`) stays for scripts.
 */
@Injectable()
export class FirstRunService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly accounts: AccountsService,
    private readonly site: SiteSettingsService,
    private readonly emailConfirmations: EmailConfirmationsService,
  ) {}

  async hasAdministrator(): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM users WHERE role = 'admin' LIMIT 1`);
    return rows.length > 0;
  }

  /**
   * At start-up: the set-up address under `base` when the site has no administrator (a new token
   * each start, since only its hash is kept), else null (and old tokens are deleted).
   */
  async setupAddress(base: string): Promise<string | null> {
    if (await this.hasAdministrator()) {
      await this.dataSource.query('DELETE FROM setup_tokens');
      return null;
    }
    const token = newSecretToken();
    await this.dataSource.query('INSERT INTO setup_tokens (token_hash) VALUES ($1)', [secretTokenDigest(token)]);
    return `${base.replace(/\/+$/, '')}/setup?token=${token}`;
  }

  /** Whether the set-up page at this token may be shown: the token is one of ours and there is still no administrator. */
  async linkValid(token: string): Promise<boolean> {
    if (token.length === 0 || token.length > TOKEN_MAX) return false;
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM setup_tokens WHERE token_hash = $1 AND NOT EXISTS (SELECT 1 FROM users WHERE role = 'admin')`,
      [secretTokenDigest(token)],
    );
    return rows.length > 0;
  }

  async setUp(input: SetUpSiteInput, context: RequestContext): Promise<AccountPayload> {
    if (!(await this.linkValid(input.token))) return failure('token', 'SETUP_LINK_INVALID', NOT_VALID);
    const username = normaliseUsername(input.username);
    const email = (input.email ?? '').trim();
    const siteName = input.siteName.length > 1000 ? input.siteName.slice(0, 1000) : input.siteName.normalize('NFKC').trim();
    const errors: UserError[] = [];
    const check = (field: string, code: UserErrorCode, message: string | null) => message && errors.push({ field, code, message });
    check('siteName', 'INVALID_SITE_NAME', siteNameProblem(siteName));
    check('username', 'INVALID_USERNAME', usernameProblem(username));
    check('password', 'WEAK_PASSWORD', passwordProblem(input.password, username));
    check('email', 'INVALID_EMAIL', emailProblem(email));
    if (errors.length > 0) return { user: null, errors };
    const passwordHash = await this.hasher.hash(input.password);

    const created = await this.dataSource.transaction(async (db) => {
      // One set-up at a time, across processes: the second finds an administrator and stops.
      await db.query(`SELECT pg_advisory_xact_lock(hashtext('commonplace-first-run'))`);
      const [still]: unknown[] = await db.query(
        `SELECT 1 FROM setup_tokens WHERE token_hash = $1 AND NOT EXISTS (SELECT 1 FROM users WHERE role = 'admin')`,
        [secretTokenDigest(input.token)],
      );
      if (!still) return null;
      const taken: unknown[] = await db.query('SELECT 1 FROM users WHERE lower(username) = lower($1)', [username]);
      if (taken.length > 0) return 'taken' as const;
      const user = await db.save(db.create(User, { username, displayName: username, email: email || null, role: UserRole.Admin, passwordHash }));
      await db.query('DELETE FROM setup_tokens');
      return user;
    });
    if (created === null) return failure('token', 'SETUP_LINK_INVALID', NOT_VALID);
    if (created === 'taken') return failure('username', 'USERNAME_TAKEN', 'That username is taken: choose another');
    await this.site.save({ name: siteName, private: input.private });
    if (created.email) await this.emailConfirmations.addressSet(created.id, created.email);
    created.passwordHash = null;
    await this.accounts.beginSession(created, context);
    return success(created);
  }
}
