import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { GraphQLError } from 'graphql';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { DataSource } from 'typeorm';
import type { UserError } from '../common/user-error';
import type { RequestContext } from '../graphql/request-context';
import { clearCookie, readCookie, setCookie } from '../http/cookies';
import { PostgresThrottlerStorage } from '../security/postgres-throttler.storage';
import { Access, assertAccess } from './access';
import { reasonProblem } from '../common/reason-rule';
import { PASSWORD_MAX, SUSPENSION_REASON_MAX } from './account-rules';
import { PasswordHasher } from './password-hasher.service';
import { SessionsService } from './sessions.service';
import { CODE_INPUT_MAX, groupSecret, newRecoveryCode, openSecret, readCode, RECOVERY_CODE_COUNT, recoveryCodeHash, sealSecret } from './two-step-rules';
import type { ConfirmTwoStepPayload, TwoStepPayload, TwoStepSetup, TwoStepSetupPayload } from './two-step.models';
import { User } from './user.entity';
import { newSecretToken, secretTokenDigest } from '../common/secret-token';

/** The cookie naming a pending sign-in: a password accepted, a code not yet. It is not a session. */
export const PENDING_COOKIE = 'commonplace_two_step';
/** How long after the password the code may come. */
export const PENDING_MINUTES = 10;
/** Codes one pending sign-in may try; then the password must be typed again. */
export const CODES_PER_PENDING = 5;
/** Wrong codes per account in TWO_STEP_FAILURE_WINDOW_MS, from anywhere: a guesser with the password gets no more. */
export const CODE_FAILURES_PER_ACCOUNT = 10;
const TWO_STEP_FAILURE_WINDOW_MS = 15 * 60_000;
/** RFC 6238's defaults, which every authenticator app reads: SHA-1, six digits, 30-second steps. */
const PERIOD = 30;
/** A code for the step before or after now is accepted too (clocks drift; people type slowly). */
const WINDOW = 1;
const ISSUER = 'Commonplace';

const totpFor = (secret: string, username: string) => new TOTP({ issuer: ISSUER, label: username, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });

const WRONG_CODE = 'The code is not right, or it has expired. Enter the code your app shows now, or a recovery code.';
const USED_CODE = 'That code has already been used. Wait for your app to show a new code, then enter it.';
const NOT_A_CODE = 'Enter the 6-digit code from your app, or a recovery code like ABCDE-FGH23';

type CheckResult = { ok: true } | { ok: false; error: UserError };

/**
 * Two-step sign-in (TOTP, RFC 6238, with the otpauth library). Set-up stores a new secret
 * unconfirmed; a right code from the person's app confirms it, turns two-step sign-in on and gives
 * RECOVERY_CODE_COUNT recovery codes, kept only as hashes. Signing in, a right password for an
 * account with it on makes a pending sign-in (a cookie naming a row, not a session); a code or an
 * unused recovery code turns it into a session. A code's time step must be later than the last one
 * accepted, so no code works twice.
 */
