import { Secret, TOTP } from 'otpauth';
import { PasswordHasher } from './password-hasher.service';
import { CODES_PER_PENDING } from './two-step.service';
import { browserSummary, groupSecret, openSecret, readCode, sealSecret } from './two-step-rules';
import { signedIn } from '../testing/people';
import type { MadePerson } from '../testing/factories';
import { createTestApp, type TestApp } from '../testing/test-app';

const BEGIN = 'mutation { beginTwoStepSetup { setup { secret uri qrCode } errors { field code message } } }';
const SETUP = '{ twoStepSetup { secret uri qrCode } }';
const CONFIRM = 'mutation($i: ConfirmTwoStepInput!) { confirmTwoStep(input: $i) { recoveryCodes errors { field code message } } }';
const SIGN_IN = 'mutation($i: SignInInput!) { signIn(input: $i) { user { username } twoStepRequired errors { field code message } } }';
const COMPLETE = 'mutation($i: CompleteSignInInput!) { completeSignIn(input: $i) { user { username } errors { field code message } } }';
const TURN_OFF = 'mutation($i: TurnOffTwoStepInput!) { turnOffTwoStep(input: $i) { errors { field code message } } }';
const RESET = 'mutation($i: ResetTwoStepInput!) { resetTwoStep(input: $i) { errors { field code message } } }';
const STATUS = '{ viewer { twoStepEnabled recoveryCodesLeft mustSetUpTwoStep } }';
const PASSWORD = 'a long unusual passphrase';
const KEY = 'a test key for sealing two-step secrets';

type Errors = { field: string | null; code: string; message: string }[];

/** The code an authenticator app would show for `secret` (grouped, as the page shows it), `stepsFromNow` steps away. */
function codeFor(groupedSecret: string, stepsFromNow = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(groupedSecret.replace(/\s/g, '')), digits: 6, period: 30, algorithm: 'SHA1' });
  return totp.generate({ timestamp: Date.now() + stepsFromNow * 30_000 });
}

const cookieFrom = (setCookie: string[], name: string) => setCookie.find((line) => line.startsWith(`${name}=`))?.split(';')[0];

