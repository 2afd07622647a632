import type { TadaDocumentNode } from 'gql.tada';
import { redirect, type AppLoadContext } from 'react-router';
import { isPeopleIntent, type PeopleIntent, peoplePath } from './components/admin/people-forms';
import { type FormError, ROLES, roleName } from './forms';
import { field, formMutation, type FormMutation, keep, type MutationPayload, problem } from './forms.server';
import { graphql, type ResultOf } from './graphql';
import { forbidden, query, signInPath } from './load-context';

/**
 * The People page's forms (/admin/users), one entry per `intent` a row's forms send: the mutation,
 * its input from the form's fields, and what the page says once it shows the result.
 */

const VIEWER = graphql(`
  query AdminViewer { viewer { username role } }
`);

export const PEOPLE = graphql(`
  query People($after: String) {
    users(after: $after) {
      totalCount
      edges { node { id username displayName role suspended suspendedReason createdAt hasPassword twoStepEnabled } }
      pageInfo { hasNextPage hasPreviousPage endCursor }
    }
  }
`);

export type Person = ResultOf<typeof PEOPLE>['users']['edges'][number]['node'];

const CHANGE_USER_ROLE = graphql(`
  mutation ChangeUserRole($input: ChangeUserRoleInput!) { changeUserRole(input: $input) { user { username } errors { field message code } } }
`);
const SUSPEND_USER = graphql(`
  mutation SuspendUser($input: SuspendUserInput!) { suspendUser(input: $input) { user { username } errors { field message code } } }
`);
const RESTORE_USER = graphql(`
  mutation RestoreUser($input: RestoreUserInput!) { restoreUser(input: $input) { user { username } errors { field message code } } }
`);
const SET_USER_PASSWORD = graphql(`
  mutation SetUserPassword($input: SetUserPasswordInput!) { setUserPassword(input: $input) { user { username } errors { field message code } } }
`);

const RESET_TWO_STEP = graphql(`
  mutation ResetTwoStep($input: ResetTwoStepInput!) { resetTwoStep(input: $input) { errors { field message code } } }
`);

/** Only administrators: anyone signed out is sent to sign in, anyone else gets "You cannot do this". */
export async function requireAdmin(request: Request, context: AppLoadContext) {
  const { viewer } = await query(context, VIEWER, {}, { cacheable: false, request });
  if (!viewer) throw redirect(signInPath(request), 303);
  if (viewer.role !== 'Admin') throw forbidden();
  return viewer;
}

interface Entry<Payload extends MutationPayload, Input> {
  document: TadaDocumentNode<{ [name: string]: Payload | null }, { input: Input }>;
  /** The mutation's input from the form's fields, or what is wrong with them. */
  read: (form: FormData, username: string) => { input: Input } | FormError;
  /** What the page says once it shows the person changed (`who` is "Name (username)"), or null if the change did not hold. */
  said: (who: string, person: Person) => string | null;
}

interface PeopleEntry {
  said: Entry<MutationPayload, unknown>['said'];
  run(context: AppLoadContext, request: Request, form: FormData, username: string): Promise<FormMutation<MutationPayload>>;
}

function intent<Payload extends MutationPayload, Input>({ document, read, said }: Entry<Payload, Input>): PeopleEntry {
  return {
    said,
    async run(context, request, form, username) {
      const sent = read(form, username);
      if (!('input' in sent)) return { ok: false, payload: null, errors: [sent], retryAfterSeconds: null };
      return formMutation(context, request, document, { input: sent.input });
    },
  };
}

export const PEOPLE_INTENTS: Record<PeopleIntent, PeopleEntry> = {
  changeRole: intent({
    document: CHANGE_USER_ROLE,
    read: (form, username) => {
      const role = ROLES.find((role) => role === field(form, 'role'));
      return role ? { input: { username, role } } : { field: 'role', message: 'Choose a role' };
    },
    said: (who, person) => `${who} is now ${person.role === 'Admin' ? 'an' : 'a'} ${roleName(person.role).toLowerCase()}.`,
  }),
  suspend: intent({
    document: SUSPEND_USER,
    read: (form, username) => ({ input: { username, reason: field(form, 'reason') } }),
    said: (who, person) => (person.suspended ? `${who} is suspended. They can still read everything, but cannot post or edit.` : null),
  }),
  restore: intent({
    document: RESTORE_USER,
    read: (_form, username) => ({ input: { username } }),
    said: (who, person) => (person.suspended ? null : `${who} is restored. They can post and edit again.`),
  }),
  setPassword: intent({
    document: SET_USER_PASSWORD,
    read: (form, username) => ({ input: { username, newPassword: field(form, 'newPassword') } }),
    said: (who) => `${who} has a new password. Give it to them in a safe way: they can change it once signed in.`,
  }),
  resetTwoStep: intent({
    document: RESET_TWO_STEP,
    read: (form, username) => ({ input: { username, reason: field(form, 'reason') } }),
    said: (who, person) => (person.twoStepEnabled ? null : `${who} can now sign in with their password alone, and set up two-step sign-in again.`),
  }),
};

/** The People page's action: the intent's mutation for the row's person, then back to the page saying what was done. */
export async function peopleAction(context: AppLoadContext, request: Request, form: FormData) {
  const intent = field(form, 'intent');
  const username = field(form, 'username');
  // Never the new password: it is not sent back.
  const values = keep(form, ['intent', 'username', 'role', 'reason']);
  if (!isPeopleIntent(intent) || username === '') {
    return problem([{ field: null, message: 'Choose what to change, using the buttons in the table' }], values);
  }
  const { errors } = await PEOPLE_INTENTS[intent].run(context, request, form, username);
  if (errors.length > 0) return problem(errors, values);
  // Back to the page of the list the row is on (its form posts to that page's address).
  const after = new URL(request.url).searchParams.get('after');
  return redirect(`${peoplePath(after)}${after ? '&' : '?'}done=${intent}&username=${encodeURIComponent(username)}`, 303);
}

/** What the last change did, said once the page shows the result (after post/redirect/get). */
export function peopleConfirmation(done: string | null, username: string | null, users: readonly Person[]): string | null {
  const person = users.find((user) => user.username === username);
  const intent = done ?? '';
  if (!person || !isPeopleIntent(intent)) return null;
  return PEOPLE_INTENTS[intent].said(`${person.displayName} (${person.username})`, person);
}
