import { Form, redirect } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { DateTime } from '../components/DateTime';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { TextInput } from '../components/TextInput';
import { PersonName } from '../components/UserLink';
import { errorFor, type FormError, formTitle, ROLES, roleName, summaryItems } from '../forms';
import { field, formMutation, keep, problem, readForm } from '../forms.server';
import { forbidden, query, signInPath } from '../load-context';
import type { Route } from './+types/admin-users';
import { graphql, type ResultOf } from '../graphql';

const VIEWER = graphql(`
  query AdminViewer { viewer { username role } }
`);

const PEOPLE = graphql(`
  query People {
    users { id username displayName role suspended suspendedReason createdAt hasPassword }
  }
`);

type Person = ResultOf<typeof PEOPLE>['users'][number];

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

const INTENT_NAMES = ['changeRole', 'suspend', 'restore', 'setPassword'] as const;

type Intent = (typeof INTENT_NAMES)[number];

const isIntent = (value: string | undefined): value is Intent => value !== undefined && (INTENT_NAMES as readonly string[]).includes(value);

/** Only administrators: anyone signed out is sent to sign in, anyone else gets "You cannot do this". */
async function requireAdmin(request: Request, context: Route.LoaderArgs['context']) {
  const { viewer } = await query(context, VIEWER, {}, { cacheable: false, request });
  if (!viewer) throw redirect(signInPath(request), 303);
  if (viewer.role !== 'Admin') throw forbidden();
  return viewer;
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const viewer = await requireAdmin(request, context);
  const { users } = await query(context, PEOPLE, {}, { cacheable: false, request });
  const search = new URL(request.url).searchParams;
  const done = search.get('done') ?? '';
  const person = users.find((user) => user.username === search.get('username'));
  return { viewer, users, confirmation: person && isIntent(done) ? confirmation(done, person) : null, loadId: crypto.randomUUID() };
}

/** What the last change did, said once the page shows the result (after post/redirect/get). */
function confirmation(intent: Intent, person: Person): string | null {
  const who = `${person.displayName} (${person.username})`;
  switch (intent) {
    case 'changeRole':
      return `${who} is now ${person.role === 'Admin' ? 'an' : 'a'} ${roleName(person.role).toLowerCase()}.`;
    case 'suspend':
      return person.suspended ? `${who} is suspended. They can still read everything, but cannot post or edit.` : null;
    case 'restore':
      return person.suspended ? null : `${who} is restored. They can post and edit again.`;
    case 'setPassword':
      return `${who} has a new password. Give it to them in a safe way: they can change it once signed in.`;
  }
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  await requireAdmin(request, context);
  const intent = field(form, 'intent');
  const username = field(form, 'username');
  const values = keep(form, ['intent', 'username', 'role', 'reason']);
  if (!isIntent(intent) || username === '') {
    return problem([{ field: null, message: 'Choose what to change, using the buttons in the table' }], values);
  }
  // Each row's forms send `intent`; each intent is one mutation, with the form's fields as its input.
  const act = {
    changeRole: () => {
      const role = ROLES.find((role) => role === field(form, 'role'));
      if (!role) return Promise.resolve({ errors: [{ field: 'role', message: 'Choose a role' }] });
      return formMutation(context, request, CHANGE_USER_ROLE, { input: { username, role } });
    },
    suspend: () => formMutation(context, request, SUSPEND_USER, { input: { username, reason: field(form, 'reason') } }),
    restore: () => formMutation(context, request, RESTORE_USER, { input: { username } }),
    setPassword: () => formMutation(context, request, SET_USER_PASSWORD, { input: { username, newPassword: field(form, 'newPassword') } }),
  } satisfies Record<Intent, () => Promise<{ errors: FormError[] }>>;
  const { errors } = await act[intent]();
  if (errors.length > 0) return problem(errors, values);
  return redirect(`/admin/users?done=${intent}&username=${encodeURIComponent(username)}`, 303);
}

/** Ids of a row's controls: the error summary links to them. */
function ids(username: string) {
  return {
    role: `role-${username}`,
    reason: `reason-${username}`,
    restore: `restore-${username}`,
    newPassword: `new-password-${username}`,
  };
}

/** Which field each error of an intent is shown at, in the row it is about. */
function fieldIdsFor(intent: Intent, username: string): Record<string, string> {
  const row = ids(username);
  switch (intent) {
    case 'changeRole':
      return { role: row.role, username: row.role };
    case 'suspend':
      return { reason: row.reason, username: row.reason };
    case 'restore':
      return { username: row.restore };
    case 'setPassword':
      return { newPassword: row.newPassword, username: row.newPassword };
  }
}