describe('two-step sign-in', () => {
  let t: TestApp;
  let addresses = 0;
  const fromNewAddress = () => ({ 'x-forwarded-for': `198.51.${Math.floor(++addresses / 250)}.${addresses % 250}` });
  beforeAll(async () => {
    process.env.TWO_STEP_KEY = KEY;
    process.env.TRUST_PROXY = '1';
    t = await createTestApp();
  }, 60_000);
  afterAll(async () => {
    delete process.env.TWO_STEP_KEY;
    delete process.env.TRUST_PROXY;
    delete process.env.REQUIRE_TWO_STEP_FOR_STAFF;
    await t.close();
  });

  async function withPassword(persona: 'participant' | 'moderator' | 'admin' = 'participant'): Promise<MadePerson> {
    const person = await signedIn(t, persona);
    await t.dataSource.query('UPDATE users SET password_hash = $2 WHERE id = $1', [person.id, await t.app.get(PasswordHasher).hash(PASSWORD)]);
    return person;
  }

  /** Turns two-step sign-in on as the person would; answers the secret (as shown) and the recovery codes. */
  async function turnOn(person: MadePerson): Promise<{ secret: string; recoveryCodes: string[] }> {
    const begun = await t.driver.as(person).data<{ beginTwoStepSetup: { setup: { secret: string } } }>(BEGIN);
    const secret = begun.beginTwoStepSetup.setup.secret;
    const confirmed = await t.driver.as(person).data<{ confirmTwoStep: { recoveryCodes: string[]; errors: Errors } }>(CONFIRM, { i: { code: codeFor(secret) } });
    expect(confirmed.confirmTwoStep.errors).toEqual([]);
    return { secret, recoveryCodes: confirmed.confirmTwoStep.recoveryCodes };
  }

  /** The password step, from a browser of its own: the pending sign-in's cookie (and no session). */
  async function password(person: MadePerson): Promise<{ cookie: string; headers: Record<string, string> }> {
    const headers = fromNewAddress();
    const answer = await t.driver.as(null, headers).query<{ signIn: { user: unknown; twoStepRequired: boolean; errors: Errors } }>(SIGN_IN, { i: { username: person.username, password: PASSWORD } });
    expect(answer.data!.signIn).toEqual({ user: null, twoStepRequired: true, errors: [] });
    expect(cookieFrom(answer.setCookie, 'commonplace_session')).toBeUndefined();
    return { cookie: cookieFrom(answer.setCookie, 'commonplace_two_step')!, headers };
  }

  async function complete(pending: { cookie: string; headers: Record<string, string> }, code: string) {
    const answer = await t.driver.as({ cookie: pending.cookie }, pending.headers).query<{ completeSignIn: { user: { username: string } | null; errors: Errors } }>(COMPLETE, { i: { code } });
    const payload = answer.data?.completeSignIn ?? { user: null, errors: [] };
    return { ...payload, session: cookieFrom(answer.setCookie, 'commonplace_session'), graphqlErrors: answer.errors };
  }

  it('is set up with the secret as text and as a QR code, confirmed by a code, and gives ten recovery codes kept only as hashes; the secret is sealed in the database', async () => {
    const person = await withPassword();
    expect(await t.driver.as(person).data(STATUS)).toEqual({ viewer: { twoStepEnabled: false, recoveryCodesLeft: 0, mustSetUpTwoStep: false } });
    expect(await t.driver.as(person).data(SETUP)).toEqual({ twoStepSetup: null });
    const begun = await t.driver.as(person).data<{ beginTwoStepSetup: { setup: { secret: string; uri: string; qrCode: string } } }>(BEGIN);
    const { secret, uri, qrCode } = begun.beginTwoStepSetup.setup;
    expect(secret).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    expect(uri).toContain(`secret=${secret.replace(/ /g, '')}`);
    expect(uri).toContain(`otpauth://totp/Commonplace:${person.username}`);
    expect(qrCode).toMatch(/^data:image\/png;base64,/);
    // Not on until confirmed.
    expect((await t.driver.as(person).data<{ viewer: { twoStepEnabled: boolean } }>(STATUS)).viewer.twoStepEnabled).toBe(false);

    const wrong = await t.driver.as(person).data<{ confirmTwoStep: { errors: Errors } }>(CONFIRM, { i: { code: codeFor(secret, 3) } });
    expect(wrong.confirmTwoStep.errors).toEqual([expect.objectContaining({ field: 'code', code: 'TWO_STEP_CODE_WRONG' })]);
    const notDigits = await t.driver.as(person).data<{ confirmTwoStep: { errors: Errors } }>(CONFIRM, { i: { code: 'abc' } });
    expect(notDigits.confirmTwoStep.errors).toEqual([expect.objectContaining({ field: 'code', code: 'TWO_STEP_CODE_WRONG', message: 'Enter the 6 digits your app shows, like 123456' })]);

    const confirmed = await t.driver.as(person).data<{ confirmTwoStep: { recoveryCodes: string[]; errors: Errors } }>(CONFIRM, { i: { code: codeFor(secret) } });
    expect(confirmed.confirmTwoStep.errors).toEqual([]);
    const codes = confirmed.confirmTwoStep.recoveryCodes;
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    expect(new Set(codes).size).toBe(10);
    expect(await t.driver.as(person).data(STATUS)).toEqual({ viewer: { twoStepEnabled: true, recoveryCodesLeft: 10, mustSetUpTwoStep: false } });
    // Set-up is over: the secret is not shown again, and starting again is refused while it is on.
    expect(await t.driver.as(person).data(SETUP)).toEqual({ twoStepSetup: null });
    const again = await t.driver.as(person).data<{ beginTwoStepSetup: { errors: Errors } }>(BEGIN);
    expect(again.beginTwoStepSetup.errors).toEqual([expect.objectContaining({ code: 'TWO_STEP_ALREADY_ON' })]);

    // What a dump of the database would show: neither the secret nor any recovery code.
    const dump = JSON.stringify([
      await t.dataSource.query('SELECT * FROM two_step_secrets WHERE user_id = $1', [person.id]),
      await t.dataSource.query('SELECT * FROM recovery_codes WHERE user_id = $1', [person.id]),
    ]);
    expect(dump).not.toContain(secret.replace(/ /g, ''));
    for (const code of codes) {
      expect(dump).not.toContain(code);
      expect(dump).not.toContain(code.replace('-', ''));
    }
    const [{ secret: stored }] = await t.dataSource.query('SELECT secret FROM two_step_secrets WHERE user_id = $1', [person.id]);
    expect(stored).toMatch(/^v1:/);
    expect(openSecret(stored, KEY)).toBe(secret.replace(/ /g, ''));
    expect(() => openSecret(stored, 'another key')).toThrow();
  });

  it('asks for a code after the password: no session until a right one; a wrong, reused or out-of-window code is refused by name', async () => {
    const person = await withPassword();
    const { secret } = await turnOn(person);
    const pending = await password(person);
    // A pending sign-in is not a session.
    expect(await t.driver.as({ cookie: pending.cookie }).data('{ viewer { username } pendingSignIn }')).toEqual({ viewer: null, pendingSignIn: true });

    const outside = await complete(pending, codeFor(secret, -3));
    expect(outside.errors).toEqual([expect.objectContaining({ field: 'code', code: 'TWO_STEP_CODE_WRONG' })]);
    expect(outside.session).toBeUndefined();
    const notACode = await complete(pending, 'hello');
    expect(notACode.errors).toEqual([expect.objectContaining({ field: 'code', code: 'TWO_STEP_CODE_WRONG' })]);
    const empty = await complete(pending, '  ');
    expect(empty.errors).toEqual([expect.objectContaining({ field: 'code', code: 'REQUIRED' })]);

    // The step after now is inside the window (a clock a little ahead).
    const ahead = codeFor(secret, 1);
    const done = await complete(pending, ahead);
    expect(done.errors).toEqual([]);
    expect(done.user).toEqual({ username: person.username });
    expect(await t.driver.as({ cookie: done.session! }).data('{ viewer { username } }')).toEqual({ viewer: { username: person.username } });

    // The same code again, from another sign-in: refused as used (and so is any code of an earlier step).
    const second = await password(person);
    expect((await complete(second, ahead)).errors).toEqual([expect.objectContaining({ field: 'code', code: 'TWO_STEP_CODE_USED' })]);
    expect((await complete(second, codeFor(secret))).errors).toEqual([expect.objectContaining({ field: 'code', code: 'TWO_STEP_CODE_USED' })]);
    // The pending sign-in was used up by the first: its cookie no longer completes anything.
    expect((await complete(pending, codeFor(secret, 1))).errors).toEqual([expect.objectContaining({ field: null, code: 'TWO_STEP_PENDING_EXPIRED' })]);
  });

  it('takes each recovery code once, whatever its case and spacing', async () => {
    const person = await withPassword();
    const { recoveryCodes } = await turnOn(person);
    const first = await complete(await password(person), ` ${recoveryCodes[0].toLowerCase().replace('-', ' ')} `);
    expect(first.errors).toEqual([]);
    expect(first.session).toBeDefined();
    expect((await t.driver.as({ cookie: first.session! }).data<{ viewer: { recoveryCodesLeft: number } }>(STATUS)).viewer.recoveryCodesLeft).toBe(9);
    const reused = await complete(await password(person), recoveryCodes[0]);
    expect(reused.errors).toEqual([expect.objectContaining({ field: 'code', code: 'TWO_STEP_CODE_USED' })]);
    expect(reused.session).toBeUndefined();
    expect((await complete(await password(person), 'ABCDE-FGHJK')).errors).toEqual([expect.objectContaining({ code: 'TWO_STEP_CODE_WRONG' })]);
    expect((await complete(await password(person), recoveryCodes[1])).errors).toEqual([]);
  });

  it(`ends a pending sign-in after ${CODES_PER_PENDING} codes, even when the next is right; and without one, completeSignIn asks to sign in again`, async () => {
    const person = await withPassword();
    const { secret } = await turnOn(person);
    const pending = await password(person);
    for (let i = 0; i < CODES_PER_PENDING; i++) expect((await complete(pending, '000000')).errors[0].code).toBe('TWO_STEP_CODE_WRONG');
    const late = await complete(pending, codeFor(secret, 1));
    expect(late.errors).toEqual([expect.objectContaining({ field: null, code: 'TWO_STEP_PENDING_EXPIRED', message: 'Too many wrong codes. Sign in again with your password.' })]);
    expect(late.session).toBeUndefined();
    const none = await t.driver.as(null, fromNewAddress()).data<{ completeSignIn: { errors: Errors } }>(COMPLETE, { i: { code: '123456' } });
    expect(none.completeSignIn.errors).toEqual([expect.objectContaining({ field: null, code: 'TWO_STEP_PENDING_EXPIRED' })]);
  });

  it('refuses codes for an account after ten wrong ones in a quarter of an hour, whichever browsers sent them', async () => {
    const person = await withPassword();
    await turnOn(person);
    for (let i = 0; i < 10; i++) expect((await complete(await password(person), '000000')).errors[0].code).toBe('TWO_STEP_CODE_WRONG');
    const limited = await complete(await password(person), '000000');
    expect(limited.graphqlErrors?.map((error) => error.extensions?.code)).toEqual(['TOO_MANY_REQUESTS']);
  });

  it('is turned off with the current password, after which the password alone signs in', async () => {
    const person = await withPassword();
    await turnOn(person);
    const wrong = await t.driver.as(person).data<{ turnOffTwoStep: { errors: Errors } }>(TURN_OFF, { i: { currentPassword: 'not my password' } });
    expect(wrong.turnOffTwoStep.errors).toEqual([expect.objectContaining({ field: 'currentPassword', code: 'WRONG_PASSWORD' })]);
    const right = await t.driver.as(person).data<{ turnOffTwoStep: { errors: Errors } }>(TURN_OFF, { i: { currentPassword: PASSWORD } });
    expect(right.turnOffTwoStep.errors).toEqual([]);
    expect(await t.driver.as(person).data(STATUS)).toEqual({ viewer: { twoStepEnabled: false, recoveryCodesLeft: 0, mustSetUpTwoStep: false } });
    const signIn = await t.driver.as(null, fromNewAddress()).data<{ signIn: { user: { username: string }; twoStepRequired: boolean } }>(SIGN_IN, { i: { username: person.username, password: PASSWORD } });
    expect(signIn.signIn).toEqual(expect.objectContaining({ user: { username: person.username }, twoStepRequired: false }));
  });

  it("is reset by an administrator, with a reason, in the moderation log", async () => {
    const person = await withPassword();
    await turnOn(person);
    const admin = await signedIn(t, 'admin');
    const noReason = await t.driver.as(admin).data<{ resetTwoStep: { errors: Errors } }>(RESET, { i: { username: person.username, reason: ' ' } });
    expect(noReason.resetTwoStep.errors).toEqual([expect.objectContaining({ field: 'reason', code: 'REASON_REQUIRED' })]);
    const nobody = await t.driver.as(admin).data<{ resetTwoStep: { errors: Errors } }>(RESET, { i: { username: 'nobody-at-all', reason: 'Lost phone' } });
    expect(nobody.resetTwoStep.errors).toEqual([expect.objectContaining({ field: 'username', code: 'NO_SUCH_USER' })]);
    const done = await t.driver.as(admin).data<{ resetTwoStep: { errors: Errors } }>(RESET, { i: { username: person.username, reason: 'Lost phone; checked in person' } });
    expect(done.resetTwoStep.errors).toEqual([]);
    expect((await t.driver.as(person).data<{ viewer: { twoStepEnabled: boolean } }>(STATUS)).viewer.twoStepEnabled).toBe(false);
    const log = await t.dataSource.query('SELECT actor_id, action, subject_type, subject_id, reason FROM audit_entries WHERE subject_id = $1 AND subject_type = $2', [person.id, 'user']);
    expect(log).toEqual([{ actor_id: admin.id, action: 'user.two-step-reset', subject_type: 'user', subject_id: person.id, reason: 'Lost phone; checked in person' }]);
    const twice = await t.driver.as(admin).data<{ resetTwoStep: { errors: Errors } }>(RESET, { i: { username: person.username, reason: 'Again' } });
    expect(twice.resetTwoStep.errors).toEqual([expect.objectContaining({ field: 'username', code: 'TWO_STEP_NOT_SET_UP' })]);
  });

  it('when required of moderators and administrators, lets one without it do nothing but set it up (and sign out) until it is on', async () => {
    process.env.REQUIRE_TWO_STEP_FOR_STAFF = 'true';
    try {
      const moderator = await withPassword('moderator');
      const participant = await withPassword('participant');
      expect(await t.driver.as(moderator).data(STATUS)).toEqual({ viewer: { twoStepEnabled: false, recoveryCodesLeft: 0, mustSetUpTwoStep: true } });
      // Participants are not asked.
      expect((await t.driver.as(participant).data<{ viewer: { mustSetUpTwoStep: boolean } }>(STATUS)).viewer.mustSetUpTwoStep).toBe(false);
      const LOCK = 'mutation($i: ModerateThreadInput!) { lockThread(input: $i) { errors { code } } }';
      const refused = await t.driver.as(moderator).query(LOCK, { i: { threadId: 2147483647 } });
      expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['TWO_STEP_SETUP_REQUIRED']);
      const queue = await t.driver.as(moderator).query('{ moderationQueue { excerpt } }');
      expect(queue.errors?.map((error) => error.extensions?.code)).toEqual(['TWO_STEP_SETUP_REQUIRED']);
      await turnOn(moderator);
      const allowed = await t.driver.as(moderator).query<{ lockThread: { errors: { code: string }[] } }>(LOCK, { i: { threadId: 2147483647 } });
      expect(allowed.errors).toBeUndefined();
      expect(allowed.data!.lockThread.errors).toEqual([{ code: 'THREAD_NOT_FOUND' }]);
    } finally {
      delete process.env.REQUIRE_TWO_STEP_FOR_STAFF;
    }
  });

  it('lists the signed-in browsers, and signs out everywhere else', async () => {
    const person = await withPassword();
    const signIn = (userAgent: string) =>
      t.driver.as(null, { ...fromNewAddress(), 'user-agent': userAgent }).query(SIGN_IN, { i: { username: person.username, password: PASSWORD } });
    const firefox = cookieFrom((await signIn('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0')).setCookie, 'commonplace_session')!;
    await signIn('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1');
    const listed = await t.driver.as({ cookie: firefox }).data<{ viewerSessions: { browser: string; current: boolean; createdAt: string; lastSeenAt: string }[] }>(
      '{ viewerSessions { browser current createdAt lastSeenAt } }',
    );
    expect(listed.viewerSessions).toHaveLength(3);
    expect(listed.viewerSessions.filter((session) => session.current)).toEqual([expect.objectContaining({ browser: 'Firefox on Linux' })]);
    expect(listed.viewerSessions.map((session) => session.browser).sort()).toEqual(['Firefox on Linux', 'Safari on iOS', 'Unknown browser']);
    const ended = await t.driver.as({ cookie: firefox }).data<{ signOutEverywhereElse: { ended: number } }>('mutation { signOutEverywhereElse { ended errors { code } } }');
    expect(ended.signOutEverywhereElse.ended).toBe(2);
    expect(await t.driver.as(person).data('{ viewer { username } }')).toEqual({ viewer: null });
    const left = await t.driver.as({ cookie: firefox }).data<{ viewerSessions: { browser: string; current: boolean }[] }>('{ viewerSessions { browser current } }');
    expect(left.viewerSessions).toEqual([{ browser: 'Firefox on Linux', current: true }]);
  });
});