@Injectable()
export class TwoStepService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly counters: PostgresThrottlerStorage,
  ) {}

  async recoveryCodesLeft(userId: number): Promise<number> {
    const [row]: { left: number }[] = await this.dataSource.query('SELECT count(*)::int AS left FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL', [userId]);
    return row.left;
  }

  /** The set-up under way (started, not confirmed), for the person's set-up page; null when none is. */
  async pendingSetup(context: RequestContext): Promise<TwoStepSetup | null> {
    assertAccess(context.viewer, Access.SignedInEvenIfSuspended);
    const user = context.viewer!.user;
    const [row]: { secret: string }[] = await this.dataSource.query('SELECT secret FROM two_step_secrets WHERE user_id = $1 AND confirmed_at IS NULL', [user.id]);
    if (!row) return null;
    const secret = openSecret(row.secret);
    const uri = totpFor(secret, user.username).toString();
    return { secret: groupSecret(secret), uri, qrCode: await QRCode.toDataURL(uri, { type: 'image/png', margin: 4, width: 240, errorCorrectionLevel: 'M' }) };
  }

  /** Starts (or starts again) setting up: a new secret, not yet in use. */
  async beginSetup(context: RequestContext): Promise<TwoStepSetupPayload> {
    assertAccess(context.viewer, Access.SignedInEvenIfSuspended);
    const user = context.viewer!.user;
    const secret = new Secret({ size: 20 }).base32;
    const [rows]: [unknown[], number] = await this.dataSource.query(
      `INSERT INTO two_step_secrets (user_id, secret) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = now(), last_used_step = NULL WHERE two_step_secrets.confirmed_at IS NULL
       RETURNING user_id`,
      [user.id, sealSecret(secret)],
    ).then((result: unknown[]) => [result, result.length]);
    if (rows.length === 0) return { setup: null, errors: [{ field: null, code: 'TWO_STEP_ALREADY_ON', message: 'Two-step sign-in is already on for your account' }] };
    return { setup: await this.pendingSetup(context), errors: [] };
  }

  /** A right code from the app turns two-step sign-in on; the answer carries the recovery codes, this once. */
  async confirmSetup(typed: string, context: RequestContext): Promise<ConfirmTwoStepPayload> {
    assertAccess(context.viewer, Access.SignedInEvenIfSuspended);
    const user = context.viewer!.user;
    const fail = (code: UserError['code'], message: string) => ({ recoveryCodes: [], errors: [{ field: 'code', code, message }] });
    const read = readCode(typed);
    if (read.kind === 'empty') return fail('REQUIRED', 'Enter the 6-digit code from your app');
    if (read.kind !== 'totp') return fail('TWO_STEP_CODE_WRONG', 'Enter the 6 digits your app shows, like 123456');
    const [row]: { secret: string }[] = await this.dataSource.query('SELECT secret FROM two_step_secrets WHERE user_id = $1 AND confirmed_at IS NULL', [user.id]);
    if (!row) return fail('TWO_STEP_NOT_SET_UP', 'Start setting up two-step sign-in first');
    await this.countFailure(user.id, false);
    const step = stepOf(openSecret(row.secret), user.username, read.code);
    if (step === null) {
      await this.countFailure(user.id, true);
      return fail('TWO_STEP_CODE_WRONG', 'The code is not right, or it has expired. Enter the code your app shows now.');
    }
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    const turnedOn = await this.dataSource.transaction(async (db) => {
      const [confirmed]: [unknown[], number] = await db.query('UPDATE two_step_secrets SET confirmed_at = now(), last_used_step = $2 WHERE user_id = $1 AND confirmed_at IS NULL RETURNING user_id', [user.id, step]);
      if (confirmed.length === 0) return false;
      await db.query('UPDATE users SET two_step_enabled_at = now() WHERE id = $1', [user.id]);
      await db.query('DELETE FROM recovery_codes WHERE user_id = $1', [user.id]);
      await db.query('INSERT INTO recovery_codes (user_id, code_hash) SELECT $1, unnest($2::text[])', [user.id, codes.map((code) => recoveryCodeHash(readCodeOrThrow(code)))]);
      return true;
    });
    if (!turnedOn) return fail('TWO_STEP_ALREADY_ON', 'Two-step sign-in is already on for your account');
    return { recoveryCodes: codes, errors: [] };
  }

  /** Turns it off (the current password, so a browser left signed in cannot). */
  async turnOff(currentPassword: string, context: RequestContext): Promise<TwoStepPayload> {
    assertAccess(context.viewer, Access.SignedInEvenIfSuspended);
    const user = context.viewer!.user;
    if (currentPassword === '') return { errors: [{ field: 'currentPassword', code: 'REQUIRED', message: 'Enter your current password' }] };
    const [row]: { password_hash: string | null }[] = await this.dataSource.query('SELECT password_hash FROM users WHERE id = $1', [user.id]);
    if (!(await this.hasher.verify(row?.password_hash ?? null, currentPassword.slice(0, PASSWORD_MAX)))) {
      return { errors: [{ field: 'currentPassword', code: 'WRONG_PASSWORD', message: 'Your current password is not right' }] };
    }
    await this.remove(user.id);
    return { errors: [] };
  }

  /** An administrator turns someone's two-step sign-in off (a lost phone, no recovery codes left): in the moderation log. */
  async reset(username: string, reason: string, context: RequestContext, target: User | null): Promise<TwoStepPayload> {
    assertAccess(context.viewer, Access.Admin);
    if (!target) return { errors: [{ field: 'username', code: 'NO_SUCH_USER', message: 'There is no one with that username' }] };
    const why = reason.trim();
    const problem = reasonProblem(why, { maxLength: SUSPENSION_REASON_MAX, required: true, requiredMessage: 'Enter the reason, for the moderation log' });
    if (problem) return { errors: [{ ...problem, field: 'reason' }] };
    if (!target.twoStepEnabledAt) {
      const [setup]: unknown[] = await this.dataSource.query('SELECT 1 FROM two_step_secrets WHERE user_id = $1', [target.id]);
      if (!setup) return { errors: [{ field: 'username', code: 'TWO_STEP_NOT_SET_UP', message: `${target.username} does not have two-step sign-in` }] };
    }
    await this.remove(target.id, async (db) => {
      await db.query(
        `INSERT INTO audit_entries (actor_id, action, subject_type, subject_id, before, after, reason) VALUES ($1, 'user.two-step-reset', 'user', $2, $3, $4, $5)`,
        [context.viewer!.user.id, target.id, JSON.stringify({ twoStep: true }), JSON.stringify({ twoStep: false }), why],
      );
    });
    return { errors: [] };
  }

  private async remove(userId: number, alsoInTransaction?: (db: import('typeorm').EntityManager) => Promise<void>): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      await db.query('DELETE FROM two_step_secrets WHERE user_id = $1', [userId]);
      await db.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
      await db.query('DELETE FROM pending_sign_ins WHERE user_id = $1', [userId]);
      await db.query('UPDATE users SET two_step_enabled_at = NULL WHERE id = $1', [userId]);
      await alsoInTransaction?.(db);
    });
    // Sessions signed in as the person read two_step_enabled_at afresh with their next request.
    this.sessions.standingChanged(userId);
  }

  /** After a right password: a pending sign-in for this browser (cookie), not a session. */
  async startPending(userId: number, context: RequestContext): Promise<void> {
    if (!context.req || !context.res) throw new GraphQLError('Signing in needs a browser request', { extensions: { code: 'FORBIDDEN' } });
    const token = newSecretToken();
    await this.dataSource.query('DELETE FROM pending_sign_ins WHERE expires_at < now()');
    await this.dataSource.query(`INSERT INTO pending_sign_ins (token_hash, user_id, expires_at) VALUES ($1, $2, now() + $3 * interval '1 minute')`, [secretTokenDigest(token), userId, PENDING_MINUTES]);
    setCookie(context.req, context.res, PENDING_COOKIE, token, PENDING_MINUTES * 60_000);
  }

  /** Whether this browser has a pending sign-in still waiting for a code. */
  async hasPending(context: RequestContext): Promise<boolean> {
    return (await this.pendingOf(context)) !== null;
  }

  /**
   * The second step: a code (or an unused recovery code) for this browser's pending sign-in. Right:
   * the pending sign-in is used up and the person's id comes back for a session. Wrong: counted
   * against the pending sign-in and the account.
   */
  async completePending(typed: string, context: RequestContext): Promise<{ userId: number } | { errors: UserError[] }> {
    const pending = await this.pendingOf(context);
    const expired = { errors: [{ field: null, code: 'TWO_STEP_PENDING_EXPIRED' as const, message: `Your sign-in has expired or was not started: the code must come within ${PENDING_MINUTES} minutes of the password. Sign in again.` }] };
    if (!pending) return expired;
    const read = readCode(typed.length > CODE_INPUT_MAX ? typed.slice(0, CODE_INPUT_MAX + 1) : typed);
    if (read.kind === 'empty') return { errors: [{ field: 'code', code: 'REQUIRED', message: 'Enter the 6-digit code from your app, or a recovery code' }] };
    if (read.kind === 'invalid') return { errors: [{ field: 'code', code: 'TWO_STEP_CODE_WRONG', message: NOT_A_CODE }] };
    await this.countFailure(pending.userId, false);
    // Count the try first, so that many tries at once cannot all get in before the count.
    const [counted]: [{ attempts: number }[], number] = await this.dataSource.query(
      'UPDATE pending_sign_ins SET attempts = attempts + 1 WHERE token_hash = $1 AND expires_at > now() RETURNING attempts',
      [pending.tokenHash],
    );
    if (counted.length === 0) return expired;
    if (counted[0].attempts > CODES_PER_PENDING) {
      await this.endPending(context, pending.tokenHash);
      return { errors: [{ field: null, code: 'TWO_STEP_PENDING_EXPIRED', message: 'Too many wrong codes. Sign in again with your password.' }] };
    }
    const result = read.kind === 'totp' ? await this.useTotp(pending.userId, read.code) : await this.useRecoveryCode(pending.userId, read.code);
    if (!result.ok) {
      if (result.error.code === 'TWO_STEP_CODE_WRONG') await this.countFailure(pending.userId, true);
      return { errors: [result.error] };
    }
    await this.endPending(context, pending.tokenHash);
    return { userId: pending.userId };
  }

  private async useTotp(userId: number, code: string): Promise<CheckResult> {
    const [row]: { secret: string; last_used_step: string | null; username: string }[] = await this.dataSource.query(
      'SELECT s.secret, s.last_used_step, u.username FROM two_step_secrets s JOIN users u ON u.id = s.user_id WHERE s.user_id = $1 AND s.confirmed_at IS NOT NULL',
      [userId],
    );
    if (!row) return { ok: false, error: { field: 'code', code: 'TWO_STEP_CODE_WRONG', message: WRONG_CODE } };
    const step = stepOf(openSecret(row.secret), row.username, code);
    if (step === null) return { ok: false, error: { field: 'code', code: 'TWO_STEP_CODE_WRONG', message: WRONG_CODE } };
    // Checked and recorded in one statement: the same code sent twice at once, one wins.
    const [used]: [unknown[], number] = await this.dataSource.query(
      'UPDATE two_step_secrets SET last_used_step = $2 WHERE user_id = $1 AND (last_used_step IS NULL OR last_used_step < $2) RETURNING user_id',
      [userId, step],
    );
    if (used.length === 0) return { ok: false, error: { field: 'code', code: 'TWO_STEP_CODE_USED', message: USED_CODE } };
    return { ok: true };
  }

  private async useRecoveryCode(userId: number, code: string): Promise<CheckResult> {
    const [used]: [unknown[], number] = await this.dataSource.query(
      'UPDATE recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING user_id',
      [userId, recoveryCodeHash(code)],
    );
    if (used.length > 0) return { ok: true };
    const [before]: unknown[] = await this.dataSource.query('SELECT 1 FROM recovery_codes WHERE user_id = $1 AND code_hash = $2', [userId, recoveryCodeHash(code)]);
    if (before) return { ok: false, error: { field: 'code', code: 'TWO_STEP_CODE_USED', message: 'That recovery code has already been used: each works once. Use another, or the code from your app.' } };
    return { ok: false, error: { field: 'code', code: 'TWO_STEP_CODE_WRONG', message: WRONG_CODE } };
  }

  private async pendingOf(context: RequestContext): Promise<{ tokenHash: string; userId: number } | null> {
    const token = context.req ? readCookie(context.req, PENDING_COOKIE) : undefined;
    if (!token || token.length > 64) return null;
    const [row]: { user_id: number }[] = await this.dataSource.query('SELECT user_id FROM pending_sign_ins WHERE token_hash = $1 AND expires_at > now()', [secretTokenDigest(token)]);
    return row ? { tokenHash: secretTokenDigest(token), userId: row.user_id } : null;
  }

  private async endPending(context: RequestContext, tokenHash: string): Promise<void> {
    await this.dataSource.query('DELETE FROM pending_sign_ins WHERE token_hash = $1', [tokenHash]);
    if (context.req && context.res) clearCookie(context.req, context.res, PENDING_COOKIE);
  }

  /**
   * Wrong codes per account, from anywhere: `record` false only checks (and refuses once there have
   * been too many), true counts one more.
   */
  private async countFailure(userId: number, record: boolean): Promise<void> {
    if (process.env.RATE_LIMITS === 'off') return;
    const key = `two-step-failures:${userId}`;
    if (record) {
      await this.counters.add(key, TWO_STEP_FAILURE_WINDOW_MS, 1);
      return;
    }
    const failures = await this.counters.peek(key);
    if (failures.hits >= CODE_FAILURES_PER_ACCOUNT) {
      const minutes = Math.ceil(failures.secondsLeft / 60);
      throw new GraphQLError(`Too many wrong codes for this account. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`, {
        extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: failures.secondsLeft },
      });
    }
  }
}

/** The time step a right code belongs to (now, or one either side), or null for a wrong one. */
function stepOf(secret: string, username: string, code: string): number | null {
  const timestamp = Date.now();
  const delta = totpFor(secret, username).validate({ token: code, window: WINDOW, timestamp });
  return delta === null ? null : TOTP.counter({ period: PERIOD, timestamp }) + delta;
}

function readCodeOrThrow(code: string): string {
  const read = readCode(code);
  if (read.kind !== 'recovery') throw new Error('A recovery code readCode does not read');
  return read.code;
}
