import { GraphQLSchemaHost } from '@nestjs/graphql';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PERSONAS, signedIn, type Persona } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';

type Who = 'anyone' | 'signed-in' | 'signed-in-even-if-suspended' | 'moderator' | 'admin';

/**
 * Every mutation, who may call it, and a call to make. The README's authorisation table lists the
 * same; a mutation missing here fails the first test, so nothing ships without a decided rule.
 */
const MATRIX: Record<string, { who: Who; call: (target: string) => { query: string; variables?: Record<string, unknown>; files?: Record<string, File> } }> = {
  // Images and files (apps/server/src/files); uploads go as multipart requests.
  uploadFiles: { who: 'signed-in', call: () => ({ query: 'mutation($i: UploadFilesInput!) { uploadFiles(input: $i) { errors { code } } }', variables: { i: { files: [] } } }) },
  uploadFileVersion: { who: 'signed-in', call: () => ({ query: 'mutation($i: UploadFileVersionInput!) { uploadFileVersion(input: $i) { errors { code } } }', variables: { i: { fileId: 2147483647, file: null } }, files: { 'i.file': new File(['matrix'], 'matrix.txt') } }) },
  describeFile: { who: 'signed-in', call: () => ({ query: 'mutation($i: DescribeFileInput!) { describeFile(input: $i) { errors { code } } }', variables: { i: { fileId: 2147483647, description: 'Matrix test' } } }) },
  hideFile: { who: 'moderator', call: () => ({ query: 'mutation($i: ModerateFileInput!) { hideFile(input: $i) { errors { code } } }', variables: { i: { fileId: 2147483647, reason: 'Matrix test' } } }) },
  unhideFile: { who: 'moderator', call: () => ({ query: 'mutation($i: ModerateFileInput!) { unhideFile(input: $i) { errors { code } } }', variables: { i: { fileId: 2147483647 } } }) },
  createArea: { who: 'moderator', call: () => ({ query: 'mutation($i: CreateAreaInput!) { createArea(input: $i) { errors { code } } }', variables: { i: { title: '' } } }) },
  renameArea: { who: 'moderator', call: () => ({ query: 'mutation($i: RenameAreaInput!) { renameArea(input: $i) { errors { code } } }', variables: { i: { areaId: 2147483647, title: 'Matrix test' } } }) },
  describeArea: { who: 'moderator', call: () => ({ query: 'mutation($i: DescribeAreaInput!) { describeArea(input: $i) { errors { code } } }', variables: { i: { areaId: 2147483647, description: 'Matrix test' } } }) },
  moveArea: { who: 'moderator', call: () => ({ query: 'mutation($i: MoveAreaInput!) { moveArea(input: $i) { errors { code } } }', variables: { i: { areaId: 2147483647, direction: 'Up' } } }) },
  archiveArea: { who: 'moderator', call: () => ({ query: 'mutation($i: AreaReasonInput!) { archiveArea(input: $i) { errors { code } } }', variables: { i: { areaId: 2147483647 } } }) },
  restoreArea: { who: 'moderator', call: () => ({ query: 'mutation($i: AreaReasonInput!) { restoreArea(input: $i) { errors { code } } }', variables: { i: { areaId: 2147483647 } } }) },
  proposeRecommendation: { who: 'signed-in', call: () => ({ query: 'mutation($i: ProposeRecommendationInput!) { proposeRecommendation(input: $i) { errors { code } } }', variables: { i: { areaId: 2147483647, text: 'Matrix test' } } }) },
  markRecommendationSeen: { who: 'moderator', call: () => ({ query: 'mutation($i: MarkRecommendationSeenInput!) { markRecommendationSeen(input: $i) { errors { code } } }', variables: { i: { recommendationId: 2147483647 } } }) },
  rewordRecommendation: { who: 'moderator', call: () => ({ query: 'mutation($i: RewordRecommendationInput!) { rewordRecommendation(input: $i) { errors { code } } }', variables: { i: { recommendationId: 2147483647, text: 'Matrix test', reason: 'Matrix test' } } }) },
  moveRecommendationToArea: { who: 'moderator', call: () => ({ query: 'mutation($i: MoveRecommendationToAreaInput!) { moveRecommendationToArea(input: $i) { errors { code } } }', variables: { i: { recommendationId: 2147483647, areaId: 2147483647 } } }) },
  reorderRecommendation: { who: 'moderator', call: () => ({ query: 'mutation($i: ReorderRecommendationInput!) { reorderRecommendation(input: $i) { errors { code } } }', variables: { i: { recommendationId: 2147483647, direction: 'Down' } } }) },
  mergeRecommendations: { who: 'moderator', call: () => ({ query: 'mutation($i: MergeRecommendationsInput!) { mergeRecommendations(input: $i) { errors { code } } }', variables: { i: { recommendationId: 2147483647, intoId: 2147483646 } } }) },
  archiveRecommendation: { who: 'moderator', call: () => ({ query: 'mutation($i: RecommendationReasonInput!) { archiveRecommendation(input: $i) { errors { code } } }', variables: { i: { recommendationId: 2147483647 } } }) },
  restoreRecommendation: { who: 'moderator', call: () => ({ query: 'mutation($i: RecommendationReasonInput!) { restoreRecommendation(input: $i) { errors { code } } }', variables: { i: { recommendationId: 2147483647 } } }) },
  register: { who: 'anyone', call: () => ({ query: 'mutation($i: RegisterInput!) { register(input: $i) { errors { code } } }', variables: { i: { username: `new${Math.random().toString(36).slice(2, 8)}`, displayName: 'New person', password: 'a long unusual passphrase' } } }) },
  signIn: { who: 'anyone', call: () => ({ query: 'mutation($i: SignInInput!) { signIn(input: $i) { errors { code } } }', variables: { i: { username: 'nobody-here', password: 'wrong password here' } } }) },
  requestPasswordReset: { who: 'anyone', call: () => ({ query: 'mutation($i: RequestPasswordResetInput!) { requestPasswordReset(input: $i) { errors { code } } }', variables: { i: { usernameOrEmail: 'nobody-here' } } }) },
  resetPassword: { who: 'anyone', call: () => ({ query: 'mutation($i: ResetPasswordInput!) { resetPassword(input: $i) { errors { code } } }', variables: { i: { token: 'not-a-token', newPassword: 'a fresh long passphrase' } } }) },
  changeEmail: { who: 'signed-in', call: () => ({ query: 'mutation($i: ChangeEmailInput!) { changeEmail(input: $i) { errors { code } } }', variables: { i: { email: 'matrix@example.test', currentPassword: 'not the password' } } }) },
  confirmEmail: { who: 'anyone', call: () => ({ query: 'mutation($i: ConfirmEmailInput!) { confirmEmail(input: $i) { errors { code } } }', variables: { i: { token: 'not-a-token' } } }) },
  signOut: { who: 'signed-in-even-if-suspended', call: () => ({ query: 'mutation { signOut }' }) },
  // Two-step sign-in and the account page (apps/server/src/accounts/two-step.*)
  completeSignIn: { who: 'anyone', call: () => ({ query: 'mutation($i: CompleteSignInInput!) { completeSignIn(input: $i) { errors { code } } }', variables: { i: { code: '123456' } } }) },
  beginTwoStepSetup: { who: 'signed-in-even-if-suspended', call: () => ({ query: 'mutation { beginTwoStepSetup { errors { code } } }' }) },
  confirmTwoStep: { who: 'signed-in-even-if-suspended', call: () => ({ query: 'mutation($i: ConfirmTwoStepInput!) { confirmTwoStep(input: $i) { errors { code } } }', variables: { i: { code: '123456' } } }) },
  turnOffTwoStep: { who: 'signed-in-even-if-suspended', call: () => ({ query: 'mutation($i: TurnOffTwoStepInput!) { turnOffTwoStep(input: $i) { errors { code } } }', variables: { i: { currentPassword: 'not the password' } } }) },
  resetTwoStep: { who: 'admin', call: (target) => ({ query: 'mutation($i: ResetTwoStepInput!) { resetTwoStep(input: $i) { errors { code } } }', variables: { i: { username: target, reason: 'Matrix test' } } }) },
  signOutEverywhereElse: { who: 'signed-in-even-if-suspended', call: () => ({ query: 'mutation { signOutEverywhereElse { ended errors { code } } }' }) },
  setColourScheme: { who: 'signed-in-even-if-suspended', call: () => ({ query: 'mutation { setColourScheme(scheme: Dark) { errors { code } } }' }) },
  startThread: { who: 'signed-in', call: () => ({ query: 'mutation($i: StartThreadInput!) { startThread(input: $i) { errors { code } } }', variables: { i: { pageSlug: 'no-such-page', subject: 'Matrix test', body: 'Text' } } }) },
  postReply: { who: 'signed-in', call: () => ({ query: 'mutation($i: PostReplyInput!) { postReply(input: $i) { errors { code } } }', variables: { i: { threadId: 2147483647, body: 'Text' } } }) },
  editReply: { who: 'signed-in', call: () => ({ query: 'mutation($i: EditReplyInput!) { editReply(input: $i) { errors { code } } }', variables: { i: { replyId: 2147483647, body: 'Text' } } }) },
  deleteReply: { who: 'signed-in', call: () => ({ query: 'mutation($i: DeleteReplyInput!) { deleteReply(input: $i) { errors { code } } }', variables: { i: { replyId: 2147483647 } } }) },
  answerValuable: { who: 'signed-in', call: () => ({ query: 'mutation($i: AnswerValuableInput!) { answerValuable(input: $i) { errors { code } } }', variables: { i: { threadId: 2147483647, valuable: true } } }) },
  changePassword: { who: 'signed-in', call: () => ({ query: 'mutation($i: ChangePasswordInput!) { changePassword(input: $i) { errors { code } } }', variables: { i: { currentPassword: 'not the password', newPassword: 'another long passphrase' } } }) },
  setUserPassword: { who: 'admin', call: (target) => ({ query: 'mutation($i: SetUserPasswordInput!) { setUserPassword(input: $i) { errors { code } } }', variables: { i: { username: target, newPassword: 'a fresh long passphrase' } } }) },
  changeUserRole: { who: 'admin', call: (target) => ({ query: 'mutation($i: ChangeUserRoleInput!) { changeUserRole(input: $i) { errors { code } } }', variables: { i: { username: target, role: 'Participant' } } }) },
  suspendUser: { who: 'admin', call: (target) => ({ query: 'mutation($i: SuspendUserInput!) { suspendUser(input: $i) { errors { code } } }', variables: { i: { username: target, reason: 'Matrix test' } } }) },
  createPage: { who: 'signed-in', call: () => ({ query: 'mutation($i: CreatePageInput!) { createPage(input: $i) { errors { code } } }', variables: { i: { title: `Matrix page ${Math.random().toString(36).slice(2, 8)}`, body: 'Text' } } }) },
  savePage: { who: 'signed-in', call: () => ({ query: 'mutation($i: SavePageInput!) { savePage(input: $i) { errors { code } } }', variables: { i: { slug: 'reading-list', baseRevisionId: 1, body: 'Text' } } }) },
  revertPage: { who: 'signed-in', call: () => ({ query: 'mutation($i: RevertPageInput!) { revertPage(input: $i) { errors { code } } }', variables: { i: { slug: 'reading-list', revisionId: 1 } } }) },
  setPageFeatured: { who: 'moderator', call: () => ({ query: 'mutation($i: SetPageFeaturedInput!) { setPageFeatured(input: $i) { errors { code } } }', variables: { i: { slug: 'reading-list', featured: true } } }) },
  deletePage: { who: 'moderator', call: () => ({ query: 'mutation($i: DeletePageInput!) { deletePage(input: $i) { errors { code } } }', variables: { i: { slug: 'no-such-page', reason: 'Matrix test' } } }) },
  restorePage: { who: 'moderator', call: () => ({ query: 'mutation($i: RestorePageInput!) { restorePage(input: $i) { errors { code } } }', variables: { i: { slug: 'no-such-page' } } }) },
  markRealistic: { who: 'signed-in', call: () => ({ query: 'mutation($i: MarkRealisticInput!) { markRealistic(input: $i) { errors { code } } }', variables: { i: { recommendationId: 2147483647, reason: 'Matrix test' } } }) },
  withdrawStar: { who: 'signed-in', call: () => ({ query: 'mutation($i: WithdrawStarInput!) { withdrawStar(input: $i) { errors { code } } }', variables: { i: { recommendationId: 2147483647 } } }) },
  removeStar: { who: 'moderator', call: () => ({ query: 'mutation($i: RemoveStarInput!) { removeStar(input: $i) { errors { code } } }', variables: { i: { starId: 2147483647, reason: 'Matrix test' } } }) },
  flagPost: { who: 'signed-in', call: () => ({ query: 'mutation($i: FlagPostInput!) { flagPost(input: $i) { errors { code } } }', variables: { i: { replyId: 2147483647, reason: 'Matrix test' } } }) },
  hidePost: { who: 'moderator', call: () => ({ query: 'mutation($i: ModeratePostInput!) { hidePost(input: $i) { errors { code } } }', variables: { i: { replyId: 2147483647, reason: 'Matrix test' } } }) },
  unhidePost: { who: 'moderator', call: () => ({ query: 'mutation($i: ModeratePostInput!) { unhidePost(input: $i) { errors { code } } }', variables: { i: { replyId: 2147483647 } } }) },
  dismissFlags: { who: 'moderator', call: () => ({ query: 'mutation($i: ModeratePostInput!) { dismissFlags(input: $i) { errors { code } } }', variables: { i: { threadId: 2147483647 } } }) },
  lockThread: { who: 'moderator', call: () => ({ query: 'mutation($i: ModerateThreadInput!) { lockThread(input: $i) { errors { code } } }', variables: { i: { threadId: 2147483647 } } }) },
  unlockThread: { who: 'moderator', call: () => ({ query: 'mutation($i: ModerateThreadInput!) { unlockThread(input: $i) { errors { code } } }', variables: { i: { threadId: 2147483647 } } }) },
  pinThread: { who: 'moderator', call: () => ({ query: 'mutation($i: ModerateThreadInput!) { pinThread(input: $i) { errors { code } } }', variables: { i: { threadId: 2147483647 } } }) },
  unpinThread: { who: 'moderator', call: () => ({ query: 'mutation($i: ModerateThreadInput!) { unpinThread(input: $i) { errors { code } } }', variables: { i: { threadId: 2147483647 } } }) },
  moveThread: { who: 'moderator', call: () => ({ query: 'mutation($i: MoveThreadInput!) { moveThread(input: $i) { errors { code } } }', variables: { i: { threadId: 2147483647, pageSlug: 'reading-list', reason: 'Matrix test' } } }) },
  // Reading: unread replies and folded sub-threads, the viewer's own (apps/server/src/discussions/thread-reading.*)
  markThreadRead: { who: 'signed-in-even-if-suspended', call: () => ({ query: 'mutation($i: MarkThreadReadInput!) { markThreadRead(input: $i) { errors { code } } }', variables: { i: { threadId: 2147483647 } } }) },
  markPageThreadsRead: { who: 'signed-in-even-if-suspended', call: () => ({ query: 'mutation($i: MarkPageThreadsReadInput!) { markPageThreadsRead(input: $i) { errors { code } } }', variables: { i: { pageSlug: 'no-such-page' } } }) },
  markThreadsRead: { who: 'signed-in-even-if-suspended', call: () => ({ query: 'mutation($i: MarkThreadsReadInput!) { markThreadsRead(input: $i) { errors { code } } }', variables: { i: { threadIds: [2147483647] } } }) },
  foldReplies: { who: 'signed-in-even-if-suspended', call: () => ({ query: 'mutation($i: FoldRepliesInput!) { foldReplies(input: $i) { errors { code } } }', variables: { i: { replyId: 2147483647, folded: true } } }) },
  // Drafts kept on the server (apps/server/src/drafts)
  saveDraft: { who: 'signed-in', call: () => ({ query: 'mutation($i: SaveDraftInput!) { saveDraft(input: $i) { errors { code } } }', variables: { i: { key: 'reply:2147483647', body: 'Matrix test', savedAt: new Date().toISOString() } } }) },
  discardDraft: { who: 'signed-in-even-if-suspended', call: () => ({ query: 'mutation($i: DiscardDraftInput!) { discardDraft(input: $i) { errors { code } } }', variables: { i: { key: 'reply:2147483647' } } }) },
  // Watching and notifications (apps/server/src/notifications)
  watch: { who: 'signed-in', call: () => ({ query: 'mutation($i: WatchInput!) { watch(input: $i) { errors { code } } }', variables: { i: { threadId: 2147483647 } } }) },
  unwatch: { who: 'signed-in', call: () => ({ query: 'mutation($i: WatchInput!) { unwatch(input: $i) { errors { code } } }', variables: { i: { threadId: 2147483647 } } }) },
  markNotificationRead: { who: 'signed-in', call: () => ({ query: 'mutation($i: MarkNotificationReadInput!) { markNotificationRead(input: $i) { errors { code } } }', variables: { i: { notificationId: '9223372036854775807' } } }) },
  markAllNotificationsRead: { who: 'signed-in', call: () => ({ query: 'mutation { markAllNotificationsRead { errors { code } } }' }) },
  updateNotificationSettings: { who: 'signed-in', call: () => ({ query: 'mutation($i: UpdateNotificationSettingsInput!) { updateNotificationSettings(input: $i) { errors { code } } }', variables: { i: { autoWatch: true } } }) },
  // Invitations, site settings and first run (apps/server/src/accounts/invitations.*, first-run.*, apps/server/src/site)
  invitePeople: { who: 'admin', call: () => ({ query: 'mutation($i: InvitePeopleInput!) { invitePeople(input: $i) { errors { code } } }', variables: { i: { emails: 'matrix@example.test', role: 'Participant' } } }) },
  cancelInvitation: { who: 'admin', call: () => ({ query: 'mutation($i: CancelInvitationInput!) { cancelInvitation(input: $i) { errors { code } } }', variables: { i: { id: 'no-such-invitation' } } }) },
  updateSiteSettings: { who: 'admin', call: () => ({ query: 'mutation($i: UpdateSiteSettingsInput!) { updateSiteSettings(input: $i) { errors { code } } }', variables: { i: { name: 'Commonplace', private: false } } }) },
  setUpSite: { who: 'anyone', call: () => ({ query: 'mutation($i: SetUpSiteInput!) { setUpSite(input: $i) { errors { code } } }', variables: { i: { token: 'not-a-token', siteName: 'Matrix', private: false, username: 'matrix-admin', password: 'a long unusual passphrase' } } }) },
  // Personal data (apps/server/src/accounts/personal-data.service.ts); a wrong password, so nothing is deleted here.
  deleteAccount: { who: 'signed-in-even-if-suspended', call: () => ({ query: 'mutation($i: DeleteAccountInput!) { deleteAccount(input: $i) { deleted errors { code } } }', variables: { i: { password: 'not the password' } } }) },
  restoreUser: { who: 'admin', call: (target) => ({ query: 'mutation($i: RestoreUserInput!) { restoreUser(input: $i) { errors { code } } }', variables: { i: { username: target } } }) },
};

