import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { GraphQLError } from 'graphql';
import { In, IsNull, Repository } from 'typeorm';
import { byKey, type RequestContext } from '../graphql/request-context';
import { clearCookie, rotateCsrfToken, SESSION_COOKIE, setCookie } from '../http/cookies';
import { PostgresThrottlerStorage } from '../security/postgres-throttler.storage';
import { Access, accessError, assertAccess } from './access';
import {
  displayNameProblem,
  emailProblem,
  normaliseDisplayName,
  normaliseUsername,
  PASSWORD_MAX,
  passwordProblem,
  suspensionReasonProblem,
  USERNAME_MAX,
  usernameProblem,
} from './account-rules';
import { AccountPayload, EmailLinkStatus, ChangePasswordInput, ChangeUserRoleInput, ColourSchemePayload, failure, RegisterInput, RestoreUserInput, SetUserPasswordInput, SignInInput, success, SuspendUserInput, UserConnection } from './account.models';
import { offsetCursor, readOffsetCursor, refusedCursor } from '../common/connection';
import { UserError, UserErrorCode } from '../common/user-error';
import { EmailConfirmationsService } from './email-confirmations.service';
import { INVITATION_PROBLEMS, InvitationsService } from './invitations.service';
import { SiteSettingsService } from '../site/site-settings.service';
import type { SignInPayload, SignOutEverywhereElsePayload, SignedInBrowser } from './two-step.models';
import { browserSummary } from './two-step-rules';
import { TwoStepService } from './two-step.service';
import { PasswordHasher } from './password-hasher.service';
import { SESSION_IDLE_MS, SessionsService, type Viewer } from './sessions.service';
import { ColourScheme, User, UserRole } from './user.entity';

const WRONG_SIGN_IN = 'The username or password is not right';

/**
 * Failed sign-ins counted per username, whoever tries and from wherever (the per-address limit
 * cannot see a guesser spread over many addresses). Counted for every username, existing or not, so
 * the refusal says nothing about whether an account exists. A success does not clear the count: a
 * guesser who also owns an account must not reset someone else's; the price is that a person whose
 * name is being guessed waits at most 15 minutes.
 */
export const SIGN_IN_FAILURES_PER_USERNAME = 10;
const SIGN_IN_FAILURE_WINDOW_MS = 15 * 60_000;
/** The most people one page of the administrators' list holds. */
export const MAX_USERS_PAGE = 100;
/** The "@" suggestions offer at most this many people: a short list to arrow through. */
export const MAX_MENTION_SUGGESTIONS = 8;