export default function People({ loaderData, actionData }: Route.ComponentProps) {
  const { viewer, users, confirmation, loadId } = loaderData;
  const answer = actionData;
  const errors = answer?.errors;
  const values = answer?.values ?? {};
  const failed = answer && isIntent(values.intent) ? { intent: values.intent, username: values.username } : null;
  const items = failed ? summaryItems(errors, fieldIdsFor(failed.intent, failed.username)) : summaryItems(errors, { form: 'people-heading' });
  const rowErrors = (intent: Intent, username: string): FormError[] | undefined =>
    failed && failed.intent === intent && failed.username === username ? errors : undefined;

  return (
    <>
      <title>{formTitle('People', Boolean(errors?.length))}</title>
      <ErrorSummary items={items} focusKey={answer?.submission} />
      {confirmation && !answer ? (
        <NotificationBanner id="people-changed" title="Success" success>
          <p className="notification-banner__heading">{confirmation}</p>
        </NotificationBanner>
      ) : null}
      <h1 id="people-heading" tabIndex={-1}>
        People
      </h1>
      <p>Everyone with an account. Changes take effect at once, including for anyone signed in now.</p>
      <div className="people" key={`${loadId}-${answer?.submission ?? ''}`}>
        <table className="table people-table">
          <caption>{users.length === 1 ? '1 person' : `${users.length} people`}</caption>
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Role</th>
              <th scope="col">Account</th>
              <th scope="col">Password</th>
            </tr>
          </thead>
          <tbody>
            {users.map((person) => {
              const row = ids(person.username);
              const roleErrors = rowErrors('changeRole', person.username);
              const suspendErrors = rowErrors('suspend', person.username);
              const restoreErrors = rowErrors('restore', person.username);
              const passwordErrors = rowErrors('setPassword', person.username);
              const roleError = errorFor(roleErrors, 'role') ?? errorFor(roleErrors, 'username', 'username');
              const restoreError = errorFor(restoreErrors, 'username', 'username');
              return (
                <tr key={person.id}>
                  <th scope="row" className="people-table__person">
                    <PersonName person={person} />
                    {person.username === viewer.username ? ' (you)' : null}
                    <span className="people-table__detail">{person.username}</span>
                    <span className="people-table__detail">
                      Joined <DateTime iso={person.createdAt} dateOnly />
                    </span>
                  </th>
                  <td data-label="Role">
                    <Form method="post" action="/admin/users" noValidate className={`form-group${roleError ? ' form-group--error' : ''}`}>
                      <CsrfField />
                      <input type="hidden" name="intent" value="changeRole" />
                      <input type="hidden" name="username" value={person.username} />
                      <label className="visually-hidden" htmlFor={row.role}>
                        Role for {person.username}
                      </label>
                      {roleError ? (
                        <p className="error-message" id={`${row.role}-error`}>
                          <span className="visually-hidden">Error:</span> {roleError}
                        </p>
                      ) : null}
                      <select
                        className={`select${roleError ? ' select--error' : ''}`}
                        id={row.role}
                        name="role"
                        defaultValue={roleErrors ? values.role || person.role : person.role}
                        aria-describedby={roleError ? `${row.role}-error` : undefined}
                        aria-invalid={roleError ? true : undefined}
                      >
                        {ROLES.map((role) => (
                          <option key={role} value={role}>
                            {roleName(role)}
                          </option>
                        ))}
                      </select>
                      <button type="submit" className="button button--secondary button--small">
                        Change role<span className="visually-hidden"> for {person.username}</span>
                      </button>
                    </Form>
                  </td>
                  <td data-label="Account">
                    {person.suspended ? (
                      <Form method="post" action="/admin/users" noValidate className={`form-group${restoreError ? ' form-group--error' : ''}`}>
                        <CsrfField />
                        <input type="hidden" name="intent" value="restore" />
                        <input type="hidden" name="username" value={person.username} />
                        <p className="people-table__status">
                          <strong>Suspended:</strong> {person.suspendedReason ?? 'no reason recorded'}
                        </p>
                        {restoreError ? (
                          <p className="error-message" id={`${row.restore}-error`}>
                            <span className="visually-hidden">Error:</span> {restoreError}
                          </p>
                        ) : null}
                        <button
                          type="submit"
                          id={row.restore}
                          className="button button--secondary button--small"
                          aria-describedby={restoreError ? `${row.restore}-error` : undefined}
                        >
                          Restore<span className="visually-hidden"> {person.username}</span>
                        </button>
                      </Form>
                    ) : (
                      <Form method="post" action="/admin/users" noValidate>
                        <CsrfField />
                        <input type="hidden" name="intent" value="suspend" />
                        <input type="hidden" name="username" value={person.username} />
                        <p className="people-table__status">Active</p>
                        <TextInput
                          id={row.reason}
                          name="reason"
                          label={
                            <>
                              Reason<span className="visually-hidden"> for suspending {person.username}</span>
                            </>
                          }
                          hint="They will see it."
                          required
                          defaultValue={suspendErrors ? values.reason : undefined}
                          error={errorFor(suspendErrors, 'reason') ?? errorFor(suspendErrors, 'username', 'username')}
                          width="full"
                        />
                        <button type="submit" className="button button--warning button--small">
                          Suspend<span className="visually-hidden"> {person.username}</span>
                        </button>
                      </Form>
                    )}
                  </td>
                  <td data-label="Password">
                    <Form method="post" action="/admin/users" noValidate>
                      <CsrfField />
                      <input type="hidden" name="intent" value="setPassword" />
                      <input type="hidden" name="username" value={person.username} />
                      <p className="people-table__status">{person.hasPassword ? 'Has a password' : 'No password yet: cannot sign in'}</p>
                      <TextInput
                        id={row.newPassword}
                        name="newPassword"
                        label={
                          <>
                            New password<span className="visually-hidden"> for {person.username}</span>
                          </>
                        }
                        type="password"
                        autoComplete="new-password"
                        error={errorFor(passwordErrors, 'newPassword') ?? errorFor(passwordErrors, 'username', 'username')}
                        width="full"
                      />
                      <button type="submit" className="button button--secondary button--small">
                        Set password<span className="visually-hidden"> for {person.username}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