const ALLOWED: Record<Who, Persona[]> = {
  anyone: PERSONAS,
  'signed-in': ['participant', 'moderator', 'admin'],
  'signed-in-even-if-suspended': ['participant', 'suspended', 'moderator', 'admin'],
  moderator: ['moderator', 'admin'],
  admin: ['admin'],
};

const REFUSAL: Record<Persona, string> = {
  anonymous: 'UNAUTHENTICATED',
  participant: 'FORBIDDEN',
  suspended: 'ACCOUNT_SUSPENDED',
  moderator: 'FORBIDDEN',
  admin: 'FORBIDDEN',
};

describe('the authorisation matrix: every mutation as every kind of person', () => {
  let t: TestApp;
  beforeAll(async () => {
    process.env.RATE_LIMITS = 'off'; // this test is about who, not how often
    t = await createTestApp();
  });
  afterAll(async () => {
    delete process.env.RATE_LIMITS;
    await t.close();
  });

  it('has a rule here, and a row in the README, for every mutation in the schema', async () => {
    const mutations = Object.keys(t.app.get(GraphQLSchemaHost).schema.getMutationType()!.getFields()).sort();
    expect(mutations).toEqual(Object.keys(MATRIX).sort());
    const readme = readFileSync(path.resolve(__dirname, '../../../../README.md'), 'utf8');
    for (const mutation of mutations) expect(readme).toContain(`| \`${mutation}\` |`);
  });

  for (const [mutation, rule] of Object.entries(MATRIX)) {
    it(`${mutation} sent from another site is refused, even by an administrator, and changes nothing`, async () => {
      const admin = await signedIn(t, 'admin');
      const target = (await signedIn(t, 'participant')).username;
      const { query, variables } = rule.call(target);
      const before = await t.dataSource.query('SELECT count(*) AS users, (SELECT count(*) FROM sessions) AS sessions FROM users');
      const response = await fetch(`${t.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://attacker.example', cookie: admin.cookie },
        body: JSON.stringify({ query, variables }),
      });
      expect(response.status).toBe(403);
      expect(await t.dataSource.query('SELECT count(*) AS users, (SELECT count(*) FROM sessions) AS sessions FROM users')).toEqual(before);
    });

    for (const persona of PERSONAS) {
      const allowed = ALLOWED[rule.who].includes(persona);
      it(`${mutation} is ${allowed ? 'allowed' : 'refused'} for ${persona === 'anonymous' ? 'an anonymous reader' : `a ${persona}`}`, async () => {
        const actor = persona === 'anonymous' ? null : await signedIn(t, persona);
        const target = (await signedIn(t, 'participant')).username;
        const { query, variables, files } = rule.call(target);
        const response = files ? await t.driver.as(actor).upload(query, variables ?? {}, files) : await t.driver.as(actor).query(query, variables);
        const codes = (response.errors ?? []).map((error) => error.extensions?.code);
        if (allowed) {
          expect(response.errors).toBeUndefined();
          expect(response.data?.[mutation]).toBeDefined();
        } else {
          expect(codes).toEqual([REFUSAL[persona]]);
          expect(response.data?.[mutation] ?? null).toBeNull();
        }
      });
    }
  }

  it('answers the MediaWiki import’s progress to administrators alone (the upload itself is a form: mediawiki-import-page.spec.ts)', async () => {
    const query = 'query { mediawikiImport { state pagesDone } }';
    for (const persona of PERSONAS) {
      const response = await t.driver.as(persona === 'anonymous' ? null : await signedIn(t, persona)).query(query);
      if (persona === 'admin') expect(response.errors).toBeUndefined();
      else expect(response.errors?.map((error) => error.extensions?.code)).toEqual([REFUSAL[persona]]);
    }
  });

  it('answers the account queries (set-up under way, signed-in browsers, two-step status) to the person alone, and asks anonymous readers to sign in', async () => {
    const QUERIES = ['query { twoStepSetup { secret } }', 'query { viewerSessions { browser } }'];
    for (const query of QUERIES) {
      const anonymous = await t.driver.as(null).query(query);
      expect(anonymous.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      for (const persona of ['participant', 'suspended', 'moderator', 'admin'] as const) {
        const answer = await t.driver.as(await signedIn(t, persona)).query(query);
        expect(answer.errors).toBeUndefined();
      }
    }
    const target = await signedIn(t, 'participant');
    await t.dataSource.query('UPDATE users SET two_step_enabled_at = now() WHERE id = $1', [target.id]);
    const STATUS = 'query ($u: String!) { user(username: $u) { twoStepEnabled recoveryCodesLeft mustSetUpTwoStep } }';
    const read = async (cookie: string | null) => (await t.driver.as(cookie ? { cookie } : null).data<{ user: Record<string, unknown> }>(STATUS, { u: target.username })).user;
    expect(await read(null)).toEqual({ twoStepEnabled: null, recoveryCodesLeft: null, mustSetUpTwoStep: null });
    expect(await read((await signedIn(t, 'participant')).cookie)).toEqual({ twoStepEnabled: null, recoveryCodesLeft: null, mustSetUpTwoStep: null });
    expect(await read((await signedIn(t, 'moderator')).cookie)).toEqual({ twoStepEnabled: null, recoveryCodesLeft: null, mustSetUpTwoStep: null });
    expect(await read((await signedIn(t, 'admin')).cookie)).toEqual({ twoStepEnabled: true, recoveryCodesLeft: null, mustSetUpTwoStep: null });
    expect(await read(target.cookie)).toEqual({ twoStepEnabled: true, recoveryCodesLeft: 0, mustSetUpTwoStep: false });
  });

  it("shows whether someone is suspended, and why, only to them, moderators and administrators; a suspended administrator or moderator gets nothing private", async () => {
    const target = await signedIn(t, 'suspended');
    const suspendedAdmin = await signedIn(t, 'admin');
    const suspendedModerator = await signedIn(t, 'moderator');
    await t.dataSource.query('UPDATE users SET suspended_at = now(), suspended_reason = $2 WHERE id = ANY($1)', [[suspendedAdmin.id, suspendedModerator.id], 'Testing suspension']);
    const PRIVATE = 'query ($u: String!) { user(username: $u) { suspended suspendedReason hasPassword } }';
    const read = async (cookie: string | null) => {
      const response = await t.driver.as(cookie ? { cookie } : null).query<{ user: Record<string, unknown> }>(PRIVATE, { u: target.username });
      expect(response.errors).toBeUndefined();
      return response.data!.user;
    };
    const nothing = { suspended: null, suspendedReason: null, hasPassword: null };
    expect(await read(null)).toEqual(nothing);
    expect(await read((await signedIn(t, 'participant')).cookie)).toEqual(nothing);
    expect(await read(target.cookie)).toEqual({ suspended: true, suspendedReason: 'Testing suspension', hasPassword: false });
    expect(await read((await signedIn(t, 'moderator')).cookie)).toEqual({ suspended: true, suspendedReason: null, hasPassword: null });
    expect(await read((await signedIn(t, 'admin')).cookie)).toEqual({ suspended: true, suspendedReason: 'Testing suspension', hasPassword: false });
    expect(await read(suspendedModerator.cookie)).toEqual(nothing);
    expect(await read(suspendedAdmin.cookie)).toEqual(nothing);

    // Their own account stays theirs to read; administrators' and moderators' queries are refused.
    const own = await t.driver.as(suspendedAdmin).query<{ viewer: Record<string, unknown> }>('query { viewer { suspended suspendedReason } }');
    expect(own.data!.viewer).toEqual({ suspended: true, suspendedReason: 'Testing suspension' });
    for (const [cookie, query] of [[suspendedAdmin.cookie, 'query { users { totalCount } }'], [suspendedModerator.cookie, 'query { moderationQueue { excerpt } }'], [suspendedAdmin.cookie, 'query { moderationQueue { excerpt } }']]) {
      const refused = await t.driver.as({ cookie }).query(query);
      expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['ACCOUNT_SUSPENDED']);
    }
  });

  it('suggests people to mention (peopleToMention) only to those signed in and not suspended', async () => {
    const QUERY = 'query { peopleToMention(prefix: "p", first: 8) { username } }';
    for (const persona of PERSONAS) {
      const actor = persona === 'anonymous' ? null : await signedIn(t, persona);
      const response = await t.driver.as(actor).query<{ peopleToMention: unknown[] }>(QUERY);
      if (ALLOWED['signed-in'].includes(persona)) {
        expect(response.errors).toBeUndefined();
        expect(Array.isArray(response.data!.peopleToMention)).toBe(true);
      } else {
        expect(response.errors?.map((error) => error.extensions?.code)).toEqual([REFUSAL[persona]]);
      }
    }
  });

  it('answers unread counts for a thread list (viewerUnreadCounts) to anyone: everyone signed in, suspended or not, their own; people signed out none', async () => {
    const QUERY = 'query { viewerUnreadCounts(threadIds: [1, 2147483647]) { threadId unreadCount } }';
    for (const persona of PERSONAS) {
      const actor = persona === 'anonymous' ? null : await signedIn(t, persona);
      const response = await t.driver.as(actor).query<{ viewerUnreadCounts: { threadId: number }[] }>(QUERY);
      expect(response.errors).toBeUndefined();
      expect(response.data!.viewerUnreadCounts.map((each) => each.threadId)).toEqual(actor ? [1, 2147483647] : []);
    }
  });

  it('gives everyone signed in, suspended or not, their own personal data (viewerPersonalData) and no one else anything', async () => {
    const QUERY = 'query { viewerPersonalData }';
    for (const persona of PERSONAS) {
      const actor = persona === 'anonymous' ? null : await signedIn(t, persona);
      const response = await t.driver.as(actor).query<{ viewerPersonalData: string }>(QUERY);
      if (!actor) {
        expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
        continue;
      }
      expect(response.errors).toBeUndefined();
      expect(JSON.parse(response.data!.viewerPersonalData).account.username).toBe(actor.username);
    }
  });
});