@Injectable()
export class AccountsService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly counters: PostgresThrottlerStorage,
    private readonly emailConfirmations: EmailConfirmationsService,
    private readonly invitations: InvitationsService,
    private readonly site: SiteSettingsService,
    private readonly twoStep: TwoStepService,
  ) {}

  async usersByIds(ids: readonly number[]): Promise<(User | null)[]> {
    const rows = await this.users.findBy({ id: In([...ids]) });
    return byKey(ids, rows, (user) => user.id);
  }

  /**
   * People whose username or display name starts with `prefix` (case-insensitive), for the "@"
   * suggestions of the reply and thread forms: an exact username first, then by username; never
   * a deleted account, nor the viewer (mentioning yourself tells no one).
   */
  async peopleToMention(viewer: Viewer | null, prefix: string, first: number): Promise<User[]> {
    assertAccess(viewer, Access.SignedIn);
    if (!Number.isInteger(first) || first < 1 || first > MAX_MENTION_SUGGESTIONS) {
      throw new GraphQLError(`"first" must be from 1 to ${MAX_MENTION_SUGGESTIONS}`, { extensions: { code: 'BAD_USER_INPUT' } });
    }
    const typed = normaliseUsername(prefix).toLowerCase();
    if (typed.length < 1 || typed.length > USERNAME_MAX) {
      throw new GraphQLError(`"prefix" must be 1 to ${USERNAME_MAX} characters`, { extensions: { code: 'BAD_USER_INPUT' } });
    }
    // LIKE wildcards typed by someone are letters to match, not patterns.
    const pattern = `${typed.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    const ids: { id: number }[] = await this.users.query(
      `SELECT id FROM users
       WHERE deleted_at IS NULL AND id <> $3 AND (lower(username) LIKE $1 OR lower(display_name) LIKE $1)
       ORDER BY lower(username) = $2 DESC, lower(username) LIMIT $4`,
      [pattern, typed, viewer!.user.id, first],
    );
    const found = await this.usersByIds(ids.map((row) => row.id));
    return found.filter((user): user is User => user !== null);
  }

  findByUsername(username: string): Promise<User | null> {
    const normalised = normaliseUsername(username);
    if (normalised.length > USERNAME_MAX) return Promise.resolve(null);
    // A deleted account is no one: no profile, nothing an administrator can act on.
    return this.users.createQueryBuilder('user').where('lower(user.username) = lower(:username)', { username: normalised }).andWhere('user.deleted_at IS NULL').getOne();
  }

  /**
   * Everyone with an account, by username, `first` at a time: a workshop of hundreds is one page of
   * 50 at a time, not hundreds of rows of forms. The cursor is the position in that order (a person
   * who registers meanwhile can shift the next page by one, which an administrator's list can bear).
   */
  async listUsers(viewer: RequestContext['viewer'], first: number, after: string | null): Promise<UserConnection> {
    assertAccess(viewer, Access.Admin);
    if (!Number.isInteger(first) || first < 1 || first > MAX_USERS_PAGE) {
      throw new GraphQLError(`"first" must be from 1 to ${MAX_USERS_PAGE}`, { extensions: { code: UserErrorCode.BAD_USER_INPUT, argumentName: 'first' } });
    }
    let offset = 0;
    // `after` left out of the query arrives as undefined, not null.
    if (after != null) {
      const position = readOffsetCursor('people', after);
      if (position === null) throw refusedCursor('after');
      offset = position + 1;
    }
    const [rows, totalCount] = await this.users.findAndCount({ where: { deletedAt: IsNull() }, order: { username: 'ASC' }, skip: offset, take: first + 1 });
    const edges = rows.slice(0, first).map((node, index) => ({ cursor: offsetCursor('people', offset + index), node }));
    return {
      edges,
      totalCount,
      pageInfo: { hasNextPage: rows.length > first, hasPreviousPage: offset > 0, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }

  /**
   * Whether each person has a password set, without ever loading a hash into a GraphQL object; for
   * DataLoader, so the administrators' list of people asks once, not once a row.
   */
  async hasPasswordByIds(userIds: readonly number[]): Promise<boolean[]> {
    const rows: { id: number; has: boolean }[] = await this.users.query('SELECT id, password_hash IS NOT NULL AS has FROM users WHERE id = ANY ($1)', [[...userIds]]);
    const has = new Map(rows.map((row) => [row.id, row.has]));
    return userIds.map((id) => has.get(id) ?? false);
  }

  async register(input: RegisterInput, context: RequestContext): Promise<AccountPayload> {
    const username = normaliseUsername(input.username);
    const displayName = normaliseDisplayName(input.displayName);
    const invitationToken = input.invitationToken ?? '';
    // With an invitation, the address is the invitation's (already confirmed): what was typed is ignored.
    const email = invitationToken ? '' : (input.email ?? '').trim();
    const errors: UserError[] = [];
    if (!invitationToken && (await this.site.isPrivate())) {
      return failure('invitation', 'INVITATION_REQUIRED', 'This site is private: you need an invitation to create an account. Ask an administrator of this site for one.');
    }
    const check = (field: string, code: UserErrorCode, message: string | null) => message && errors.push({ field, code, message });
    check('username', 'INVALID_USERNAME', usernameProblem(username));
    check('displayName', 'INVALID_DISPLAY_NAME', displayNameProblem(displayName));
    check('email', 'INVALID_EMAIL', emailProblem(email));
    check('password', 'WEAK_PASSWORD', passwordProblem(input.password, username));
    if (!errors.some((error) => error.field === 'username') && (await this.findByUsername(username))) {
      errors.push({ field: 'username', code: 'USERNAME_TAKEN', message: 'That username is taken: choose another' });
    }
    if (invitationToken) {
      const link = await this.invitations.link(invitationToken);
      if (link.status !== EmailLinkStatus.Valid) errors.unshift({ field: 'invitation', ...INVITATION_PROBLEMS[link.status] });
    }
    if (errors.length > 0) return { user: null, errors };

    const passwordHash = await this.hasher.hash(input.password);
    let created: User | UserError;
    try {
      created = await this.users.manager.transaction(async (db) => {
        let invited: { email: string; role: UserRole } | null = null;
        if (invitationToken) {
          const used = await this.invitations.use(invitationToken, db);
          if ('problem' in used) return used.problem;
          invited = used;
        }
        const user = await db.save(
          db.create(User, {
            username,
            displayName,
            email: invited ? invited.email : email || null,
            emailConfirmedAt: invited ? new Date() : null,
            role: invited ? invited.role : UserRole.Participant,
            passwordHash,
          }),
        );
        if (invitationToken) await this.invitations.usedBy(invitationToken, user.id, db);
        return user;
      });
    } catch (error) {
      // Two people registering the same name at once: the unique index decides.
      if ((error as { code?: string }).code === '23505') return failure('username', 'USERNAME_TAKEN', 'That username is taken: choose another');
      throw error;
    }
    if (!(created instanceof User)) return { user: null, errors: [created] };
    const user = created;
    if (user.email && !user.emailConfirmedAt) await this.emailConfirmations.addressSet(user.id, user.email);
    await this.beginSession(user, context);
    return success(user);
  }

  async signIn(input: SignInInput, context: RequestContext): Promise<SignInPayload> {
    const username = normaliseUsername(input.username);
    if (username === '' || input.password === '') {
      const errors: UserError[] = [];
      if (username === '') errors.push({ field: 'username', code: 'REQUIRED', message: 'Enter your username' });
      if (input.password === '') errors.push({ field: 'password', code: 'REQUIRED', message: 'Enter your password' });
      return { user: null, errors, twoStepRequired: false };
    }
    const found =
      username.length > USERNAME_MAX || input.password.length > PASSWORD_MAX
        ? null
        : await this.users
            .createQueryBuilder('user')
            .addSelect('user.passwordHash')
            .where('lower(user.username) = lower(:username)', { username })
            .getOne();
    const failuresKey = `sign-in-failures:${username.toLowerCase().slice(0, USERNAME_MAX + 1)}`;
    const limited = process.env.RATE_LIMITS !== 'off';
    if (limited) {
      const failures = await this.counters.peek(failuresKey);
      if (failures.hits >= SIGN_IN_FAILURES_PER_USERNAME) {
        const minutes = Math.ceil(failures.secondsLeft / 60);
        throw new GraphQLError(`Too many failed sign-ins for this username. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`, {
          extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: failures.secondsLeft },
        });
      }
    }
    // Same work whether or not the account exists, and one message for both.
    const valid = await this.hasher.verify(found?.passwordHash ?? null, input.password.slice(0, PASSWORD_MAX));
    if (!found || !valid) {
      if (limited) await this.counters.add(failuresKey, SIGN_IN_FAILURE_WINDOW_MS, 1);
      return { ...failure(null, 'WRONG_SIGN_IN', WRONG_SIGN_IN), twoStepRequired: false };
    }
    found.passwordHash = null;
    if (found.twoStepEnabledAt) {
      // Half-way: no session until a code comes (completeSignIn), and nothing said about the person yet.
      await this.twoStep.startPending(found.id, context);
      return { user: null, errors: [], twoStepRequired: true };
    }
    await this.beginSession(found, context);
    return { ...success(found), twoStepRequired: false };
  }

  /** Two-step sign-in's second step: a code for this browser's pending sign-in makes the session. */
  async completeSignIn(code: string, context: RequestContext): Promise<AccountPayload> {
    const done = await this.twoStep.completePending(code, context);
    if ('errors' in done) return { user: null, errors: done.errors };
    const user = await this.users.findOneByOrFail({ id: done.userId });
    await this.beginSession(user, context);
    return success(user);
  }

  /** The viewer's signed-in browsers, for the account page. */
  async signedInBrowsers(context: RequestContext): Promise<SignedInBrowser[]> {
    assertAccess(context.viewer, Access.SignedInEvenIfSuspended);
    const viewer = context.viewer!;
    const sessions = await this.sessions.listFor(viewer.user.id);
    return sessions.map((session) => ({ browser: browserSummary(session.userAgent), createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, current: session.id === viewer.sessionId }));
  }

  /** Ends every session of the viewer but this one (a browser left signed in elsewhere, a lost phone). */
  async signOutEverywhereElse(context: RequestContext): Promise<SignOutEverywhereElsePayload> {
    assertAccess(context.viewer, Access.SignedInEvenIfSuspended);
    const viewer = context.viewer!;
    const ended = await this.sessions.endOthers(viewer.user.id, viewer.sessionId);
    return { ended, errors: [] };
  }

  async signOut(context: RequestContext): Promise<boolean> {
    if (context.viewer) await this.sessions.end(context.viewer.sessionId);
    if (context.req && context.res) {
      clearCookie(context.req, context.res, SESSION_COOKIE);
      rotateCsrfToken(context.req, context.res);
    }
    return true;
  }

  async changePassword(input: ChangePasswordInput, context: RequestContext): Promise<AccountPayload> {
    assertAccess(context.viewer, Access.SignedIn);
    const viewer = context.viewer!;
    const current = await this.users.createQueryBuilder('user').addSelect('user.passwordHash').where('user.id = :id', { id: viewer.user.id }).getOneOrFail();
    const errors: UserError[] = [];
    if (input.currentPassword === '') errors.push({ field: 'currentPassword', code: 'REQUIRED', message: 'Enter your current password' });
    else if (!(await this.hasher.verify(current.passwordHash, input.currentPassword.slice(0, PASSWORD_MAX)))) {
      errors.push({ field: 'currentPassword', code: 'WRONG_PASSWORD', message: 'Your current password is not right' });
    }
    const problem = passwordProblem(input.newPassword, current.username);
    if (problem) errors.push({ field: 'newPassword', code: 'WEAK_PASSWORD', message: problem });
    if (errors.length > 0) return { user: null, errors };
    await this.users.update({ id: current.id }, { passwordHash: await this.hasher.hash(input.newPassword) });
    // Anyone else signed in as this person (a stolen session, say) is signed out.
    await this.sessions.endOthers(current.id, viewer.sessionId);
    current.passwordHash = null;
    return success(current);
  }

  /** "Display settings": the signed-in person's colour scheme, for every browser they sign in with. */
  async setColourScheme(scheme: ColourScheme, context: RequestContext): Promise<ColourSchemePayload> {
    assertAccess(context.viewer, Access.SignedInEvenIfSuspended);
    await this.users.update({ id: context.viewer!.user.id }, { colourScheme: scheme });
    return { colourScheme: scheme, errors: [] };
  }

  async setUserPassword(input: SetUserPasswordInput, context: RequestContext): Promise<AccountPayload> {
    assertAccess(context.viewer, Access.Admin);
    const user = await this.findByUsername(input.username);
    if (!user) return failure('username', 'NO_SUCH_USER', 'There is no one with that username');
    const problem = passwordProblem(input.newPassword, user.username);
    if (problem) return failure('newPassword', 'WEAK_PASSWORD', problem);
    await this.users.update({ id: user.id }, { passwordHash: await this.hasher.hash(input.newPassword) });
    await this.sessions.endOthers(user.id, null);
    return success(user);
  }

  async changeUserRole(input: ChangeUserRoleInput, context: RequestContext): Promise<AccountPayload> {
    assertAccess(context.viewer, Access.Admin);
    const user = await this.findByUsername(input.username);
    if (!user) return failure('username', 'NO_SUCH_USER', 'There is no one with that username');
    if (user.role === UserRole.Admin && input.role !== UserRole.Admin && (await this.users.countBy({ role: UserRole.Admin })) === 1) {
      return failure('role', 'LAST_ADMIN', 'This is the only administrator: make someone else an administrator first');
    }
    await this.users.update({ id: user.id }, { role: input.role });
    this.sessions.standingChanged(user.id);
    user.role = input.role;
    return success(user);
  }

  async suspendUser(input: SuspendUserInput, context: RequestContext): Promise<AccountPayload> {
    assertAccess(context.viewer, Access.Admin);
    const user = await this.findByUsername(input.username);
    if (!user) return failure('username', 'NO_SUCH_USER', 'There is no one with that username');
    if (user.id === context.viewer!.user.id) return failure('username', 'SELF', 'You cannot suspend yourself');
    const reason = input.reason.trim();
    const problem = suspensionReasonProblem(reason);
    if (problem) return failure(problem.field, problem.code, problem.message);
    const suspendedAt = new Date();
    await this.users.update({ id: user.id }, { suspendedAt, suspendedReason: reason });
    this.sessions.standingChanged(user.id);
    return success(Object.assign(user, { suspendedAt, suspendedReason: reason }));
  }

  async restoreUser(input: RestoreUserInput, context: RequestContext): Promise<AccountPayload> {
    assertAccess(context.viewer, Access.Admin);
    const user = await this.findByUsername(input.username);
    if (!user) return failure('username', 'NO_SUCH_USER', 'There is no one with that username');
    await this.users.update({ id: user.id }, { suspendedAt: null, suspendedReason: null });
    this.sessions.standingChanged(user.id);
    return success(Object.assign(user, { suspendedAt: null, suspendedReason: null }));
  }

  /** For the admin command line: creates the account or promotes it, and sets its password. */
  async createOrPromoteAdmin(username: string, password: string): Promise<{ user: User; created: boolean } | { problem: string }> {
    const normalised = normaliseUsername(username);
    const usernameIssue = usernameProblem(normalised);
    if (usernameIssue) return { problem: usernameIssue };
    const passwordIssue = passwordProblem(password, normalised);
    if (passwordIssue) return { problem: passwordIssue };
    const passwordHash = await this.hasher.hash(password);
    const existing = await this.findByUsername(normalised);
    if (existing) {
      await this.users.update({ id: existing.id }, { role: UserRole.Admin, passwordHash });
      return { user: Object.assign(existing, { role: UserRole.Admin }), created: false };
    }
    const user = await this.users.save(this.users.create({ username: normalised, displayName: normalised, role: UserRole.Admin, passwordHash }));
    return { user, created: true };
  }

  /** Signs this browser in as the person: a new session cookie and a new form token. */
  async beginSession(user: User, context: RequestContext): Promise<void> {
    if (!context.req || !context.res) throw accessError('FORBIDDEN', 'Signing in needs a browser request');
    // A new session on sign-in, never the old one: no session fixation.
    if (context.viewer) await this.sessions.end(context.viewer.sessionId);
    const userAgent = context.req.headers['user-agent'];
    const token = await this.sessions.start(user.id, typeof userAgent === 'string' ? userAgent : null);
    setCookie(context.req, context.res, SESSION_COOKIE, token, SESSION_IDLE_MS);
    // A token planted before sign-in must not be good after it.
    rotateCsrfToken(context.req, context.res);
  }
}