describe('two-step rules', () => {
  it('reads six digits as an app code and ten letters or digits as a recovery code, ignoring spaces, dashes and case', () => {
    expect(readCode(' 123 456 ')).toEqual({ kind: 'totp', code: '123456' });
    expect(readCode('abcde-fgh23')).toEqual({ kind: 'recovery', code: 'ABCDEFGH23' });
    expect(readCode('')).toEqual({ kind: 'empty' });
    expect(readCode('12345')).toEqual({ kind: 'invalid' });
    expect(readCode('ABCDE-FGHI1')).toEqual({ kind: 'invalid' }); // I and 1 are never in a recovery code
    expect(readCode('1'.repeat(1000))).toEqual({ kind: 'invalid' });
  });

  it('groups a secret in fours for reading', () => {
    expect(groupSecret('ABCDEFGHIJKLMNOPQR')).toBe('ABCD EFGH IJKL MNOP QR');
  });

  it('seals a secret under a key and opens it only with that key; without a key it is kept as it is', () => {
    const sealed = sealSecret('JBSWY3DPEHPK3PXP', 'key one');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(openSecret(sealed, 'key one')).toBe('JBSWY3DPEHPK3PXP');
    expect(() => openSecret(sealed, 'key two')).toThrow();
    expect(() => openSecret(sealed, undefined)).toThrow(/TWO_STEP_KEY/);
    expect(sealSecret('JBSWY3DPEHPK3PXP', undefined)).toBe('plain:JBSWY3DPEHPK3PXP');
    expect(openSecret('plain:JBSWY3DPEHPK3PXP', undefined)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('names browsers and systems from their User-Agent', () => {
    expect(browserSummary('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0')).toBe('Edge on Windows');
    expect(browserSummary('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15')).toBe('Safari on macOS');
    expect(browserSummary('Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36')).toBe('Chrome on Android');
    expect(browserSummary(null)).toBe('Unknown browser');
    expect(browserSummary('curl/8.5')).toBe('Unknown browser');
  });
});
